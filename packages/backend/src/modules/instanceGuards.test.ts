import { NotAllowedError } from '@backstage/errors';
import type { IncomingMessage } from 'node:http';
import { internalRoutesGuard, isAnonymousUpgrade } from './instanceGuards';

/** A JWT-shaped token of the given type (the guard reads the header only; plugins verify the rest). */
const token = (typ: string) =>
  `${Buffer.from(JSON.stringify({ typ, alg: 'ES256' })).toString(
    'base64url',
  )}.e30.c2ln`;

function guard(path: string, authorization?: string) {
  const next = jest.fn();
  internalRoutesGuard(
    {
      path,
      header: (name: string) =>
        name === 'authorization' ? authorization : undefined,
    } as any,
    {} as any,
    next,
  );
  return next.mock.calls[0][0];
}

describe('internalRoutesGuard', () => {
  const tasks = '/api/paved/.backstage/scheduler/v1/tasks';

  it('turns users away from the scheduler routes of every plugin', () => {
    for (const auth of [
      `Bearer ${token('vnd.backstage.user')}`,
      `Bearer ${token('vnd.backstage.limited-user')}`,
    ]) {
      expect(guard(tasks, auth)).toBeInstanceOf(NotAllowedError);
      expect(
        guard('/api/catalog/.backstage/scheduler/v1/tasks/x/trigger', auth),
      ).toBeInstanceOf(NotAllowedError);
    }
  });

  it('lets backend services and static external tokens through to the plugin\u2019s own check', () => {
    expect(guard(tasks, `Bearer ${token('vnd.backstage.plugin')}`)).toBe(
      undefined,
    );
    expect(guard(tasks, 'Bearer static-external-access-token')).toBe(undefined);
  });

  it('turns users away from the actions registry, which agents reach through the MCP endpoint only', () => {
    const invoke = '/api/paved/.backstage/actions/v1/actions/paved:logs/invoke';
    const refused = guard(invoke, `Bearer ${token('vnd.backstage.user')}`);
    expect(refused).toBeInstanceOf(NotAllowedError);
    expect(refused.message).toContain('/api/mcp-actions/v1');
    // the MCP endpoint's call for a tool carries a plugin token
    expect(guard(invoke, `Bearer ${token('vnd.backstage.plugin')}`)).toBe(
      undefined,
    );
  });

  it('leaves every other route alone', () => {
    expect(
      guard('/api/catalog/entities', `Bearer ${token('vnd.backstage.user')}`),
    ).toBe(undefined);
  });
});

describe('isAnonymousUpgrade', () => {
  const req = (headers: Record<string, string>) =>
    ({ headers } as unknown as IncomingMessage);

  it('is true for a WebSocket upgrade without a token only', () => {
    expect(isAnonymousUpgrade(req({ upgrade: 'websocket' }))).toBe(true);
    expect(
      isAnonymousUpgrade(
        req({ upgrade: 'WebSocket', 'sec-websocket-protocol': 'a.b.c' }),
      ),
    ).toBe(false);
    expect(isAnonymousUpgrade(req({}))).toBe(false);
  });
});
