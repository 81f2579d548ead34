import { GOLDEN_SIGNALS, entityRoutes } from '@paved/plugin-paved-common';
import { z } from 'zod/v3';
import { budgetFields, defineAgentTool } from '../agentTool';
import {
  entityField,
  entityParams,
  environmentField,
  unavailableClustersField,
  unavailableOf,
} from '../entityInput';

const stat = z
  .object({
    latest: z.number().nullable(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    mean: z.number().nullable(),
  })
  .describe('Over the range; null without samples');

/** Latest, min, max and mean of a series, rounded to 4 significant digits. */
function summarize(values: Array<number | null>) {
  const known = values.filter(
    (v): v is number => v !== null && Number.isFinite(v),
  );
  const round = (v: number | undefined) =>
    v === undefined ? null : Number(v.toPrecision(4));
  return {
    latest: round(known[known.length - 1]),
    min: round(known.length ? Math.min(...known) : undefined),
    max: round(known.length ? Math.max(...known) : undefined),
    mean: round(
      known.length
        ? known.reduce((a, b) => a + b, 0) / known.length
        : undefined,
    ),
  };
}

/** `paved.golden-signals`: request rate, errors and latency of a component, summarized. */
export const goldenSignalsTool = defineAgentTool({
  name: 'golden-signals',
  title: "A component's golden signals",
  description:
    "Summarizes the component's golden signals per environment over a range: request rate (requests/s), error ratio (0..1) and p50 / p95 / p99 latency (seconds), each as latest, min, max and mean.",
  budgetBytes: 4_000,
  attributes: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({
    entity: entityField,
    environment: environmentField,
    range: z.enum(['15m', '1h', '6h', '24h']).default('1h'),
  }),
  output: z.object({
    range: z.string(),
    environments: z.array(
      z.object({
        environment: z.string(),
        cluster: z.string(),
        namespace: z.string(),
        requestRate: stat.optional(),
        errorRatio: stat.optional(),
        p50: stat.optional(),
        p95: stat.optional(),
        p99: stat.optional(),
      }),
    ),
    unavailableClusters: unavailableClustersField,
    ...budgetFields,
  }),
  examples: [
    {
      title: 'payments-api in production over the last hour',
      input: { entity: 'payments-api', environment: 'production', range: '1h' },
    },
  ],
  place: input => ({ target: input.entity }),
  async run(input, caller, deps) {
    const answer = await deps.backend.read(
      entityRoutes.goldenSignals,
      {
        params: entityParams(input.entity),
        query: { environment: input.environment, range: input.range },
      },
      caller.credentials,
    );
    const byPlace = new Map<string, Record<string, unknown>>();
    for (const series of answer.series) {
      const key = `${series.cluster}/${series.namespace}`;
      const entry = byPlace.get(key) ?? {
        environment: series.environment,
        cluster: series.cluster,
        namespace: series.namespace,
      };
      if ((GOLDEN_SIGNALS as readonly string[]).includes(series.signal)) {
        entry[series.signal] = summarize(series.values);
      }
      byPlace.set(key, entry);
    }
    return {
      range: input.range,
      environments: [...byPlace.values()] as any,
      ...unavailableOf(answer),
    };
  },
});
