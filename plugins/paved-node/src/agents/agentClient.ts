import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request header that carries the name of an MCP client from the app's MCP endpoint to the plugin whose
 * tool it calls (Backstage forwards only the user's token there). Like the client's own `User-Agent`, it is
 * what the client says it is: a label for the audit trail, never a credential.
 *
 * @public
 */
export const AGENT_CLIENT_HEADER = 'x-paved-agent-client';

const storage = new AsyncLocalStorage<string>();

/** Longest client name kept. */
const MAX_NAME = 120;

/**
 * A client name fit for the audit trail: printable ASCII, at most 120 characters; undefined when nothing is
 * left of it.
 *
 * @public
 */
export function agentClientName(raw: string | undefined): string | undefined {
  const name = (raw ?? '')
    .replace(/[^\x20-\x7e]/g, '')
    .trim()
    .slice(0, MAX_NAME);
  return name || undefined;
}

/**
 * Runs `fn` as the handling of a call made by the MCP client `client`: {@link currentAgentClient} answers it
 * within, across awaits.
 *
 * @public
 */
export function runWithAgentClient<T>(client: string, fn: () => T): T {
  return storage.run(client, fn);
}

/**
 * The MCP client of the tool call being handled, when the app names it (see `AGENT_CLIENT_HEADER`).
 *
 * @public
 */
export function currentAgentClient(): string | undefined {
  return storage.getStore();
}
