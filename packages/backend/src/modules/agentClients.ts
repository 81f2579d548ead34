import {
  AGENT_CLIENT_HEADER,
  agentClientName,
  currentAgentClient,
  runWithAgentClient,
} from '@paved/plugin-paved-node';
import express from 'express';
import type {
  NextFunction,
  Request as ExpressRequest,
  Response as ExpressResponse,
} from 'express';

/** The MCP endpoint of the MCP actions backend. */
const MCP_ENDPOINT = /^\/api\/mcp-actions\/v1(\/|$)/;
/** A plugin's actions registry route that runs one action (what the MCP endpoint calls for a tool). */
const ACTION_INVOKE = /\/\.backstage\/actions\/v\d+\/actions\/[^/]+\/invoke$/;

/** The body parser the plugins use, run here first so the rest of the request keeps its context. */
const json = express.json();

/**
 * Names the MCP client of every tool call, for the audit trail. A call to the MCP endpoint is handled as made
 * by the client its `User-Agent` names; the plugin's action that the endpoint then invokes learns the name
 * from `AGENT_CLIENT_HEADER` (see {@link forwardAgentClient}). The body is parsed here (the plugins'
 * parsers then skip it), since the context does not survive the parser's stream events.
 */
export function agentClientContext(
  req: ExpressRequest,
  res: ExpressResponse,
  next: NextFunction,
) {
  if (req.method !== 'POST') {
    next();
    return;
  }
  let client: string | undefined;
  if (MCP_ENDPOINT.test(req.path)) {
    client = agentClientName(req.header('user-agent')) ?? 'unnamed MCP client';
  } else if (ACTION_INVOKE.test(req.path)) {
    client = agentClientName(req.header(AGENT_CLIENT_HEADER));
  }
  if (!client) {
    next();
    return;
  }
  const name = client;
  json(req, res, error => {
    if (error) next(error);
    else runWithAgentClient(name, () => next());
  });
}

/** The path a `fetch` input asks for; empty when it is no absolute URL (the request is then sent as it was). */
function pathOf(input: Parameters<typeof fetch>[0]): string {
  const url =
    typeof input === 'string' || input instanceof URL
      ? String(input)
      : input.url;
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/**
 * Wraps `fetch` so that an action invoked while a tool call is handled (the MCP endpoint calling the plugin
 * that owns the tool) carries the client's name in `AGENT_CLIENT_HEADER`; every other request is sent as it
 * was.
 */
export function forwardAgentClient(fetchImpl: typeof fetch): typeof fetch {
  return (input, init) => {
    const client = currentAgentClient();
    if (!client || !ACTION_INVOKE.test(pathOf(input))) {
      return fetchImpl(input, init);
    }
    const headers = new Headers(
      init?.headers ?? (input instanceof Request ? input.headers : undefined),
    );
    headers.set(AGENT_CLIENT_HEADER, client);
    return fetchImpl(input, { ...init, headers });
  };
}
