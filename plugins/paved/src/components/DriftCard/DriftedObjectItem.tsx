import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { DriftedObject, RollbackResult } from '@paved/plugin-paved-common';
import { useRollback } from '../../hooks/useRollback';
import { describeField } from './describeField';

/**
 * One drifted object: where it is, the revision it is compared with, each differing field in words, and a
 * button that re-applies the revision (which restores the fields it sets). The card shows the result, since
 * a successful re-apply removes the object from the list.
 */
export const DriftedObjectItem = (props: {
  object: DriftedObject;
  component?: string;
  onReapplied: (result: RollbackResult) => void;
}) => {
  const { object: o, component, onReapplied } = props;
  const [{ loading, error, value: result }, rollback] = useRollback();
  const reapply = async () => {
    const done = await rollback(
      { cluster: o.cluster, namespace: o.namespace, revision: o.revision },
      component ? { component } : {},
    ).catch(() => undefined);
    if (done) onReapplied(done);
  };
  return (
    <Box
      mb={2}
      data-testid={`paved-drift-${o.namespace}-${o.kind}-${o.name}`}
      role="group"
      aria-label={`${o.kind} ${o.name} in ${o.namespace}`}
    >
      <Typography variant="subtitle2">
        {o.kind} {o.name} in {o.namespace}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {o.cluster}; compared with revision #{o.revision}
      </Typography>
      <ul style={{ margin: '4px 0' }}>
        {o.fields.map(f => (
          <li key={f.path} title={f.path}>
            <Typography variant="body2">{describeField(f)}</Typography>
          </li>
        ))}
      </ul>
      {result?.status !== 'requested' && (
        <Button
          size="small"
          variant="outlined"
          color="primary"
          disabled={loading}
          onClick={reapply}
        >
          Re-apply revision #{o.revision}
        </Button>
      )}
      {loading && (
        <Typography variant="caption" display="block">
          Re-applying and waiting for the rollout…
        </Typography>
      )}
      {error && <Alert severity="error">{error.message}</Alert>}
    </Box>
  );
};
