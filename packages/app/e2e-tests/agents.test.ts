import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test } from '@playwright/test';
import { backendUrl } from './backends';
import { overview, overviewWhen } from './scaffolderApi';
import { signInAs } from './signIn';
import { as, userToken } from './users';

const suffix = Math.random().toString(36).slice(2, 7);

/** The official MCP SDK client on the app's MCP endpoint, as Bob's agent. */
async function agentOf(token: string) {
  const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`${backendUrl()}/api/mcp-actions/v1`),
      {
        requestInit: {
          headers: {
            Authorization: `Bearer ${token}`,
            'User-Agent': 'e2e-agent/1.0',
          },
        },
      },
    ),
  );
  return async (name: string, args: object) => {
    const answer = await client.callTool({ name, arguments: args as any });
    const text = (answer.content as any[]).map(c => c.text ?? '').join('');
    expect(answer.isError, text).toBeFalsy();
    return answer.structuredContent as any;
  };
}

test.describe("an AI agent's clone, confirmed by its user in Backstage (Bob, team-checkout)", () => {
  test.describe.configure({ mode: 'serial', timeout: 240_000 });
  const name = `agent-${suffix}`;
  const namespace = `checkout-${name}`;
  let token: string;
  let call: Awaited<ReturnType<typeof agentOf>>;

  test.beforeAll(async ({ request }) => {
    token = await userToken(request, 'bob');
    call = await agentOf(token);
  });
  test.afterAll(async () => {
    // the environment goes the way it came: an agent's request, confirmed by Bob
    const asked = await call('paved.request-delete-environment', {
      cluster: 'local',
      namespace,
    }).catch(() => undefined);
    if (asked?.id) {
      await fetch(
        `${backendUrl()}/api/paved/approvals/${asked.id}/confirmation`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ decision: 'confirm' }),
        },
      );
    }
  });

  test('the clone is a pending request until Bob confirms it on the page the agent links to', async ({
    page,
    request,
  }) => {
    const asked = await call('paved.request-clone', {
      cluster: 'local',
      source: 'checkout-dev',
      name,
      lifecycle: 'ephemeral',
      ttlHours: 2,
    });
    expect(asked).toMatchObject({
      status: 'pending',
      namespace,
      needsLead: false,
      confirmedByUser: false,
    });
    const link = new URL(asked.link);
    expect(link.pathname).toBe('/paved/change-requests');
    // nothing was created
    const before = await overview(request, token, 'checkout-api');
    expect(before.environments.map((e: any) => e.namespace)).not.toContain(
      namespace,
    );

    await signInAs(page, 'bob');
    await page.goto(`${link.pathname}${link.search}`);
    const item = page.getByTestId(`agent-request-${asked.id}`);
    await expect(item.getByText('waits for your confirmation')).toBeVisible();
    await expect(item.getByLabel('Diff')).toContainText('checkout-api');
    await item.getByRole('button', { name: 'Confirm' }).click();
    await expect(item.getByText('applied', { exact: true })).toBeVisible({
      timeout: 120_000,
    });

    const after = await overviewWhen(request, token, 'checkout-api', view =>
      view.environments.some((e: any) => e.namespace === namespace),
    );
    expect(after.environments.map((e: any) => e.namespace)).toContain(
      namespace,
    );
    const read = await call('paved.change-request', { id: asked.id });
    expect(read).toMatchObject({
      status: 'approved',
      outcome: 'applied',
      confirmedByUser: true,
    });
  });

  test("the audit trail names the agent's user and its MCP client", async ({
    request,
  }) => {
    const res = await request.get(`${backendUrl()}/api/paved/audit?limit=200`, {
      headers: await as(request, 'erin'),
    });
    expect(res.status()).toBe(200);
    const events = (await res.json()).events as any[];
    const clone = events.find(
      e => e.action === 'agent.request-clone' && e.actor === 'user:default/bob',
    );
    expect(clone).toMatchObject({
      outcome: 'succeeded',
      details: { via: 'mcp', client: 'e2e-agent/1.0', tool: 'request-clone' },
    });
    const confirmed = events.find(
      e => e.action === 'approval.confirm' && e.actor === 'user:default/bob',
    );
    expect(confirmed?.details).toMatchObject({
      via: 'mcp',
      client: 'e2e-agent/1.0',
    });
  });
});
