import { useState } from 'react';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import {
  EnvironmentSecretsView,
  SecretView,
  secretRotationBodySchema,
} from '@paved/plugin-paved-common';
import { useSetSecretRotation } from '../../hooks/useSetSecretRotation';
import { GeneratedKeyRows, GeneratedKeyRow } from './GeneratedKeyRows';
import { formatTime } from './format';
import { DialogButtons } from './DialogButtons';

/** The schedules offered, as ISO-8601 durations, with their names. */
export const ROTATION_CHOICES: Array<[string, string]> = [
  ['P1D', 'Every day'],
  ['P7D', 'Every 7 days'],
  ['P30D', 'Every 30 days'],
  ['P90D', 'Every 90 days'],
  ['custom', 'Other (ISO-8601 duration)'],
  ['off', 'No rotation'],
];

const PRESETS = new Set(ROTATION_CHOICES.map(([v]) => v));

/** The choice that shows a schedule: its preset, or "custom" for any other duration. */
function initialChoice(every?: string): string {
  if (!every) return 'P30D';
  return PRESETS.has(every) ? every : 'custom';
}

/** The schedule a choice stands for: none, the custom duration, or the preset. */
function everyOf(choice: string, custom: string): string | null {
  if (choice === 'off') return null;
  return choice === 'custom' ? custom : choice;
}

/**
 * The rotation schedule of a Secret's generated keys: how often (a choice or any ISO-8601 duration) and
 * which keys, with the alphabet and length of their values. Saving writes nothing yet; the next rotation
 * (or "Rotate now") generates the values.
 */
export const RotationDialog = (props: {
  env: EnvironmentSecretsView;
  secret: SecretView;
  onClose: () => void;
  onSaved: () => void;
}) => {
  const { env, secret, onClose, onSaved } = props;
  const current = secret.rotation;
  const [choice, setChoice] = useState(() => initialChoice(current?.every));
  const [custom, setCustom] = useState(current?.every ?? '');
  const [rows, setRows] = useState<GeneratedKeyRow[]>(
    current?.keys.map(k => ({ key: k.key, ...k.shape })) ??
      secret.keys
        .slice(0, 1)
        .map(k => ({ key: k.key, alphabet: 'alphanumeric', length: 32 })),
  );
  const [problem, setProblem] = useState<string>();
  const [{ loading, error, value: saved }, save] = useSetSecretRotation();

  const submit = async () => {
    const body = {
      every: everyOf(choice, custom),
      keys: rows.map(({ key, alphabet, length }) => ({
        key,
        shape: { alphabet, length },
      })),
    };
    const parsed = secretRotationBodySchema.safeParse(body);
    setProblem(parsed.success ? undefined : parsed.error.issues[0].message);
    if (!parsed.success) return;
    const done = await save(
      { cluster: env.cluster, namespace: env.namespace, secret: secret.name },
      parsed.data,
    ).catch(() => undefined);
    if (done) onSaved();
  };

  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="paved-rotation-title"
    >
      <DialogTitle id="paved-rotation-title">
        Rotation: {secret.name} in {env.namespace}
      </DialogTitle>
      <DialogContent>
        {current?.nextRotationAt && (
          <Typography variant="body2" aria-label="Next rotation">
            Next rotation: {formatTime(current.nextRotationAt)}
            {current.lastRotatedAt &&
              `; last rotated ${formatTime(current.lastRotatedAt)}`}
          </Typography>
        )}
        {saved ? (
          <Alert severity="success" role="status">
            {saved.rotation
              ? `Rotation saved: every ${saved.rotation.every}${
                  saved.rotation.nextRotationAt
                    ? `; next rotation ${formatTime(
                        saved.rotation.nextRotationAt,
                      )}`
                    : ''
                }`
              : 'Rotation stopped'}
          </Alert>
        ) : (
          <>
            <TextField
              select
              id="paved-rotation-every"
              label="Every"
              value={choice}
              onChange={e => setChoice(e.target.value)}
              SelectProps={{ native: true }}
              margin="dense"
              fullWidth
            >
              {ROTATION_CHOICES.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </TextField>
            {choice === 'custom' && (
              <TextField
                id="paved-rotation-custom"
                label="ISO-8601 duration"
                helperText="e.g. P14D (14 days), PT12H (12 hours), PT10M"
                value={custom}
                onChange={e => setCustom(e.target.value.trim())}
                margin="dense"
                fullWidth
              />
            )}
            <Typography variant="subtitle2" style={{ marginTop: 12 }}>
              Generated keys
            </Typography>
            <GeneratedKeyRows rows={rows} onChange={setRows} />
            {(problem || error) && (
              <Alert severity="error">{problem ?? error?.message}</Alert>
            )}
          </>
        )}
      </DialogContent>
      <DialogButtons
        done={!!saved}
        loading={loading}
        label="Save rotation"
        onClose={onClose}
        onSubmit={submit}
      />
    </Dialog>
  );
};
