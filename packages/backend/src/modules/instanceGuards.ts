import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { NotAllowedError } from '@backstage/errors';
import { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { agentClientContext } from './agentClients';

/**
 * Routes every plugin carries for the backend's own use: the scheduler's task list, trigger and cancel, and
 * the actions registry (the MCP endpoint runs an action there for an agent's tool call). They answer any valid
 * token, so a signed-in user could list, start or stop another plugin's scheduled work, or run an action
 * around the MCP endpoint and its audit.
 */
const INTERNAL_ROUTE = /^\/api\/[^/]+\/\.backstage\/(scheduler|actions)\//;

/** The JWT type of tokens that backend plugins issue to each other. */
const SERVICE_TOKEN_TYPE = 'vnd.backstage.plugin';

function tokenType(header: string | undefined): string | undefined {
  const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
  if (!token) return undefined;
  const [head, , signature] = token.split('.');
  if (!head || signature === undefined) return 'opaque';
  try {
    const typ = JSON.parse(
      Buffer.from(head, 'base64url').toString('utf8'),
    )?.typ;
    return typeof typ === 'string' ? typ : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Refuses requests to the plugins' internal routes that carry a user's token; a backend service's token (or a
 * static external-access token, which is not a JWT) passes, and a request without a token is left to the
 * plugin's credential check, which answers 401. The token is still verified by the plugin's own credential
 * check afterwards; this only turns users (tokens and cookies) away.
 */
export function internalRoutesGuard(
  req: Request,
  _res: Response,
  next: NextFunction,
) {
  if (!INTERNAL_ROUTE.test(req.path)) {
    next();
    return;
  }
  const type = tokenType(req.header('authorization'));
  // no token: the plugin's own credential check answers 401
  if (type === undefined || type === SERVICE_TOKEN_TYPE || type === 'opaque') {
    next();
    return;
  }
  const [plugin, rest] = req.path.split('/.backstage/');
  next(
    new NotAllowedError(
      rest.startsWith('actions/')
        ? `${plugin}/.backstage/actions is for the backend's services only; ` +
          'AI agents call actions through the MCP endpoint (/api/mcp-actions/v1)'
        : `${plugin}/.backstage/scheduler is for the backend's services only; ` +
          'scheduled tasks cannot be listed, triggered or cancelled by users',
    ),
  );
}

/**
 * True for a WebSocket upgrade that carries no token. The signals plugin accepts such connections as an
 * anonymous subscriber (it authenticates a token only when one is sent), so they are refused here; a token
 * that is sent is still verified by the plugin.
 */
export function isAnonymousUpgrade(req: IncomingMessage): boolean {
  return (
    (req.headers.upgrade ?? '').toLowerCase() === 'websocket' &&
    !req.headers['sec-websocket-protocol']
  );
}

function refuseUpgrade(socket: Duplex) {
  socket.end(
    'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    () => socket.destroy(),
  );
}

/** Express middleware: the first WebSocket upgrade reaches the app as a request before the plugins listen. */
export function anonymousUpgradeGuard(
  req: Request,
  res: Response,
  next: NextFunction,
) {
  if (isAnonymousUpgrade(req)) {
    res.status(401).end();
    return;
  }
  next();
}

/**
 * The root HTTP router with {@link internalRoutesGuard} in front of every plugin, anonymous WebSocket
 * upgrades refused before any plugin sees them, and each MCP tool call named by its client
 * ({@link agentClientContext}).
 */
export const guardedRootHttpRouter = rootHttpRouterServiceFactory({
  configure({ app, server, applyDefaults }) {
    const emit = server.emit.bind(server) as (
      event: string,
      ...args: unknown[]
    ) => boolean;
    server.emit = ((event: string, ...args: unknown[]) => {
      if (
        event === 'upgrade' &&
        isAnonymousUpgrade(args[0] as IncomingMessage)
      ) {
        refuseUpgrade(args[1] as Duplex);
        return true;
      }
      return emit(event, ...args);
    }) as typeof server.emit;
    app.use(anonymousUpgradeGuard);
    app.use(internalRoutesGuard);
    app.use(agentClientContext);
    applyDefaults();
  },
});
