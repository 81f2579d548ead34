import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { RollbackResult } from '@paved/plugin-paved-common';

/** A list of names after a label, or nothing when it is empty: `; removed: Deployment x, ConfigMap y`. */
function part(label: string, names: string[]): string {
  return names.length ? `; ${label}: ${names.join(', ')}` : '';
}

/**
 * What a rollback or re-apply did: the revision it recorded, the objects it removed and the Secrets it kept
 * (revisions hold no values), its warnings; or the change request it became.
 */
export const RollbackResultAlert = (props: {
  result: RollbackResult;
  /** The verb of the applied result: `Rolled back`, `Re-applied`. */
  verb?: string;
}) => {
  const { result, verb = 'Rolled back' } = props;
  if (result.status === 'requested') {
    return (
      <Alert severity="info" role="status">
        Change request sent to the team leads
        {result.approvalId ? ` (request ${result.approvalId})` : ''}: it runs
        when one of them approves it.
      </Alert>
    );
  }
  const failed = result.revision?.outcome === 'failed';
  const recorded = result.revision
    ? `revision #${result.revision.revision} recorded`
    : 'no revision recorded';
  let severity: 'success' | 'warning' | 'error' = 'success';
  if (failed) severity = 'error';
  else if (result.warnings.length) severity = 'warning';
  const summary = `${
    failed ? `${verb}, but it failed` : verb
  }: ${recorded}${part(
    'removed',
    result.pruned.map(o => `${o.kind} ${o.name}`),
  )}${part('removed fields', result.removedFields)}${part(
    'kept Secrets',
    result.keptSecrets,
  )}`;
  return (
    <Alert severity={severity} role="status">
      <Typography variant="body2">{summary}</Typography>
      {failed && result.revision?.message && (
        <Typography variant="body2">{result.revision.message}</Typography>
      )}
      {result.warnings.map(w => (
        <Typography variant="body2" key={w}>
          {w}
        </Typography>
      ))}
    </Alert>
  );
};
