import { z } from 'zod/v3';
import { defineAgentTool, requesterOf } from '../agentTool';
import { entityRefField } from '../entityInput';
import { answerFor, changeRequestOutput } from '../changeRequestAnswer';

const name = (field: string) =>
  z
    .string()
    .regex(
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
      `${field}: a Kubernetes name (lower case letters, digits, -)`,
    )
    .max(63);

/** `paved.request-clone`: asks for a clone of an environment; the user confirms it in Backstage. */
export const requestCloneTool = defineAgentTool({
  name: 'request-clone',
  title: 'Ask to clone an environment',
  description:
    'Asks for a new environment cloned from an existing one (e.g. production → staging), with its workloads, config and secret keys (never secret values: placeholder keys or none). Nothing is created by this call: it answers a pending change request with a link where the user confirms it in Backstage; a clone into a protected environment then waits for a team lead. Use paved.change-request to wait for the outcome.',
  budgetBytes: 6_000,
  attributes: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    cluster: z
      .string()
      .min(1)
      .max(63)
      .describe('Cluster of the source environment'),
    source: name('source').describe(
      'Namespace of the environment to clone, e.g. payments-production',
    ),
    name: name('name').describe('Name of the new environment, e.g. staging'),
    team: z
      .string()
      .max(255)
      .optional()
      .describe("Owning team's group ref; the source's team when left out"),
    size: z.string().max(32).default('small'),
    lifecycle: z.enum(['persistent', 'ephemeral']).default('persistent'),
    ttlHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .optional(),
    replicas: z.number().int().min(0).max(50).optional(),
    secretPolicy: z
      .enum(['placeholder', 'skip'])
      .default('placeholder')
      .describe(
        'placeholder: same Secret keys with values to fill in; skip: no Secrets',
      ),
    entityRef: entityRefField,
  }),
  output: changeRequestOutput,
  examples: [
    {
      title: 'A staging copy of production',
      input: {
        cluster: 'local',
        source: 'payments-production',
        name: 'staging',
        size: 'small',
        lifecycle: 'persistent',
        secretPolicy: 'placeholder',
      },
    },
  ],
  place: input => ({
    cluster: input.cluster,
    target: `clone ${input.source} → ${input.name}`,
  }),
  async run(input, caller, deps) {
    const request = await deps.approvals.requestForAgent(
      'clone',
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
