import {
  ResourceSuggestion,
  RightsizingSuggestion,
  costRoutes,
} from '@paved/plugin-paved-common';
import { z } from 'zod/v3';
import { budgetFields, defineAgentTool } from '../agentTool';
import {
  entityField,
  entityParams,
  unavailableClustersField,
  unavailableOf,
} from '../entityInput';

const round = (v: number) => Math.round(v * 100) / 100;

/** A request suggestion in words: `lower to 110m`, `keep 256Mi`. */
const suggestion = (s: ResourceSuggestion) =>
  s.change === 'keep' ? `keep ${s.quantity}` : `${s.change} to ${s.quantity}`;

/** What to do about the cost, as a sentence: the largest saving first. */
function nextStepOf(suggestions: RightsizingSuggestion[], currency: string) {
  const best = [...suggestions].sort(
    (a, b) => b.monthlySaving - a.monthlySaving,
  )[0];
  if (!best || best.monthlySaving <= 0) {
    return 'No rightsizing saving was found; the requests match the usage.';
  }
  return `Set the requests of ${best.workload} in ${best.environment} to CPU ${
    best.cpu.quantity
  } and memory ${best.memory.quantity} (saves ${best.monthlySaving.toFixed(
    2,
  )} ${currency}/month): change the spec's resources and ask for it with paved.request-apply, which you confirm in Backstage.`;
}

/** `paved.cost`: what a component costs this month, what drives it and how to save. */
export const costTool = defineAgentTool({
  name: 'cost',
  title: "A component's cost and rightsizing",
  description:
    "The component's cost this month with the instance's prices: month to date and projected, per environment, the top cost drivers and rightsizing suggestions (requests to set, with the monthly saving).",
  budgetBytes: 6_000,
  attributes: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ entity: entityField }),
  output: z.object({
    currency: z.string(),
    monthToDate: z.number(),
    projected: z.number(),
    byEnvironment: z.array(
      z.object({
        environment: z.string(),
        cluster: z.string(),
        monthToDate: z.number(),
        projected: z.number(),
      }),
    ),
    topDrivers: z.array(
      z.object({
        environment: z.string(),
        workload: z.string(),
        resource: z.string(),
        monthToDate: z.number(),
        share: z.number(),
      }),
    ),
    rightsizing: z.array(
      z.object({
        environment: z.string(),
        workload: z.string(),
        container: z.string().optional(),
        cpu: z.string().describe('e.g. lower to 110m'),
        memory: z.string().describe('e.g. raise to 384Mi'),
        monthlySaving: z.number(),
      }),
    ),
    unavailableClusters: unavailableClustersField,
    ...budgetFields,
  }),
  examples: [
    { title: "payments-api's cost", input: { entity: 'payments-api' } },
  ],
  place: input => ({ target: input.entity }),
  async run(input, caller, deps) {
    const { namespace, name } = entityParams(input.entity);
    const cost = await deps.backend.read(
      costRoutes.componentCost,
      { params: { namespace, name } },
      caller.credentials,
    );
    return {
      currency: cost.currency,
      monthToDate: round(cost.monthToDate),
      projected: round(cost.projected),
      byEnvironment: cost.byEnvironment.map(line => ({
        environment: line.environment ?? line.name,
        cluster: line.cluster,
        monthToDate: round(line.total),
        projected: round(line.projected),
      })),
      topDrivers: cost.topDrivers.slice(0, 5).map(d => ({
        environment: d.environment,
        workload: d.workload,
        resource: d.resource,
        monthToDate: round(d.monthToDate),
        share: round(d.share),
      })),
      rightsizing: cost.rightsizing.slice(0, 5).map(s => ({
        environment: s.environment,
        workload: s.workload,
        ...(s.container ? { container: s.container } : {}),
        cpu: suggestion(s.cpu),
        memory: suggestion(s.memory),
        monthlySaving: round(s.monthlySaving),
      })),
      nextStep: nextStepOf(cost.rightsizing, cost.currency),
      ...unavailableOf(cost),
    };
  },
});
