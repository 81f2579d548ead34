import { setTimeout as sleep } from 'node:timers/promises';
import {
  agentClientName,
  currentAgentClient,
  runWithAgentClient,
} from './agentClient';

describe('agent client context', () => {
  it('answers the client of the call being handled, across awaits, and nothing outside one', async () => {
    expect(currentAgentClient()).toBeUndefined();
    const seen = await Promise.all([
      runWithAgentClient('claude-code/2.1', async () => {
        await sleep(5);
        return currentAgentClient();
      }),
      runWithAgentClient('cursor/1.7', async () => currentAgentClient()),
    ]);
    expect(seen).toEqual(['claude-code/2.1', 'cursor/1.7']);
    expect(currentAgentClient()).toBeUndefined();
  });

  it('keeps names printable and short', () => {
    expect(agentClientName(' claude-code/2.1 (darwin)\r\n')).toBe(
      'claude-code/2.1 (darwin)',
    );
    expect(agentClientName('x'.repeat(500))).toHaveLength(120);
    expect(agentClientName('\u0000\u200b')).toBeUndefined();
    expect(agentClientName(undefined)).toBeUndefined();
  });
});
