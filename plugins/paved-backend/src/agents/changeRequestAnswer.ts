import { ChangeImpact } from '@paved/plugin-paved-common';
import { z } from 'zod/v3';
import type { ApprovalRequest } from '../approvals/ApprovalRequest';
import { AgentToolDeps, budgetFields } from './agentTool';

/** How much of a change's diff an answer carries. */
export const DIFF_CHARS = 2_500;

/** The answer of every change tool and of `paved.change-request`: the request, where to confirm it, and what is next. */
export const changeRequestOutput = z.object({
  id: z.string(),
  status: z
    .enum(['pending', 'approved', 'rejected', 'expired'])
    .describe(
      'pending until the user confirms (and, for a protected environment, a lead approves)',
    ),
  summary: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  confirmedByUser: z.boolean(),
  needsLead: z
    .boolean()
    .describe('Whether a team lead approves it after the user confirms it'),
  expiresAt: z.string(),
  link: z.string().describe('Where the user confirms it in Backstage'),
  outcome: z.enum(['applied', 'failed']).optional(),
  outcomeMessage: z.string().optional(),
  diff: z
    .string()
    .optional()
    .describe('What the change writes (cut to 2500 characters)'),
  impact: z
    .string()
    .optional()
    .describe('Blast radius and cost forecast, when known'),
  next: z
    .string()
    .describe('What happens next, for the model to tell the user'),
  ...budgetFields,
});

/** The output type of {@link changeRequestOutput}. */
export type ChangeRequestAnswer = z.infer<typeof changeRequestOutput>;

/** Where the user confirms request `id` in Backstage. */
export function changeRequestLink(appBaseUrl: string, id: string): string {
  return `${appBaseUrl.replace(
    /\/+$/,
    '',
  )}/paved/change-requests?id=${encodeURIComponent(id)}`;
}

/** What happens next with a request, in a sentence. */
function nextOf(request: ApprovalRequest, link: string): string {
  const agent = request.agent;
  if (request.status === 'expired') {
    return 'The request expired before it was confirmed and will never run; ask again if it is still wanted.';
  }
  if (request.status === 'rejected') {
    return `It was ${
      request.decidedBy === request.requestedBy
        ? 'cancelled by the user'
        : `rejected by ${request.decidedBy}`
    }; nothing ran.`;
  }
  if (request.status === 'approved') {
    if (!request.outcome)
      return 'It was confirmed and is running now; read it again for the outcome.';
    return request.outcome === 'applied'
      ? 'It ran and was applied.'
      : `It ran and failed: ${request.outcomeMessage ?? 'see the request'}.`;
  }
  if (agent && !agent.confirmedBy) {
    return `Nothing has run. Ask ${
      request.requestedBy
    } to open ${link} and confirm it (until ${request.expiresAt})${
      agent.needsLead
        ? '; a team lead of the environment then approves it'
        : '; it runs as soon as they confirm'
    }. Call paved.change-request with this id to wait for the outcome.`;
  }
  return `Confirmed by ${request.requestedBy}; it waits for a team lead of ${request.team} to approve it (until ${request.expiresAt}).`;
}

/** A change request as the agent tools answer it. */
export function changeRequestAnswer(
  request: ApprovalRequest,
  appBaseUrl: string,
  impact?: ChangeImpact,
): ChangeRequestAnswer {
  const link = changeRequestLink(appBaseUrl, request.id);
  const impactLine = impact ? describeImpact(impact) : undefined;
  return {
    id: request.id,
    status: request.status,
    summary: request.summary,
    cluster: request.cluster,
    namespace: request.namespace,
    confirmedByUser: Boolean(request.agent?.confirmedBy),
    needsLead: request.agent?.needsLead ?? true,
    expiresAt: request.expiresAt,
    link,
    ...(request.outcome ? { outcome: request.outcome } : {}),
    ...(request.outcomeMessage
      ? { outcomeMessage: request.outcomeMessage }
      : {}),
    ...(request.diff ? { diff: request.diff.slice(0, DIFF_CHARS) } : {}),
    ...(impactLine ? { impact: impactLine } : {}),
    next: nextOf(request, link),
  };
}

/** A change's impact (blast radius, cost forecast) as one short line. */
function describeImpact(impact: ChangeImpact): string {
  const restarting = impact.blastRadius.restartingPods.reduce(
    (n, w) => n + w.pods.length,
    0,
  );
  const parts = [
    `${restarting} pod${restarting === 1 ? '' : 's'} restart`,
    ...impact.blastRadius.services
      .filter(s => s.before !== s.after)
      .map(s => `Service ${s.name}: ${s.before} → ${s.after} endpoints`),
  ];
  const cost = impact.cost;
  if (cost) {
    parts.push(
      `cost ${cost.delta.min >= 0 ? '+' : ''}${cost.delta.min.toFixed(
        2,
      )}…${cost.delta.max.toFixed(2)} ${cost.currency}/month`,
    );
  }
  return [...parts, ...impact.notes].join('; ').slice(0, 600);
}

/** A request as the tools answer it, with the impact its kind recorded. */
export function answerFor(
  deps: Pick<AgentToolDeps, 'appBaseUrl' | 'approvals'>,
  request: ApprovalRequest,
): ChangeRequestAnswer {
  return changeRequestAnswer(
    request,
    deps.appBaseUrl,
    deps.approvals.view(request).impact,
  );
}
