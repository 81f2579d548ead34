import { EntityDiagnosis, entityRoutes } from '@paved/plugin-paved-common';
import { z } from 'zod/v3';
import { budgetFields, defineAgentTool } from '../agentTool';
import {
  entityField,
  entityParams,
  environmentField,
  unavailableClustersField,
  unavailableOf,
} from '../entityInput';

/** Lines of a crashed container an answer carries, and how long each may be. */
const LOG_LINES = 3;
const LOG_LINE_CHARS = 240;

const diagnosis = z.object({
  environment: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  problem: z
    .string()
    .describe(
      'crash-loop, oom-killed, image-pull, unschedulable, config-missing, …',
    ),
  object: z.string().describe('Kind/name of the failing object'),
  container: z.string().optional(),
  cause: z.string(),
  fix: z.string(),
  evidence: z.object({
    restarts: z.number().optional(),
    lastLogLines: z.array(z.string()).optional(),
    memory: z
      .object({
        limit: z.string().optional(),
        usage: z.string().optional(),
        suggestedLimit: z.string().optional(),
      })
      .optional(),
    revision: z
      .object({
        revision: z.number(),
        at: z.string(),
        actor: z.string(),
        changes: z.array(z.string()),
        rollbackTo: z.number().optional(),
      })
      .optional()
      .describe(
        'The change Paved applied before the failure, and the revision a rollback restores',
      ),
  }),
  nextStep: z.string(),
});

/** What to do next about one diagnosis, as a sentence with the tool to use. */
function nextStepOf(d: EntityDiagnosis): string {
  if (d.change?.rollbackTo !== undefined) {
    return `Revision ${d.change.revision} (${d.change.changes.join(
      ', ',
    )}) came before this; either apply the fix, or ask for a rollback to revision ${
      d.change.rollbackTo
    } with paved.request-rollback (cluster ${d.cluster}, namespace ${
      d.namespace
    }), which you then confirm in Backstage.`;
  }
  return `${d.fix} Change the workload's spec and ask for it with paved.request-apply; you confirm it in Backstage.`;
}

/** `paved.diagnoses`: why a component's pods fail, with the evidence and the fix. */
export const diagnosesTool = defineAgentTool({
  name: 'diagnoses',
  title: "Why a component's pods fail",
  description:
    "Diagnoses the component's failing pods and workloads in the environments you may see (crash loops, OOM kills, image pulls, missing config, unschedulable pods, stuck rollouts): the cause, the fix, the evidence (restarts, the crashed container's last log lines, the change that preceded the failure) and the next step.",
  budgetBytes: 6_000,
  attributes: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ entity: entityField, environment: environmentField }),
  output: z.object({
    diagnoses: z.array(diagnosis),
    total: z.number().describe('Diagnoses found, before the answer was cut'),
    unavailableClusters: unavailableClustersField,
    ...budgetFields,
  }),
  examples: [
    {
      title: 'Why does payments-api crash?',
      input: { entity: 'payments-api', environment: 'dev' },
      output: {
        diagnoses: [
          {
            environment: 'dev',
            cluster: 'local',
            namespace: 'payments-dev',
            problem: 'crash-loop',
            object: 'Pod/payments-api-7d9c-x2k4q',
            container: 'app',
            cause:
              'Container app keeps exiting with code 1 (restarted 12 times)',
            fix: 'Read the last log lines: the process exits at start',
            evidence: {
              restarts: 12,
              lastLogLines: ['Error: DATABASE_URL is not set'],
            },
            nextStep:
              "Read the last log lines: the process exits at start Change the workload's spec and ask for it with paved.request-apply; you confirm it in Backstage.",
          },
        ],
        total: 1,
      },
    },
  ],
  place: input => ({ target: input.entity }),
  async run(input, caller, deps) {
    const answer = await deps.backend.read(
      entityRoutes.diagnoses,
      { params: entityParams(input.entity) },
      caller.credentials,
    );
    const found = answer.diagnoses.filter(
      d => !input.environment || d.environment === input.environment,
    );
    return {
      diagnoses: found.map(d => ({
        environment: d.environment,
        cluster: d.cluster,
        namespace: d.namespace,
        problem: d.kind,
        object: `${d.object.kind}/${d.object.name}`,
        ...(d.container ? { container: d.container } : {}),
        cause: d.cause,
        fix: d.fix,
        evidence: {
          ...(d.restarts !== undefined ? { restarts: d.restarts } : {}),
          ...(d.lastLogLines?.length
            ? {
                lastLogLines: d.lastLogLines
                  .slice(-LOG_LINES)
                  .map(l => l.slice(0, LOG_LINE_CHARS)),
              }
            : {}),
          ...(d.memory ? { memory: d.memory } : {}),
          ...(d.change ? { revision: d.change } : {}),
        },
        nextStep: nextStepOf(d),
      })),
      total: found.length,
      ...unavailableOf(answer),
    };
  },
});
