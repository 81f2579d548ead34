import { z } from 'zod/v3';
import { defineAgentTool, requesterOf } from '../agentTool';
import { clusterField, namespaceField, entityRefField } from '../entityInput';
import { answerFor, changeRequestOutput } from '../changeRequestAnswer';

/** `paved.request-delete-environment`: asks to delete an environment; the user confirms it in Backstage. */
export const requestDeleteEnvironmentTool = defineAgentTool({
  name: 'request-delete-environment',
  title: 'Ask to delete an environment',
  description:
    'Asks to delete an environment and everything in it (a preview or test environment you may delete; protected ones only platform admins delete). Nothing is deleted by this call: it answers a pending change request with a link where the user confirms it in Backstage.',
  budgetBytes: 4_000,
  attributes: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({
    cluster: clusterField,
    namespace: namespaceField,
    entityRef: entityRefField,
  }),
  output: changeRequestOutput,
  examples: [
    {
      title: 'Delete the preview of pull request 42',
      input: { cluster: 'local', namespace: 'payments-pr-42' },
    },
  ],
  place: input => ({
    cluster: input.cluster,
    namespace: input.namespace,
    target: `environment ${input.namespace}`,
  }),
  async run(input, caller, deps) {
    const request = await deps.approvals.requestForAgent(
      'environmentDelete',
      await requesterOf(caller),
      input,
    );
    return answerFor(deps, request);
  },
});
