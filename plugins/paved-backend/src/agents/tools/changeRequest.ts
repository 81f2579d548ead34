import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod/v3';
import { defineAgentTool } from '../agentTool';
import { answerFor, changeRequestOutput } from '../changeRequestAnswer';

/** How long one call waits at most, and how often it looks again meanwhile. */
const MAX_WAIT_SECONDS = 55;
const POLL_MS = 1_000;

/** `paved.change-request`: reads a change request, or waits for it to be decided and run. */
export const changeRequestTool = defineAgentTool({
  name: 'change-request',
  title: 'Read or wait for a change request',
  description:
    'Reads a change request made by one of the request tools (or any request you may see): its status, whether the user confirmed it, whether a lead must approve it, and the outcome once it ran. With waitSeconds, waits up to that long (at most 55) for it to leave pending or to get its outcome. It never confirms anything: only the user does, in Backstage.',
  budgetBytes: 6_000,
  attributes: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({
    id: z.string().uuid().describe('The id the request tool answered'),
    waitSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_WAIT_SECONDS)
      .default(0)
      .describe('Wait up to this long for a decision and its outcome'),
  }),
  output: changeRequestOutput,
  examples: [
    {
      title: 'Wait half a minute for a clone request',
      input: { id: '3f1c2a4e-8f0b-4f5a-9d8e-2b7c6a1d0e9f', waitSeconds: 30 },
    },
  ],
  place: input => ({ target: `approval request ${input.id}` }),
  async run(input, caller, deps) {
    const deadline = Date.now() + input.waitSeconds * 1000;
    const { groups } = await caller.identity();
    const read = () => deps.approvals.get(caller.credentials, groups, input.id);
    let request = await read();
    const settled = () =>
      request.status === 'rejected' ||
      request.status === 'expired' ||
      (request.status === 'approved' && request.outcome !== undefined);
    while (!settled() && Date.now() + POLL_MS <= deadline) {
      await sleep(POLL_MS);
      request = await read();
    }
    return answerFor(deps, request);
  },
});
