import { TableColumn } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { RevisionSummary } from '@paved/plugin-paved-common';
import {
  describeObjects,
  describeSource,
  environmentKey,
  relativeTime,
} from './format';

/** One line of the revisions table: a revision, and whether it is its environment's newest. */
export interface RevisionRow {
  revision: RevisionSummary;
  newest: boolean;
  /** Picked for comparing. */
  picked: boolean;
  /** Whether it may be picked for comparing (it is of the environment already picked, or none is). */
  pickable: boolean;
}

/** What the card does when a line's control is used. */
export interface RevisionRowActions {
  onPick: (revision: RevisionSummary) => void;
  onDiff: (revision: RevisionSummary) => void;
  onRollback: (revision: RevisionSummary) => void;
}

/** The revisions of an entity as table lines, newest first, each knowing whether it is its environment's newest. */
export function revisionRows(
  revisions: RevisionSummary[],
  picked: RevisionSummary[],
): RevisionRow[] {
  const sorted = [...revisions].sort(
    (a, b) => b.at.localeCompare(a.at) || b.revision - a.revision,
  );
  const newest = new Map<string, number>();
  for (const r of sorted) {
    const key = environmentKey(r);
    newest.set(key, Math.max(newest.get(key) ?? 0, r.revision));
  }
  const pickedEnvironment = picked[0] && environmentKey(picked[0]);
  return sorted.map(revision => ({
    revision,
    newest: newest.get(environmentKey(revision)) === revision.revision,
    picked: picked.some(
      p =>
        environmentKey(p) === environmentKey(revision) &&
        p.revision === revision.revision,
    ),
    pickable:
      !pickedEnvironment || pickedEnvironment === environmentKey(revision),
  }));
}

/** The revisions table's columns. */
export function revisionColumns(
  actions: RevisionRowActions,
): TableColumn<RevisionRow>[] {
  return [
    {
      // no title: a sortable header is a button, and `Compare` is the card's button
      title: '',
      width: '1%',
      sorting: false,
      render: ({ revision: r, picked, pickable }) => (
        <Checkbox
          size="small"
          checked={picked}
          disabled={!pickable}
          onChange={() => actions.onPick(r)}
          inputProps={{
            'aria-label': `Pick #${r.revision} of ${r.namespace} to compare`,
          }}
        />
      ),
    },
    { title: 'Revision', render: ({ revision: r }) => `#${r.revision}` },
    {
      title: 'Environment',
      render: ({ revision: r }) => (
        <>
          <Typography variant="body2">{r.namespace}</Typography>
          <Typography variant="caption" color="textSecondary">
            {r.cluster}
          </Typography>
        </>
      ),
    },
    {
      title: 'When',
      render: ({ revision: r }) => (
        <span title={r.at}>{relativeTime(r.at)}</span>
      ),
    },
    { title: 'Who', render: ({ revision: r }) => r.actor },
    { title: 'Source', render: ({ revision: r }) => describeSource(r.source) },
    {
      title: 'Outcome',
      render: ({ revision: r }) => (
        <Tooltip title={r.message ?? ''}>
          <Chip
            size="small"
            label={r.outcome}
            color={r.outcome === 'failed' ? 'secondary' : 'default'}
            variant={r.outcome === 'failed' ? 'default' : 'outlined'}
          />
        </Tooltip>
      ),
    },
    {
      title: 'Objects',
      render: ({ revision: r }) => describeObjects(r.objects),
    },
    {
      title: 'Actions',
      sorting: false,
      render: ({ revision: r, newest }) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button size="small" onClick={() => actions.onDiff(r)}>
            Diff
          </Button>
          {!newest && (
            <Button
              size="small"
              color="primary"
              onClick={() => actions.onRollback(r)}
            >
              Roll back
            </Button>
          )}
        </span>
      ),
    },
  ];
}
