import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ChangeImpact } from '@paved/plugin-paved-common';
import { formatBudget, formatDelta } from './formatForecast';

/** A titled list of lines, or nothing when there are none. */
const Lines = (props: { title: string; lines: string[] }) =>
  props.lines.length ? (
    <>
      <Typography variant="body2">{props.title}:</Typography>
      <ul aria-label={props.title} style={{ margin: 0 }}>
        {props.lines.map(line => (
          <li key={line}>
            <Typography variant="body2">{line}</Typography>
          </li>
        ))}
      </ul>
    </>
  ) : null;

/**
 * What a requested change touches beyond its own objects — pods that restart, Services that lose or gain
 * pods, HPA / PodDisruptionBudget conflicts, traffic a NetworkPolicy cuts, the components and owners
 * affected — and its monthly cost forecast against the team's budget.
 */
export const ChangeImpactView = (props: { impact: ChangeImpact }) => {
  const { blastRadius: b, cost, notes } = props.impact;
  const lines = {
    restarts: b.restartingPods.map(
      r => `${r.workload}${r.pods.length ? `: ${r.pods.join(', ')}` : ''}`,
    ),
    services: b.services.map(
      s => `${s.name} (${s.before} → ${s.after} pods): ${s.message}`,
    ),
    conflicts: b.conflicts.map(c => `${c.kind} ${c.name}: ${c.message}`),
    cutTraffic: b.cutTraffic.map(
      t => `${t.from} → ${t.to} (${t.policy}): ${t.message}`,
    ),
  };
  const empty =
    Object.values(lines).every(l => l.length === 0) &&
    b.components.length === 0 &&
    b.owners.length === 0;
  return (
    <Box my={1} role="region" aria-label="Blast radius">
      <Typography variant="subtitle2">Blast radius</Typography>
      {empty && (
        <Typography variant="body2">
          Nothing beyond the change&apos;s own objects.
        </Typography>
      )}
      <Lines title="Restarting pods" lines={lines.restarts} />
      <Lines title="Services" lines={lines.services} />
      <Lines title="Conflicts" lines={lines.conflicts} />
      <Lines title="Cut traffic" lines={lines.cutTraffic} />
      {b.components.length > 0 && (
        <Typography variant="body2">
          Components: {b.components.join(', ')}
        </Typography>
      )}
      {b.owners.length > 0 && (
        <Typography variant="body2">Owners: {b.owners.join(', ')}</Typography>
      )}
      {cost && (
        <Box mt={1} aria-label="Cost forecast">
          <Typography variant="body2">
            Cost forecast: {formatDelta(cost)}
          </Typography>
          {cost.budget && (
            <Typography
              variant="body2"
              color={cost.budget.over ? 'error' : 'textPrimary'}
            >
              {formatBudget(cost.budget, cost.currency)}
            </Typography>
          )}
        </Box>
      )}
      {notes.map(note => (
        <Typography variant="caption" display="block" key={note}>
          {note}
        </Typography>
      ))}
    </Box>
  );
};
