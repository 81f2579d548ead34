import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { EnvironmentSecretsView, SecretView } from '@paved/plugin-paved-common';
import { useRotateSecret } from '../../hooks/useRotateSecret';
import { DialogButtons } from './DialogButtons';

/**
 * "Rotate now": asks for a confirmation, then generates new values for a Secret's rotated keys and
 * restarts the workloads that read them, and says which keys were rotated and which workloads restarted.
 */
export const RotateNowDialog = (props: {
  env: EnvironmentSecretsView;
  secret: SecretView;
  entityRef?: string;
  onClose: () => void;
  onRotated: () => void;
}) => {
  const { env, secret, entityRef, onClose, onRotated } = props;
  const [{ loading, error, value: result }, rotate] = useRotateSecret();
  const keys = secret.rotation?.keys.map(k => k.key) ?? [];
  const readers = [
    ...new Set(
      secret.keys
        .filter(k => keys.includes(k.key))
        .flatMap(k => k.referencedBy.map(r => r.workload)),
    ),
  ];

  const confirm = async () => {
    const done = await rotate(
      { cluster: env.cluster, namespace: env.namespace, secret: secret.name },
      entityRef,
    ).catch(() => undefined);
    if (done) onRotated();
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="paved-rotate-title">
      <DialogTitle id="paved-rotate-title">
        Rotate {secret.name} in {env.namespace} now?
      </DialogTitle>
      <DialogContent>
        {result ? (
          <Alert severity="success" role="status">
            Rotated {result.keys.join(', ') || 'no keys'};{' '}
            {result.restarted.length
              ? `restarted ${result.restarted.join(', ')}`
              : 'no workload needed a restart'}
          </Alert>
        ) : (
          <Typography variant="body2">
            New values are generated for{' '}
            {keys.join(', ') || 'its generated keys'} and the old ones stop
            working.{' '}
            {readers.length
              ? `${readers.join(', ')} restart${
                  readers.length === 1 ? 's' : ''
                } (rolling) to read them.`
              : 'No workload reads them now.'}
          </Typography>
        )}
        {error && <Alert severity="error">{error.message}</Alert>}
      </DialogContent>
      <DialogButtons
        done={!!result}
        loading={loading}
        label="Rotate"
        onClose={onClose}
        onSubmit={confirm}
      />
    </Dialog>
  );
};
