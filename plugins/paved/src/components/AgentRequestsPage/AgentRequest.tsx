import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import {
  ApprovalRequestView,
  ApprovalReview,
} from '@paved/plugin-paved-common';
import { useState } from 'react';
import { useConfirmAgentRequest } from '../../hooks/useConfirmAgentRequest';
import {
  ApprovalReviewPanel,
  reviewOf,
} from '../ApprovalsCard/ApprovalReviewPanel';
import { ChangeImpactView } from '../ApprovalsCard/ChangeImpactView';
import { RequestDiff } from '../ApprovalsCard/RequestDiff';

/** Where an agent's request stands, in a few words. */
export function agentRequestState(request: ApprovalRequestView): string {
  const agent = request.agent;
  if (request.status === 'expired') return 'expired: it never ran';
  if (request.status === 'rejected') {
    return request.decidedBy === request.requestedBy
      ? 'cancelled: it never ran'
      : `rejected by ${request.decidedBy}: it never ran`;
  }
  if (request.status === 'approved') {
    if (!request.outcome) return 'running';
    return request.outcome === 'applied'
      ? 'applied'
      : `failed: ${request.outcomeMessage ?? ''}`;
  }
  if (!agent?.confirmedBy) return 'waits for your confirmation';
  return 'confirmed; waits for a team lead';
}

const Status = ({ request }: { request: ApprovalRequestView }) => {
  const state = agentRequestState(request);
  if (request.status === 'pending')
    return <StatusPending>{state}</StatusPending>;
  if (request.status === 'approved')
    return request.outcome === 'failed' ? (
      <StatusError>{state}</StatusError>
    ) : (
      <StatusOK>{state}</StatusOK>
    );
  return <StatusAborted>{state}</StatusAborted>;
};

/**
 * One change an AI agent asked for on the user's behalf: what it writes (diff, objects, impact) and, while
 * it waits for them, Confirm and Cancel. Nothing the agent said is shown as fact: the summary and diff are
 * the server's, made from the objects.
 */
export const AgentRequest = (props: {
  request: ApprovalRequestView;
  highlighted: boolean;
  onAnswered: () => void;
}) => {
  const { request, highlighted, onAnswered } = props;
  const alertApi = useApi(alertApiRef);
  const [{ loading: busy }, answer] = useConfirmAgentRequest();
  const [review, setReview] = useState<ApprovalReview | undefined>();
  const waiting = request.status === 'pending' && !request.agent?.confirmedBy;

  const send = async (decision: 'confirm' | 'cancel', digest?: string) => {
    try {
      const result = await answer(request.id, decision, digest);
      setReview(undefined);
      alertApi.post({
        message:
          decision === 'cancel'
            ? 'Cancelled; nothing ran'
            : `Confirmed: ${agentRequestState(result)}`,
        severity: result.outcome === 'failed' ? 'error' : 'success',
        display: 'transient',
      });
      onAnswered();
    } catch (error) {
      const next = reviewOf(error);
      if (next) setReview(next);
      else alertApi.post({ message: String(error), severity: 'error' });
    }
  };

  return (
    <ListItem
      divider
      selected={highlighted}
      data-testid={`agent-request-${request.id}`}
    >
      <Box width="100%">
        <Box display="flex" alignItems="center" style={{ gap: 12 }}>
          <Status request={request} />
          <Typography variant="subtitle2">
            {request.cluster}/{request.namespace}: {request.summary}
          </Typography>
        </Box>
        <Typography variant="body2" color="textSecondary">
          Asked by your AI agent ({request.agent?.client ?? 'MCP'}) on{' '}
          {new Date(request.requestedAt).toLocaleString()}
          {request.status === 'pending'
            ? `; expires ${new Date(request.expiresAt).toLocaleString()}`
            : ''}
          {request.agent?.needsLead
            ? '; a protected environment: a team lead approves it after you'
            : ''}
        </Typography>
        {request.objects && request.objects.length > 0 && (
          <Typography variant="body2" aria-label="Objects">
            Objects:{' '}
            {request.objects.map(o => `${o.kind} ${o.name}`).join(', ')}
          </Typography>
        )}
        {request.impact && <ChangeImpactView impact={request.impact} />}
        {request.force && (
          <Typography variant="body2" color="error">
            With force: takes over fields other field managers own
          </Typography>
        )}
        {request.outcomeMessage && (
          <Typography variant="body2">{request.outcomeMessage}</Typography>
        )}
        <RequestDiff diff={request.diff} open={highlighted} />
        {waiting && (
          <Box mt={1}>
            <Button
              color="primary"
              variant="contained"
              size="small"
              disabled={busy}
              onClick={() => send('confirm')}
            >
              Confirm
            </Button>{' '}
            <Button
              size="small"
              variant="outlined"
              disabled={busy}
              onClick={() => send('cancel')}
            >
              Cancel
            </Button>
          </Box>
        )}
        {review && waiting && (
          <ApprovalReviewPanel
            review={review}
            busy={busy}
            onConfirm={() => send('confirm', review.digest)}
            onCancel={() => setReview(undefined)}
          />
        )}
      </Box>
    </ListItem>
  );
};
