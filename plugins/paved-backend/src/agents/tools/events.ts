import { entityRoutes } from '@paved/plugin-paved-common';
import { z } from 'zod/v3';
import { budgetFields, defineAgentTool } from '../agentTool';
import {
  entityField,
  entityParams,
  environmentField,
  unavailableClustersField,
  unavailableOf,
} from '../entityInput';

const MESSAGE_CHARS = 300;

/** `paved.events`: the Kubernetes events of a component's objects, warnings first. */
export const eventsTool = defineAgentTool({
  name: 'events',
  title: "A component's Kubernetes events",
  description:
    "Lists the recent Kubernetes events about the component's objects in the environments you may see, warnings first, then newest first; repeated events of one workload's pods are folded into one entry.",
  budgetBytes: 8_000,
  attributes: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({
    entity: entityField,
    environment: environmentField,
    warningsOnly: z.boolean().default(false).describe('Only Warning events'),
    limit: z.number().int().min(1).max(100).default(30),
  }),
  output: z.object({
    events: z.array(
      z.object({
        environment: z.string(),
        type: z.string(),
        reason: z.string(),
        object: z.string(),
        message: z.string(),
        count: z.number(),
        lastSeen: z.string(),
      }),
    ),
    total: z.number(),
    unavailableClusters: unavailableClustersField,
    ...budgetFields,
  }),
  examples: [
    {
      title: 'Warnings about payments-api in dev',
      input: {
        entity: 'payments-api',
        environment: 'dev',
        warningsOnly: true,
        limit: 10,
      },
    },
  ],
  place: input => ({ target: input.entity }),
  async run(input, caller, deps) {
    const answer = await deps.backend.read(
      entityRoutes.events,
      {
        params: entityParams(input.entity),
        query: { environment: input.environment, limit: 1000 },
      },
      caller.credentials,
    );
    const events = answer.events
      .filter(e => !input.warningsOnly || e.type === 'Warning')
      .sort(
        (a, b) =>
          Number(b.type === 'Warning') - Number(a.type === 'Warning') ||
          b.lastSeen.localeCompare(a.lastSeen),
      );
    return {
      events: events.slice(0, input.limit).map(e => ({
        environment: e.environment,
        type: e.type,
        reason: e.reason,
        object: e.workload
          ? `${e.workload} (${e.objects ?? 1} objects)`
          : `${e.object.kind}/${e.object.name}`,
        message: e.message.slice(0, MESSAGE_CHARS),
        count: e.count,
        lastSeen: e.lastSeen,
      })),
      total: events.length,
      ...unavailableOf(answer),
    };
  },
});
