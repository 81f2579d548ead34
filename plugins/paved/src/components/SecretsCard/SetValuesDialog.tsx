import { useState } from 'react';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import {
  EnvironmentSecretsView,
  SecretWriteResult,
} from '@paved/plugin-paved-common';
import { useSetSecretValues } from '../../hooks/useSetSecretValues';
import { KeyValueRows, ValueRow, rowsProblem } from './KeyValueRows';
import { DialogButtons } from './DialogButtons';

/** What the dialog sets: keys of an existing Secret, or a new Secret (no `secret`). */
export interface ValuesTarget {
  env: EnvironmentSecretsView;
  /** The Secret; absent for a new one, whose name the dialog asks for. */
  secret?: string;
  /** Keys to set; empty for a key the user names. */
  keys: string[];
}

/** What the backend did, in the words the card shows. */
export function writeOutcome(result: SecretWriteResult): string {
  if (result.outcome === 'requested') {
    const id = result.approvalId ? ` ${result.approvalId}` : '';
    return `Change request${id} sent to the team's leads; keys only, the approving lead enters the values`;
  }
  return 'Saved — the value is write-only and cannot be shown';
}

const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Sets keys of a Secret write-only: a password field per key whose value goes to the backend once and is
 * dropped from the form as soon as the backend answers. In a protected environment the change becomes a
 * request a team lead approves (entering the values again).
 */
export const SetValuesDialog = (props: {
  target: ValuesTarget;
  entityRef?: string;
  onClose: () => void;
  /** Called after a successful write, so the card can reload. */
  onSaved: () => void;
}) => {
  const { target, entityRef, onClose, onSaved } = props;
  const { env } = target;
  const requesting = env.access === 'request';
  const [name, setName] = useState(target.secret ?? '');
  const [rows, setRows] = useState<ValueRow[]>(
    (target.keys.length ? target.keys : ['']).map(key => ({ key, value: '' })),
  );
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const [{ loading, error, value: result }, setValues] = useSetSecretValues();

  const submit = async () => {
    const why =
      (SECRET_NAME.test(name)
        ? undefined
        : 'Name the Secret: lowercase letters, digits, "-" and ".", e.g. orders-db') ??
      rowsProblem(rows);
    setProblem(why);
    if (why) return;
    const values = Object.fromEntries(rows.map(r => [r.key, r.value]));
    const done = await setValues(
      { cluster: env.cluster, namespace: env.namespace, secret: name },
      {
        values,
        ...(requesting && note ? { note } : {}),
        ...(entityRef ? { entityRef } : {}),
      },
    ).catch(() => undefined);
    if (done) {
      setRows(current => current.map(r => ({ ...r, value: '' })));
      onSaved();
    }
  };

  const what = target.secret
    ? `${target.secret} in ${env.namespace}`
    : `a new secret in ${env.namespace}`;
  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="paved-secret-values-title"
    >
      <DialogTitle id="paved-secret-values-title">
        {requesting ? 'Request change' : 'Set value'}: {what}
      </DialogTitle>
      <DialogContent>
        {result ? (
          <Alert severity="success" role="status">
            {writeOutcome(result)}
            {result.keys.length > 0 && ` (keys: ${result.keys.join(', ')})`}
          </Alert>
        ) : (
          <>
            <Typography variant="body2" paragraph>
              Values are write-only: they go to the cluster
              {env.store === 'vault' ? ' (through the secret manager)' : ''} and
              are never shown again, logged or stored by Paved.
              {requesting &&
                ` ${env.namespace} is protected: this sends a change request with the keys only; the approving team lead enters the values.`}
            </Typography>
            {!target.secret && (
              <TextField
                id="paved-secret-name"
                label="Secret name"
                value={name}
                onChange={e => setName(e.target.value.trim())}
                fullWidth
                margin="dense"
                required
              />
            )}
            <KeyValueRows
              rows={rows}
              fixedKeys={target.keys.length > 0}
              onChange={setRows}
            />
            {requesting && (
              <TextField
                id="paved-secret-note"
                label="Note for the approving lead"
                value={note}
                onChange={e => setNote(e.target.value)}
                fullWidth
                margin="dense"
                inputProps={{ maxLength: 500 }}
              />
            )}
            {(problem || error) && (
              <Alert severity="error">{problem ?? error?.message}</Alert>
            )}
          </>
        )}
      </DialogContent>
      <DialogButtons
        done={!!result}
        loading={loading}
        label={requesting ? 'Request change' : 'Save'}
        onClose={onClose}
        onSubmit={submit}
      />
    </Dialog>
  );
};
