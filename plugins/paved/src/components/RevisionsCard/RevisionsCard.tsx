import { useState } from 'react';
import { InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { RevisionSummary, RollbackResult } from '@paved/plugin-paved-common';
import { useEntityRevisions } from '../../hooks/useEntityRevisions';
import { DenseTable } from '../DenseTable';
import { ErrorPanel } from '../ErrorPanel';
import { RollbackDialog, useComponentId } from '../Rollback';
import { CompareDialog } from './CompareDialog';
import { RevisionDiffDialog } from './RevisionDiffDialog';
import { RevisionRow, revisionColumns, revisionRows } from './revisionColumns';
import { environmentKey, restoredObjectCount } from './format';

/**
 * The anchor of the Revisions card on a page: other cards link to `#paved-revisions`.
 *
 * @public
 */
export const REVISIONS_CARD_ANCHOR = 'paved-revisions';

/** How many revisions a page of the list adds; the backend answers at most 500. */
const PAGE = 50;
const MAX_LIMIT = 500;

/** The place of a revision, for the API. */
function placeOf(r: RevisionSummary) {
  return { cluster: r.cluster, namespace: r.namespace, revision: r.revision };
}

/** Picks a revision for comparing, or unpicks it; at most two, of one environment. */
function togglePick(
  picked: RevisionSummary[],
  r: RevisionSummary,
): RevisionSummary[] {
  const same = (p: RevisionSummary) =>
    environmentKey(p) === environmentKey(r) && p.revision === r.revision;
  if (picked.some(same)) return picked.filter(p => !same(p));
  return [...picked, r].slice(-2);
}

/**
 * The changes Paved applied to the entity's environments, newest first: who, when, from where, the outcome
 * and each object's result; each revision's diff as it was applied, the diff between two revisions of one
 * environment, and a rollback to any revision but an environment's newest (a change request in protected
 * environments).
 *
 * @public
 */
export const RevisionsCard = () => {
  const [limit, setLimit] = useState(PAGE);
  const { value, loading, error, retry } = useEntityRevisions(limit);
  const component = useComponentId();
  const [picked, setPicked] = useState<RevisionSummary[]>([]);
  const [diffOf, setDiffOf] = useState<RevisionSummary>();
  const [comparing, setComparing] = useState(false);
  const [rollbackTo, setRollbackTo] = useState<RevisionSummary>();

  const onRolledBack = (result: RollbackResult) => {
    if (result.status === 'applied') retry();
  };

  let body: JSX.Element;
  // a reload keeps the last answer on screen, so an open dialog stays open
  if (loading && !value) body = <Progress />;
  else if (error && !value)
    body = (
      <ErrorPanel
        error={error}
        notAllowedTitle="You may not see these revisions"
      />
    );
  else if (!value || value.revisions.length === 0)
    body = (
      <Typography variant="body2">
        No revisions yet: changes Paved applies to this component&apos;s
        environments are recorded here.
      </Typography>
    );
  else {
    const [from, to] = [...picked].sort((a, b) => a.revision - b.revision);
    body = (
      <>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          mb={1}
          style={{ gap: 8 }}
        >
          <Button
            size="small"
            variant="outlined"
            disabled={!to}
            onClick={() => setComparing(true)}
          >
            Compare
          </Button>
          <Typography variant="caption" color="textSecondary">
            {to
              ? `#${from.revision} and #${to.revision} of ${from.namespace}`
              : 'Pick two revisions of one environment to compare them'}
          </Typography>
        </Box>
        <DenseTable<RevisionRow>
          columns={revisionColumns({
            onPick: r => setPicked(p => togglePick(p, r)),
            onDiff: setDiffOf,
            onRollback: setRollbackTo,
          })}
          data={revisionRows(value.revisions, picked)}
        />
        {value.more && limit < MAX_LIMIT && (
          <Button
            size="small"
            disabled={loading}
            onClick={() => setLimit(l => Math.min(l + PAGE, MAX_LIMIT))}
          >
            Show older revisions
          </Button>
        )}
        {comparing && to && (
          <CompareDialog
            environment={{ cluster: from.cluster, namespace: from.namespace }}
            from={from.revision}
            to={to.revision}
            onClose={() => setComparing(false)}
          />
        )}
      </>
    );
  }

  return (
    <div id={REVISIONS_CARD_ANCHOR}>
      <InfoCard
        title="Revisions"
        subheader="Every change Paved applied to this component's environments, and a rollback to any of them"
      >
        {body}
      </InfoCard>
      {diffOf && (
        <RevisionDiffDialog
          revision={placeOf(diffOf)}
          onClose={() => setDiffOf(undefined)}
        />
      )}
      {rollbackTo && (
        <RollbackDialog
          target={placeOf(rollbackTo)}
          component={component}
          objects={restoredObjectCount(rollbackTo)}
          onClose={() => setRollbackTo(undefined)}
          onDone={onRolledBack}
        />
      )}
    </div>
  );
};
