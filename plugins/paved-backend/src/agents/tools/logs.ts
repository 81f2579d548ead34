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

/** The most lines one search answers, and how long each line may be. */
const MAX_LINES = 200;
const LINE_CHARS = 300;

/** The `previous` query value of the logs route for the tool's flag. */
function previousQuery(previous: boolean | undefined) {
  if (previous === undefined) return undefined;
  return previous ? 'true' : 'false';
}

/** `paved.logs`: a bounded search of a component's recent log lines. */
export const logsTool = defineAgentTool({
  name: 'logs',
  title: "Search a component's logs",
  description:
    "Searches the recent log lines of the component's containers in the environments you may see: newest first, each with its time and its container (environment, pod, container listed once in sources). Bounded: at most 200 lines, each cut to 300 characters; narrow with environment, pod, search or sinceSeconds.",
  budgetBytes: 16_000,
  attributes: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({
    entity: entityField,
    environment: environmentField,
    search: z
      .string()
      .max(200)
      .optional()
      .describe('Only lines containing this text (case-insensitive)'),
    pod: z.string().max(253).optional().describe('Only this pod'),
    container: z.string().max(63).optional().describe('Only this container'),
    tail: z
      .number()
      .int()
      .min(1)
      .max(MAX_LINES)
      .default(50)
      .describe('Lines per container to read, newest first (default 50)'),
    sinceSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional()
      .describe('Only lines of the last this many seconds'),
    previous: z
      .boolean()
      .optional()
      .describe("The previous (crashed) container's lines"),
  }),
  output: z.object({
    sources: z
      .array(
        z.object({
          environment: z.string(),
          namespace: z.string(),
          pod: z.string(),
          container: z.string(),
        }),
      )
      .describe('The containers the lines come from, each once'),
    lines: z
      .array(
        z.object({
          time: z.string(),
          source: z
            .number()
            .describe('Index of the line’s container in sources'),
          text: z.string(),
        }),
      )
      .describe('Newest first'),
    notice: z.string().optional(),
    unavailableClusters: unavailableClustersField,
    ...budgetFields,
  }),
  examples: [
    {
      title: 'Errors of payments-api in production in the last hour',
      input: {
        entity: 'payments-api',
        environment: 'production',
        search: 'error',
        sinceSeconds: 3600,
        tail: 50,
      },
    },
  ],
  place: input => ({ target: input.entity }),
  async run(input, caller, deps) {
    const answer = await deps.backend.read(
      entityRoutes.logs,
      {
        params: entityParams(input.entity),
        query: {
          environment: input.environment,
          search: input.search,
          pod: input.pod,
          container: input.container,
          tail: input.tail,
          sinceSeconds: input.sinceSeconds,
          previous: previousQuery(input.previous),
        },
      },
      caller.credentials,
    );
    // newest first: the budget cuts from the end, so the newest lines are the ones kept
    const lines = answer.lines
      .slice(-MAX_LINES)
      .reverse()
      .map(line => ({
        time: line.t,
        source: line.s,
        text: line.text.slice(0, LINE_CHARS),
      }));
    return {
      sources: answer.sources.map(source => ({
        environment: source.environment,
        namespace: source.namespace,
        pod: source.pod,
        container: source.container,
      })),
      lines,
      ...(answer.notice ? { notice: answer.notice } : {}),
      ...unavailableOf(answer),
    };
  },
});
