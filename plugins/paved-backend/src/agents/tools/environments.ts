import { entityRoutes } from '@paved/plugin-paved-common';
import { z } from 'zod/v3';
import { budgetFields, defineAgentTool } from '../agentTool';
import {
  entityField,
  entityParams,
  unavailableClustersField,
  unavailableOf,
} from '../entityInput';

const workload = z.object({
  kind: z.string(),
  name: z.string(),
  ready: z.number().optional(),
  desired: z.number().optional(),
});

/** `paved.environments`: where a component runs and how its workloads stand. */
export const environmentsTool = defineAgentTool({
  name: 'environments',
  title: "A component's environments and workloads",
  description:
    'Lists the environments (namespaces on clusters) a catalog component runs in that you may see, whether each is protected (changes there wait for a team lead), and its workloads with ready / desired replicas.',
  budgetBytes: 8_000,
  attributes: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ entity: entityField }),
  output: z.object({
    entity: z.string(),
    environments: z.array(
      z.object({
        cluster: z.string(),
        namespace: z.string(),
        environment: z.string(),
        team: z.string(),
        protected: z.boolean(),
        lifecycle: z.string(),
        expiresAt: z.string().optional(),
        workloads: z.array(workload),
      }),
    ),
    gaps: z
      .array(z.string())
      .optional()
      .describe('Why nothing or little can be shown, with the fix'),
    unavailableClusters: unavailableClustersField,
    ...budgetFields,
  }),
  examples: [
    {
      title: "payments-api's environments",
      input: { entity: 'payments-api' },
      output: {
        entity: 'component:default/payments-api',
        environments: [
          {
            cluster: 'local',
            namespace: 'payments-production',
            environment: 'production',
            team: 'group:default/payments',
            protected: true,
            lifecycle: 'persistent',
            workloads: [
              {
                kind: 'Deployment',
                name: 'payments-api',
                ready: 2,
                desired: 2,
              },
            ],
          },
        ],
      },
    },
  ],
  place: input => ({ target: input.entity }),
  async run(input, caller, deps) {
    const overview = await deps.backend.read(
      entityRoutes.overview,
      { params: entityParams(input.entity) },
      caller.credentials,
    );
    const gaps = overview.gaps.map(g => g.message);
    return {
      entity: overview.entityRef,
      environments: overview.environments.map(env => ({
        cluster: env.cluster,
        namespace: env.namespace,
        environment: env.environment,
        team: env.team,
        protected: env.protected,
        lifecycle: env.lifecycle,
        ...(env.expiresAt ? { expiresAt: env.expiresAt } : {}),
        workloads: overview.workloads
          .filter(
            w => w.cluster === env.cluster && w.namespace === env.namespace,
          )
          .map(w => ({
            kind: w.kind,
            name: w.name,
            ...(w.ready !== undefined ? { ready: w.ready } : {}),
            ...(w.desired !== undefined ? { desired: w.desired } : {}),
          })),
      })),
      ...(gaps.length > 0 ? { gaps } : {}),
      ...unavailableOf(overview),
    };
  },
});
