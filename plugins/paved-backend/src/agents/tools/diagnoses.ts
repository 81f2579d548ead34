import {
  EntityDiagnosis,
  EntityEvent,
  entityRoutes,
} from '@paved/plugin-paved-common';
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
const EVENT_CHARS = 240;

/**
 * Whether `pod` is named as a pod of the workload `workload`: `<name>-<replica set hash>-<suffix>` (a
 * Deployment's), `<name>-<ordinal>` (a StatefulSet's) or `<name>-<suffix>` (a Job's, a DaemonSet's).
 */
function isPodOf(workload: string, pod: string): boolean {
  if (!pod.startsWith(`${workload}-`)) return false;
  return /^([a-z0-9]{5,10}-)?[a-z0-9]{5}$|^\d+$/.test(
    pod.slice(workload.length + 1),
  );
}

/**
 * The Kubernetes event that best backs a diagnosis: about its object (or, folded, about its workload's
 * pods) in the same place, a warning before a normal event, the newest first.
 */
export function eventFor(
  d: EntityDiagnosis,
  events: EntityEvent[],
): EntityEvent | undefined {
  const about = events.filter(
    e =>
      e.cluster === d.cluster &&
      e.namespace === d.namespace &&
      ((e.object.kind === d.object.kind && e.object.name === d.object.name) ||
        (d.object.kind === 'Pod' &&
          e.workload !== undefined &&
          isPodOf(e.workload, d.object.name))),
  );
  return about.sort(
    (a, b) =>
      Number(b.type === 'Warning') - Number(a.type === 'Warning') ||
      b.lastSeen.localeCompare(a.lastSeen),
  )[0];
}

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
    event: z
      .object({
        type: z.string(),
        reason: z.string(),
        message: z.string(),
        count: z.number(),
        lastSeen: z.string(),
      })
      .optional()
      .describe(
        'The Kubernetes event about the object (or its workload’s pods)',
      ),
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

/** An event as evidence, its message cut short. */
function evidenceEvent(event: EntityEvent | undefined) {
  if (!event) return {};
  return {
    event: {
      type: event.type,
      reason: event.reason,
      message: event.message.slice(0, EVENT_CHARS),
      count: event.count,
      lastSeen: event.lastSeen,
    },
  };
}

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
  return `${d.fix.replace(
    /\.?$/,
    '.',
  )} Change the workload's spec and ask for it with paved.request-apply; you confirm it in Backstage.`;
}

/** `paved.diagnoses`: why a component's pods fail, with the evidence and the fix. */
export const diagnosesTool = defineAgentTool({
  name: 'diagnoses',
  title: "Why a component's pods fail",
  description:
    "Diagnoses the component's failing pods and workloads in the environments you may see (crash loops, OOM kills, image pulls, missing config, unschedulable pods, stuck rollouts): the cause, the fix, the evidence (the Kubernetes event, restarts, the crashed container's last log lines, the change that preceded the failure) and the next step.",
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
              "Read the last log lines: the process exits at start. Change the workload's spec and ask for it with paved.request-apply; you confirm it in Backstage.",
          },
        ],
        total: 1,
      },
    },
  ],
  place: input => ({ target: input.entity }),
  async run(input, caller, deps) {
    const params = entityParams(input.entity);
    const [answer, events] = await Promise.all([
      deps.backend.read(entityRoutes.diagnoses, { params }, caller.credentials),
      // the events are evidence only: the diagnoses stand without them (e.g. events not the user's to read)
      deps.backend
        .read(
          entityRoutes.events,
          { params, query: { environment: input.environment, limit: 1000 } },
          caller.credentials,
        )
        .then(
          e => e.events,
          () => [] as EntityEvent[],
        ),
    ]);
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
          ...evidenceEvent(eventFor(d, events)),
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
