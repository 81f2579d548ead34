import {
  InfoCard,
  Progress,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { ErrorPanel } from '../ErrorPanel';
import {
  alertApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  ApprovalRequestView,
  ApprovalReview,
  environmentResourceRef,
  pavedApprovalDecidePermission,
} from '@paved/plugin-paved-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { pavedApiRef } from '../../api/PavedApi';
import { useApprovals } from '../../hooks/useApprovals';
import { ApprovalReviewPanel, reviewOf } from './ApprovalReviewPanel';
import { ChangeImpactView } from './ChangeImpactView';
import { RequestDiff } from './RequestDiff';
import { SecretApprovalValues, everyValueGiven } from './SecretApprovalValues';

function Status({ request }: { request: ApprovalRequestView }) {
  if (request.status === 'pending')
    return <StatusPending>pending</StatusPending>;
  if (request.status === 'approved')
    return request.outcome === 'failed' ? (
      <StatusError>approved, failed</StatusError>
    ) : (
      <StatusOK>
        approved{request.outcome ? `, ${request.outcome}` : ''}
      </StatusOK>
    );
  return <StatusAborted>{request.status}</StatusAborted>;
}

/** Why the decision buttons are off, or undefined when the user may decide. */
function refusal(
  request: ApprovalRequestView,
  me: string | undefined,
  allowed: boolean,
): string | undefined {
  if (request.status !== 'pending') return undefined;
  if (request.agent && !request.agent.confirmedBy)
    return `An AI agent (${request.agent.client}) asked for this on behalf of ${request.requestedBy}; it waits for them to confirm it first`;
  if (me && request.requestedBy === me)
    return 'You asked for this change; another team lead decides';
  if (!allowed)
    return `Only team leads of ${request.team} (or platform admins) decide changes to ${request.namespace}`;
  return undefined;
}

const Request = (props: {
  request: ApprovalRequestView;
  me?: string;
  onDecided: () => void;
}) => {
  const { request, me, onDecided } = props;
  const api = useApi(pavedApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const [review, setReview] = useState<ApprovalReview | undefined>();
  const [values, setValues] = useState<Record<string, string>>({});
  const { allowed, loading } = usePermission({
    permission: pavedApprovalDecidePermission,
    resourceRef: environmentResourceRef(request.cluster, request.namespace),
  });
  const why = loading ? undefined : refusal(request, me, allowed);
  const secret = request.status === 'pending' ? request.secret : undefined;
  const missingValues =
    secret !== undefined && !everyValueGiven(secret.keys, values);
  const decide = async (decision: 'approve' | 'reject', confirm?: string) => {
    setBusy(true);
    // a secret request's values go with this approval only, and are forgotten whatever its answer
    const given = secret && decision === 'approve' ? values : undefined;
    setValues({});
    try {
      let result;
      if (given)
        result = await api.decideApproval(
          request.id,
          decision,
          undefined,
          confirm,
          given,
        );
      else if (confirm)
        result = await api.decideApproval(
          request.id,
          decision,
          undefined,
          confirm,
        );
      else result = await api.decideApproval(request.id, decision);
      setReview(undefined);
      alertApi.post({
        message:
          decision === 'approve'
            ? `Approved; the change ${
                result.outcome === 'failed'
                  ? `failed: ${result.outcomeMessage}`
                  : 'was applied'
              }`
            : 'Rejected',
        severity: result.outcome === 'failed' ? 'error' : 'success',
        display: 'transient',
      });
      onDecided();
    } catch (error) {
      const next = reviewOf(error);
      if (next) {
        // nothing ran: show what approving does now and ask again
        setReview(next);
        alertApi.post({
          message: confirm
            ? 'The change moved again since your review; check the new diff'
            : 'Approving now does something else than what was requested; check the new diff',
          severity: 'warning',
          display: 'transient',
        });
      } else {
        alertApi.post({ message: String(error), severity: 'error' });
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <ListItem divider data-testid={`approval-${request.id}`}>
      <Box width="100%">
        <Box display="flex" alignItems="center" style={{ gap: 12 }}>
          <Status request={request} />
          <Typography variant="subtitle2">
            {request.namespace}: {request.summary}
          </Typography>
        </Box>
        <Typography variant="body2" color="textSecondary">
          Asked by {request.requestedBy} on{' '}
          {new Date(request.requestedAt).toLocaleString()}
          {request.status === 'pending'
            ? `; expires ${new Date(request.expiresAt).toLocaleString()}`
            : ''}
          {request.decidedBy
            ? `; ${request.status} by ${request.decidedBy}`
            : ''}
        </Typography>
        {request.objects && request.objects.length > 0 && (
          <Typography variant="body2" aria-label="Objects">
            Objects:{' '}
            {request.objects
              .map(
                o =>
                  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`,
              )
              .join(', ')}
          </Typography>
        )}
        {request.rollback && (
          <Typography variant="body2" aria-label="Rollback">
            {`Restores revision #${request.rollback.revision}; removes: ${
              request.rollback.prune.join(', ') || 'nothing'
            }${
              request.rollback.component
                ? `; only the objects of ${request.rollback.component}`
                : ''
            }`}
          </Typography>
        )}
        {request.impact && <ChangeImpactView impact={request.impact} />}
        {request.force && (
          <Typography variant="body2" color="error" aria-label="Force">
            With force: takes over fields other field managers own
          </Typography>
        )}
        {request.requesterNote && (
          <Typography variant="body2" aria-label="Requester's note">
            Requester&apos;s note (not checked by Paved):{' '}
            {request.requesterNote}
          </Typography>
        )}
        {request.outcomeMessage && (
          <Typography variant="body2">{request.outcomeMessage}</Typography>
        )}
        <RequestDiff diff={request.diff} open={request.status === 'pending'} />
        {request.secret && (
          <Typography variant="body2" aria-label="Secret keys">
            Keys of Secret {request.secret.name}:{' '}
            {request.secret.keys.join(', ')} (values are never part of a
            request)
          </Typography>
        )}
        {secret && !loading && !why && (
          <SecretApprovalValues
            requestId={request.id}
            secret={secret}
            values={values}
            onChange={setValues}
          />
        )}
        {request.status === 'pending' && (
          <Tooltip title={why ?? ''}>
            <span>
              <Button
                color="primary"
                variant="contained"
                size="small"
                disabled={busy || loading || Boolean(why) || missingValues}
                onClick={() => decide('approve')}
              >
                Approve
              </Button>{' '}
              <Button
                size="small"
                variant="outlined"
                disabled={busy || loading || Boolean(why)}
                onClick={() => decide('reject')}
              >
                Reject
              </Button>
            </span>
          </Tooltip>
        )}
        {review && request.status === 'pending' && (
          <ApprovalReviewPanel
            review={review}
            busy={busy || missingValues}
            onConfirm={() => decide('approve', review.digest)}
            onCancel={() => setReview(undefined)}
          />
        )}
        {why && (
          <Typography variant="caption" display="block" color="textSecondary">
            {why}
          </Typography>
        )}
      </Box>
    </ListItem>
  );
};

/**
 * Changes to the entity's protected environments waiting for a team lead, with their diffs, and the teams'
 * clones into new protected environments; leads of the owning team approve (which runs the change as
 * recorded) or reject.
 *
 * @public
 */
export const ApprovalsCard = (props: {
  /** Protected environments (namespaces) whose change requests to list. */
  namespaces: string[];
  /** Teams whose requests to clone into a new protected environment to list. */
  teams?: string[];
  /** List every request of `teams`, whatever environment it is about (a team's page). */
  everyOfTeams?: boolean;
}) => {
  const { value, loading, error, retry } = useApprovals(
    props.namespaces,
    props.teams,
    props.everyOfTeams,
  );
  const identityApi = useApi(identityApiRef);
  const { value: me } = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  let content;
  if (loading) content = <Progress />;
  else if (error) content = <ErrorPanel error={error} />;
  else if (!value?.length)
    content = (
      <Typography variant="body2">
        No change requests. Developers&apos; changes to protected environments
        (such as production) wait here for a team lead.
      </Typography>
    );
  else
    content = (
      <List dense>
        {value.map(r => (
          <Request key={r.id} request={r} me={me} onDecided={retry} />
        ))}
      </List>
    );
  return <InfoCard title="Change requests">{content}</InfoCard>;
};

/**
 * Every change request of the page's team (a group entity), for its leads to decide: the page Paved's
 * approval notifications link to.
 *
 * @public
 */
export const TeamApprovalsCard = () => {
  const { entity } = useEntity();
  return (
    <ApprovalsCard
      namespaces={[]}
      teams={[stringifyEntityRef(entity)]}
      everyOfTeams
    />
  );
};
