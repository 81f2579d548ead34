import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { EnvironmentSecretsView, SecretView } from '@paved/plugin-paved-common';
import { DenseTable } from '../DenseTable';
import { ValuesTarget } from './SetValuesDialog';
import { SecretRow, secretColumns, secretRows } from './secretColumns';

/** What the card does when a button of an environment is pressed. */
export interface EnvironmentSecretsActions {
  onSetValues: (target: ValuesTarget) => void;
  onRotation: (env: EnvironmentSecretsView, secret: SecretView) => void;
  onRotateNow: (env: EnvironmentSecretsView, secret: SecretView) => void;
  onChanged: () => void;
}

/**
 * The secrets of one environment: where they live, whether it is protected, and a line per key with its
 * status, readers, last change and rotation, with the buttons the user's access allows.
 */
export const EnvironmentSecrets = (props: {
  env: EnvironmentSecretsView;
  actions: EnvironmentSecretsActions;
}) => {
  const { env, actions } = props;
  const { namespace } = env;
  const canChange = env.access !== 'read';
  const writes = env.access === 'write';

  const secretActions = (row: SecretRow) =>
    canChange ? (
      <>
        <Button
          size="small"
          aria-label={`Add key to ${row.secret.name} in ${namespace}`}
          onClick={() =>
            actions.onSetValues({ env, secret: row.secret.name, keys: [] })
          }
        >
          Add key
        </Button>
        {writes && (
          <Button
            size="small"
            aria-label={`Rotation of ${row.secret.name} in ${namespace}`}
            onClick={() => actions.onRotation(env, row.secret)}
          >
            Rotation…
          </Button>
        )}
        {writes && row.secret.rotation && (
          <Button
            size="small"
            aria-label={`Rotate ${row.secret.name} now in ${namespace}`}
            onClick={() => actions.onRotateNow(env, row.secret)}
          >
            Rotate now
          </Button>
        )}
      </>
    ) : null;

  const keyActions = (row: SecretRow) => {
    const key = row.key?.key;
    if (!canChange || !key) return null;
    const label = writes ? 'Set value' : 'Request change';
    return (
      <Button
        size="small"
        variant="outlined"
        color="primary"
        aria-label={`${label} of ${row.secret.name}/${key} in ${namespace}`}
        onClick={() =>
          actions.onSetValues({ env, secret: row.secret.name, keys: [key] })
        }
      >
        {label}
      </Button>
    );
  };

  return (
    <Box mb={3} data-testid={`paved-secrets-${env.cluster}-${namespace}`}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Typography variant="h6">{env.environment}</Typography>
        <Typography variant="body2" color="textSecondary">
          {env.cluster}/{namespace}
        </Typography>
        {env.protected && (
          <Chip size="small" variant="outlined" label="protected" />
        )}
        <Chip size="small" variant="outlined" label={`store: ${env.store}`} />
        {env.missing > 0 && (
          <Chip
            size="small"
            variant="outlined"
            style={{ borderColor: 'currentColor', fontWeight: 600 }}
            label={`${env.missing} missing`}
          />
        )}
        {canChange && (
          <Button
            size="small"
            aria-label={`New secret in ${namespace}`}
            onClick={() => actions.onSetValues({ env, keys: [] })}
          >
            New secret
          </Button>
        )}
      </Box>
      {env.access === 'request' && (
        <Typography variant="caption" color="textSecondary">
          Protected: your changes become change requests with keys only; the
          approving team lead enters the values.
        </Typography>
      )}
      {env.access === 'read' && (
        <Typography variant="caption" color="textSecondary">
          You may see which keys exist here, but not change them.
        </Typography>
      )}
      {env.error && (
        <WarningPanel
          severity="warning"
          title={`The secrets of ${namespace} could not be read`}
          message={env.error}
        />
      )}
      {!env.error && env.secrets.length === 0 ? (
        <Typography variant="body2">
          No workload references a secret and none exists in {namespace}.
        </Typography>
      ) : (
        !env.error && (
          <DenseTable<SecretRow>
            columns={secretColumns(secretActions, keyActions)}
            data={secretRows(env)}
          />
        )
      )}
    </Box>
  );
};
