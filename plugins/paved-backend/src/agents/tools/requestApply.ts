import { InputError } from '@backstage/errors';
import {
  GOLDEN_PATHS,
  GoldenPath,
  parseAppSpec,
} from '@paved/plugin-paved-common';
import { renderGoldenPath } from '@paved/plugin-paved-node';
import { z } from 'zod/v3';
import { defineAgentTool, requesterOf } from '../agentTool';
import { clusterField, namespaceField, entityRefField } from '../entityInput';
import { answerFor, changeRequestOutput } from '../changeRequestAnswer';

/** `paved.request-apply`: asks to apply a golden path spec; the user confirms it in Backstage. */
export const requestApplyTool = defineAgentTool({
  name: 'request-apply',
  title: 'Ask to apply a golden path spec',
  description:
    'Asks to deploy a workload from a golden path spec (the app spec the software templates write: web-service, worker, cron-job or database) to one environment. Paved renders the Kubernetes objects, checks them against the guardrails and plans them as the user (the diff, blast radius and cost forecast). Nothing is applied by this call: it answers a pending change request with a link where the user confirms it in Backstage; in a protected environment a team lead then approves it.',
  budgetBytes: 6_000,
  attributes: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({
    cluster: clusterField,
    namespace: namespaceField,
    goldenPath: z.enum(
      GOLDEN_PATHS as unknown as [GoldenPath, ...GoldenPath[]],
    ),
    spec: z
      .record(z.unknown())
      .describe(
        'The app spec, e.g. { name, image, port, replicas, resources: { size } }',
      ),
    note: z
      .string()
      .max(500)
      .optional()
      .describe("The user's words for the reviewer"),
    entityRef: entityRefField,
  }),
  output: changeRequestOutput,
  examples: [
    {
      title: 'Deploy payments-api 1.4.2 to dev',
      input: {
        cluster: 'local',
        namespace: 'payments-dev',
        goldenPath: 'web-service',
        spec: {
          name: 'payments-api',
          image: 'registry.paved.local/payments-api:1.4.2',
          port: 8080,
        },
      },
    },
  ],
  place: input => ({
    cluster: input.cluster,
    namespace: input.namespace,
    target: `${input.goldenPath} ${String(input.spec.name ?? '')}`.trim(),
  }),
  async run(input, caller, deps) {
    // the spec's problems first, each naming its field
    parseAppSpec(input.spec, input.goldenPath);
    const manifests = renderGoldenPath(input.spec as never, input.goldenPath, {
      ...deps.renderDefaults,
      namespace: input.namespace,
    });
    if (manifests.length === 0) {
      throw new InputError(
        'spec: it renders no objects; give the workload a name and an image',
      );
    }
    const request = await deps.approvals.requestForAgent(
      'apply',
      await requesterOf(caller),
      {
        cluster: input.cluster,
        namespace: input.namespace,
        manifests,
        force: false,
        // the confirmation answers once the change is applied; the agent follows the rollout with the read tools
        wait: false,
        timeoutSeconds: 300,
        reason: 'protected-environment',
        ...(input.note ? { note: input.note } : {}),
        ...(input.entityRef ? { entityRef: input.entityRef } : {}),
      },
    );
    return answerFor(deps, request);
  },
});
