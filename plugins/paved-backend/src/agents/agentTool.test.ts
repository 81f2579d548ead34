import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { z } from 'zod/v3';
import { AgentToolDeps, defineAgentTool, registerAgentTool } from './agentTool';

/** A registry that keeps what is registered, so a test can call the action as the actions backend does. */
function captureRegistry() {
  const registered: any[] = [];
  return { registered, registry: { register: (o: any) => registered.push(o) } };
}

const trail = { record: jest.fn(async () => undefined) };
const deps = {
  userInfo: {
    getUserInfo: async (credentials: any) => ({
      userEntityRef: credentials.principal.userEntityRef,
      ownershipEntityRefs: [
        credentials.principal.userEntityRef,
        'group:default/team-a',
      ],
    }),
  },
  audit: {
    auditor: mockServices.auditor.mock(),
    trail,
    logger: mockServices.logger.mock(),
  },
  appBaseUrl: 'http://localhost:3000',
} as unknown as AgentToolDeps;

const listTool = (answer: () => Promise<{ items: string[] }>) =>
  defineAgentTool({
    name: 'list',
    title: 'A list',
    description: 'Lists things.',
    budgetBytes: 500,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    input: z.object({ entity: z.string() }),
    output: z.object({
      items: z.array(z.string()),
      truncated: z.boolean().optional(),
    }),
    examples: [],
    run: answer,
  });

describe('registerAgentTool', () => {
  beforeEach(() => trail.record.mockClear());

  it('cuts an answer to its byte budget, says so, and records the call with its client', async () => {
    const { registered, registry } = captureRegistry();
    const items = Array.from(
      { length: 100 },
      (_, i) => `item ${i} ${'x'.repeat(20)}`,
    );
    registerAgentTool(
      registry as any,
      deps,
      listTool(async () => ({ items })),
    );
    expect(registered[0].description).toContain('at most 500 bytes');
    const { output } = await registered[0].action({
      input: { entity: 'shop' },
      credentials: mockCredentials.user('user:default/bob'),
      logger: mockServices.logger.mock(),
    });
    expect(Buffer.byteLength(JSON.stringify(output))).toBeLessThanOrEqual(500);
    expect(output.truncated).toBe(true);
    expect(output.items[0]).toBe(items[0]);
    expect(trail.record).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'agent.list',
        actor: 'user:default/bob',
        outcome: 'succeeded',
        details: expect.objectContaining({
          via: 'mcp',
          tool: 'list',
          client: expect.any(String),
        }),
      }),
    );
  });

  it('acts for users only: a service (even Paved itself) is refused before the tool runs', async () => {
    const { registered, registry } = captureRegistry();
    const run = jest.fn();
    registerAgentTool(registry as any, deps, listTool(run));
    await expect(
      registered[0].action({
        input: { entity: 'shop' },
        credentials: mockCredentials.service('plugin:paved'),
        logger: mockServices.logger.mock(),
      }),
    ).rejects.toThrow(/act for a signed-in user/);
    expect(run).not.toHaveBeenCalled();
  });

  it("answers Paved's refusal as the refusal it is, and audits it as refused", async () => {
    const { registered, registry } = captureRegistry();
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'component:default/orders is not yours to see',
          },
          request: { method: 'GET', url: '/x' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ) as any,
    );
    registerAgentTool(
      registry as any,
      deps,
      listTool(async () => {
        throw refusal;
      }),
    );
    const error = await registered[0]
      .action({
        input: { entity: 'orders' },
        credentials: mockCredentials.user('user:default/bob'),
        logger: mockServices.logger.mock(),
      })
      .catch((e: Error) => e);
    expect(error).toMatchObject({
      name: 'NotAllowedError',
      message: 'component:default/orders is not yours to see',
    });
    expect(trail.record).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'agent.list', outcome: 'refused' }),
    );
  });
});
