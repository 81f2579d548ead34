import { z } from 'zod/v3';
import { defineAgentTool, requesterOf } from '../agentTool';
import { clusterField, namespaceField, entityRefField } from '../entityInput';
import { answerFor, changeRequestOutput } from '../changeRequestAnswer';

/** `paved.request-rollback`: asks to restore a revision; the user confirms it in Backstage. */
export const requestRollbackTool = defineAgentTool({
  name: 'request-rollback',
  title: 'Ask to roll an environment back',
  description:
    'Asks to restore an earlier revision of an environment (paved.revisions lists them): its objects are applied again and objects added since are removed. Nothing changes by this call: it answers a pending change request with the diff and a link where the user confirms it in Backstage; in a protected environment a team lead then approves it.',
  budgetBytes: 6_000,
  attributes: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({
    cluster: clusterField,
    namespace: namespaceField,
    revision: z.number().int().min(1).describe('The revision to restore'),
    component: z
      .string()
      .max(253)
      .optional()
      .describe("Only this component's objects of the revision"),
    entityRef: entityRefField,
  }),
  output: changeRequestOutput,
  examples: [
    {
      title: 'Back to revision 3 of payments-dev',
      input: { cluster: 'local', namespace: 'payments-dev', revision: 3 },
    },
  ],
  place: input => ({
    cluster: input.cluster,
    namespace: input.namespace,
    target: `revision ${input.revision}`,
  }),
  async run(input, caller, deps) {
    const request = await deps.approvals.requestForAgent(
      'rollback',
      await requesterOf(caller),
      {
        ...input,
        // the confirmation answers once the change is applied; the agent follows the rollout with the read tools
        wait: false,
        timeoutSeconds: 300,
      },
    );
    return answerFor(deps, request);
  },
});
