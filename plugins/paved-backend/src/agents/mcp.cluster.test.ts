import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mockCredentials } from '@backstage/backend-test-utils';
import mcpPlugin from '@backstage/plugin-mcp-actions-backend';
import { KubernetesClient, renderGoldenPath } from '@paved/plugin-paved-node';
import {
  createTestEnvironment,
  localAdminClient,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import {
  component,
  createTestDeployment,
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';
import { agentChangeTools, agentReadTools } from './registerAgentTools';

// Drives the MCP endpoint of a backend with Paved and the MCP actions backend, with the official MCP SDK
// client, against the local cluster; the users are answered by the real tier policy.
jest.setTimeout(240_000);

/** A tool's answer as a test reads it: the structured result, its text, its size, and whether it failed. */
interface ToolAnswer {
  isError: boolean;
  /** The structured result (absent for an error). */
  result: any;
  /** The text content (an error's words). */
  text: string;
  /** Bytes of the result's JSON text. */
  bytes: number;
}

/**
 * The official MCP SDK client on a test backend's MCP endpoint (`/api/mcp-actions/v1`), sending
 * `authorization` with every request: what an IDE agent or chat client does.
 */
async function connectMcp(
  server: Server,
  authorization: string,
): Promise<{
  client: Client;
  call: (name: string, args: object) => Promise<ToolAnswer>;
}> {
  const { port } = server.address() as AddressInfo;
  const transport = new StreamableHTTPClientTransport(
    new URL(`http://127.0.0.1:${port}/api/mcp-actions/v1`),
    { requestInit: { headers: { Authorization: authorization } } },
  );
  const client = new Client({ name: 'paved-tests', version: '1.0.0' });
  await client.connect(transport);
  const call = async (name: string, args: object): Promise<ToolAnswer> => {
    const answer = await client.callTool({ name, arguments: args as any });
    const text = ((answer.content as any[]) ?? [])
      .map(c => (c.type === 'text' ? c.text : ''))
      .join('');
    return {
      isError: Boolean(answer.isError),
      result: answer.structuredContent,
      text,
      bytes: Buffer.byteLength(text, 'utf8'),
    };
  };
  return { client, call };
}

const run = randomBytes(3).toString('hex');
const team = `group:default/mcp${run}`;
const admins = `group:default/mcp${run}-admins`;
const user = (name: string) => `user:default/mcp${run}-${name}`;
const bob = user('bob'); // developer of the team, and of the demo's team-checkout (payments-api)
const alice = user('alice'); // lead of the team
const erin = user('erin'); // platform admin
// a second team of bob's, over its (tiny) monthly budget
const thrifty = `group:default/mcp${run}b`;
const teams = {
  [bob]: [team, thrifty, 'group:default/team-checkout'],
  [alice]: [team],
  [erin]: [admins],
};
const as = (who: string) => mockCredentials.user.header(who);
const APP = 'http://localhost:3000';
const IMAGE = 'registry.paved.local/shop:1.0.0';

type Env = { name: string; cleanup: () => Promise<void> };

describe('Paved over MCP: team-scoped tools, and a person confirms every change', () => {
  let admin: KubernetesClient;
  let dev: Env;
  let prod: Env;
  let preview: Env;
  let wide: Env;
  let budgeted: Env;
  let server: Awaited<ReturnType<typeof startPavedBackend>>;
  let bobCall: (name: string, args: object) => Promise<ToolAnswer>;
  let listTools: () => Promise<{ tools: any[] }>;

  const environment = (prefix: string, name: string, labels = {}) =>
    createTestEnvironment(admin, {
      team,
      prefix,
      labels: { 'paved.dev/environment': name, ...labels },
    });

  beforeAll(async () => {
    admin = await localAdminClient();
    dev = await environment(`mcpdev${run}`, 'dev');
    prod = await environment(`mcpprod${run}`, 'production', {
      'paved.dev/protected': 'true',
    });
    preview = await environment(`mcppr${run}`, 'pr-7');
    budgeted = await createTestEnvironment(admin, {
      team: thrifty,
      prefix: `mcpbud${run}`,
      labels: { 'paved.dev/environment': 'dev' },
    });
    // the 60-pod component of the entity bench: three Deployments of 20 replicas
    wide = await environment(`mcpwide${run}`, 'staging');
    for (const name of ['wide-api', 'wide-worker', 'wide-web']) {
      await createTestDeployment(admin, {
        namespace: wide.name,
        name,
        id: 'wide',
        replicas: 20,
      });
    }
    // production runs shop already (as its golden path renders it), one replica
    const [deployment] = renderGoldenPath(
      { name: 'shop', owner: team, image: IMAGE } as never,
      'web-service',
      { namespace: prod.name },
    ).filter(o => o.kind === 'Deployment');
    await admin.request({
      method: 'POST',
      path: `/apis/apps/v1/namespaces/${prod.name}/deployments`,
      body: {
        ...deployment,
        spec: { ...(deployment as any).spec, replicas: 1 },
      },
    });
    const cluster = localClusterConfig();
    server = await startPavedBackend({
      entities: [
        component('payments-api', 'team-checkout', 'payments-api'),
        component('orders-api', 'team-orders', 'orders-api'),
        component('shop', team.replace('group:default/', ''), 'shop'),
        component('wide', team.replace('group:default/', ''), 'wide'),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: {
            name: team.replace('group:default/', ''),
            namespace: 'default',
            annotations: { 'paved.dev/team-leads': alice },
          },
          spec: { type: 'team', children: [] },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: {
            name: thrifty.replace('group:default/', ''),
            namespace: 'default',
          },
          spec: { type: 'team', children: [] },
          relations: [
            { type: 'hasMember', targetRef: bob },
            { type: 'hasMember', targetRef: alice },
          ],
        },
      ],
      teams,
      config: {
        ...cluster,
        app: { baseUrl: APP },
        backend: { actions: { pluginSources: ['paved'] } },
        paved: {
          ...cluster.paved,
          guardrails: { allowedRegistries: ['registry.paved.local'] },
          cost: {
            prices: {
              local: {
                cpuCoreHour: 0.0316,
                memoryGiBHour: 0.0042,
                storageGiBMonth: 0.04,
                loadBalancerHour: 0.025,
              },
            },
            budgets: { [thrifty]: 0.01 },
          },
        },
      },
      permissions: tierPolicyPermissions({
        teams,
        leads: { [team]: [alice], [thrifty]: [alice] },
        platformAdminGroups: [admins],
      }),
      features: [mcpPlugin],
    });
    const mcp = await connectMcp(server, as(bob));
    bobCall = mcp.call;
    listTools = () => mcp.client.listTools();
  });
  afterAll(async () => {
    await Promise.all(
      [dev, prod, preview, wide, budgeted].map(e => e?.cleanup()),
    );
  });

  /** The requester's answer in Backstage: what the Change requests page sends. */
  const confirm = (id: string, who = bob, decision = 'confirm') =>
    request(server)
      .post(`/api/paved/approvals/${id}/confirmation`)
      .set('Authorization', as(who))
      .send({ decision });

  const replicasOf = async (namespace: string, name = 'shop') =>
    (
      await admin.request<{ spec: { replicas: number } }>({
        path: `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
      })
    ).spec.replicas;

  const exists = (path: string) =>
    admin.request({ path }).then(
      () => true,
      (e: Error) => {
        if (e.name === 'NotFoundError') return false;
        throw e;
      },
    );

  it("lists Paved's tools, each with its schema and truthful flags", async () => {
    const { tools } = await listTools();
    const byName = new Map(tools.map(t => [t.name, t]));
    for (const tool of agentReadTools) {
      expect(byName.get(`paved.${tool.name}`)).toMatchObject({
        annotations: { readOnlyHint: true, destructiveHint: false },
        inputSchema: { type: 'object' },
      });
    }
    for (const tool of agentChangeTools) {
      expect(byName.get(`paved.${tool.name}`)).toMatchObject({
        annotations: {
          readOnlyHint: false,
          idempotentHint: false,
          destructiveHint: tool.name !== 'request-clone',
        },
      });
    }
    expect(tools.filter(t => t.name.startsWith('paved.'))).toHaveLength(
      agentReadTools.length + agentChangeTools.length,
    );
  });

  it("answers payments-api's crash loop with its cause, the evidence and the fix", async () => {
    const found = await waitFor(
      async () => {
        const answer = await bobCall('paved.diagnoses', {
          entity: 'payments-api',
          environment: 'sandbox',
        });
        expect(answer.isError).toBe(false);
        return (answer.result.diagnoses as any[]).find(
          d =>
            d.problem === 'crash-loop' &&
            d.evidence.lastLogLines?.length > 0 &&
            answer.bytes <= 6_000,
        );
      },
      {
        timeoutMs: 120_000,
        intervalMs: 2000,
        what: 'the crash loop of payments-api',
      },
    );
    expect(found).toMatchObject({
      environment: 'sandbox',
      namespace: 'checkout-sandbox',
      container: 'api',
      fix: 'Read its last log lines; check the command, the configuration and the secrets it needs.',
    });
    expect(found.object).toMatch(/^Pod\/payments-api-/);
    expect(found.cause).toContain('keeps exiting');
    expect(found.evidence.restarts).toBeGreaterThanOrEqual(1);
    expect(found.evidence.lastLogLines.at(-1)).toContain('FATAL');
    expect(found.nextStep).toContain('paved.request-apply');
  });

  it('backs a diagnosis with its Kubernetes event: the scheduler\u2019s refusal of payments-reports', async () => {
    const found = await waitFor(
      async () => {
        const answer = await bobCall('paved.diagnoses', {
          entity: 'payments-api',
          environment: 'sandbox',
        });
        return (answer.result?.diagnoses as any[])?.find(
          d => d.problem === 'unschedulable' && d.evidence.event,
        );
      },
      {
        timeoutMs: 120_000,
        intervalMs: 2000,
        what: 'the unschedulable pod with its event',
      },
    );
    expect(found.object).toMatch(/^Pod\/payments-reports-/);
    expect(found.evidence.event).toMatchObject({
      type: 'Warning',
      reason: 'FailedScheduling',
    });
    expect(found.evidence.event.message).toContain('Insufficient cpu');
  });

  it("refuses another team's component, saying nothing of it", async () => {
    const answer = await bobCall('paved.environments', {
      entity: 'orders-api',
    });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/^(NotAllowedError|NotFoundError): /);
    expect(answer.text).not.toContain('namespace');
    const logs = await bobCall('paved.logs', {
      entity: 'component:default/orders-api',
    });
    expect(logs.isError).toBe(true);
  });

  it('a golden path apply is only a request until the user confirms it in Backstage; then it runs as them', async () => {
    const asked = await bobCall('paved.request-apply', {
      cluster: 'local',
      namespace: dev.name,
      goldenPath: 'web-service',
      spec: { name: 'shop', owner: team, image: IMAGE },
      confirmed: true, // what the client claims is ignored
    });
    expect(asked.isError).toBe(false);
    expect(asked.result).toMatchObject({
      status: 'pending',
      confirmedByUser: false,
      needsLead: false,
      link: `${APP}/paved/change-requests?id=${asked.result.id}`,
    });
    expect(asked.result.diff).toContain('Deployment');
    expect(asked.bytes).toBeLessThanOrEqual(6_000);
    // nothing was applied
    expect(
      await exists(`/apis/apps/v1/namespaces/${dev.name}/deployments/shop`),
    ).toBe(false);
    const read = await bobCall('paved.change-request', { id: asked.result.id });
    expect(read.result).toMatchObject({
      status: 'pending',
      confirmedByUser: false,
    });

    const confirmed = await confirm(asked.result.id);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'approved',
      outcome: 'applied',
      agent: { confirmedBy: bob, needsLead: false },
    });
    expect(await replicasOf(dev.name)).toBeGreaterThanOrEqual(1);
    const done = await bobCall('paved.change-request', { id: asked.result.id });
    expect(done.result).toMatchObject({
      status: 'approved',
      outcome: 'applied',
    });
    // confirmed once: a second confirmation is refused
    expect((await confirm(asked.result.id)).status).toBe(409);
  });

  it('scale, rollback and delete change nothing until confirmed; a cancelled request never runs', async () => {
    const before = await replicasOf(dev.name);
    const scale = await bobCall('paved.request-scale', {
      cluster: 'local',
      namespace: dev.name,
      name: 'shop',
      replicas: before + 2,
    });
    expect(scale.result).toMatchObject({ status: 'pending', needsLead: false });
    expect(scale.result.diff).toContain('replicas');
    expect(await replicasOf(dev.name)).toBe(before);

    const revisions = await bobCall('paved.revisions', { entity: 'shop' });
    const first = (revisions.result.revisions as any[]).find(
      r => r.namespace === dev.name,
    );
    expect(first).toBeDefined();
    const rollback = await bobCall('paved.request-rollback', {
      cluster: 'local',
      namespace: dev.name,
      revision: first.revision,
    });
    expect(rollback.isError).toBe(false);
    expect(rollback.result.status).toBe('pending');

    const del = await bobCall('paved.request-delete-environment', {
      cluster: 'local',
      namespace: preview.name,
    });
    expect(del.result).toMatchObject({ status: 'pending', needsLead: false });
    expect(await exists(`/api/v1/namespaces/${preview.name}`)).toBe(true);

    // the user cancels the scale: it never runs
    const cancelled = await confirm(scale.result.id, bob, 'cancel');
    expect(cancelled.body).toMatchObject({ status: 'rejected' });
    expect((await confirm(scale.result.id)).status).toBe(409);
    expect(await replicasOf(dev.name)).toBe(before);
    const read = await bobCall('paved.change-request', { id: scale.result.id });
    expect(read.result.next).toContain('cancelled by the user');

    // another user cannot confirm bob's request
    expect((await confirm(del.result.id, alice)).status).toBe(404);
    expect(await exists(`/api/v1/namespaces/${preview.name}`)).toBe(true);
    // bob confirms the deletion, which then runs as him
    const deleted = await confirm(del.result.id);
    expect(deleted.body).toMatchObject({
      status: 'approved',
      outcome: 'applied',
    });
    await waitFor(
      async () =>
        (await exists(`/api/v1/namespaces/${preview.name}`)) ? undefined : true,
      { timeoutMs: 60_000, what: `namespace ${preview.name} gone` },
    );
  });

  it('a clone is only a request: the target does not exist until confirmed', async () => {
    const clone = await bobCall('paved.request-clone', {
      cluster: 'local',
      source: dev.name,
      name: `cl${run}`,
    });
    expect(clone.text).not.toMatch(/Error/);
    expect(clone.result).toMatchObject({ status: 'pending', needsLead: false });
    const target = `${team.replace('group:default/', '')}-cl${run}`;
    expect(clone.result.namespace).toBe(target);
    expect(await exists(`/api/v1/namespaces/${target}`)).toBe(false);
    // left unconfirmed: it expires and never runs (ApprovalStore's tests expire one)
  });

  it('a production change waits for the user, then for a team lead', async () => {
    const scale = await bobCall('paved.request-scale', {
      cluster: 'local',
      namespace: prod.name,
      name: 'shop',
      replicas: 3,
    });
    expect(scale.text).not.toMatch(/Error/);
    expect(scale.result).toMatchObject({ status: 'pending', needsLead: true });
    const id = scale.result.id;
    // the lead cannot approve what the user has not confirmed
    const early = await request(server)
      .post(`/api/paved/approvals/${id}/decision`)
      .set('Authorization', as(alice))
      .send({ decision: 'approve' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('waits for');

    const confirmed = await confirm(id);
    expect(confirmed.body).toMatchObject({
      status: 'pending',
      agent: { confirmedBy: bob, needsLead: true },
    });
    expect(await replicasOf(prod.name)).toBe(1);
    const waiting = await bobCall('paved.change-request', { id });
    expect(waiting.result.next).toContain('waits for a team lead');

    const approved = await request(server)
      .post(`/api/paved/approvals/${id}/decision`)
      .set('Authorization', as(alice))
      .send({ decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      outcome: 'applied',
    });
    expect(await replicasOf(prod.name)).toBe(3);
  });

  it('a change that takes the team over its budget goes to a lead, even where the user may apply', async () => {
    const asked = await bobCall('paved.request-apply', {
      cluster: 'local',
      namespace: budgeted.name,
      goldenPath: 'web-service',
      spec: { name: 'shop', owner: thrifty, image: IMAGE },
    });
    expect(asked.text).not.toMatch(/Error/);
    expect(asked.result).toMatchObject({ status: 'pending', needsLead: true });
    expect(asked.result.impact).toMatch(/cost \+/);
    const confirmed = await confirm(asked.result.id);
    expect(confirmed.body).toMatchObject({ status: 'pending' });
    expect(
      await exists(
        `/apis/apps/v1/namespaces/${budgeted.name}/deployments/shop`,
      ),
    ).toBe(false);
  });

  it("refuses a change to another team's environment before anything is asked", async () => {
    const answer = await bobCall('paved.request-scale', {
      cluster: 'local',
      namespace: 'search-dev',
      name: 'search-api',
      replicas: 5,
    });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/^(NotAllowedError|NotFoundError): /);
  });

  it('records every agent call in the audit trail with the MCP client', async () => {
    const trail = await request(server)
      .get('/api/paved/audit?limit=500')
      .set('Authorization', as(erin));
    expect(trail.status).toBe(200);
    const mine = (trail.body.events as any[]).filter(e => e.actor === bob);
    const actions = new Set(mine.map(e => e.action));
    for (const action of [
      'agent.diagnoses',
      'agent.environments',
      'agent.request-apply',
      'agent.request-scale',
      'agent.change-request',
      'approval.request',
      'approval.confirm',
    ]) {
      expect(actions).toContain(action);
    }
    const refused = mine.find(e => e.action === 'agent.environments');
    expect(refused).toMatchObject({ outcome: 'refused' });
    for (const entry of mine.filter(e => e.action.startsWith('agent.'))) {
      expect(entry.details).toMatchObject({
        via: 'mcp',
        client: expect.any(String),
      });
    }
  });

  it('keeps every read tool within its byte budget on a 60-pod component', async () => {
    await waitFor(
      async () => {
        const answer = await bobCall('paved.environments', { entity: 'wide' });
        const ready = (answer.result?.environments ?? [])
          .flatMap((e: any) => e.workloads)
          .reduce((n: number, w: any) => n + (w.ready ?? 0), 0);
        return ready === 60 ? true : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 2000, what: '60 ready pods of wide' },
    );
    const widest: Record<string, object> = {
      environments: { entity: 'wide' },
      diagnoses: { entity: 'wide' },
      logs: { entity: 'wide', tail: 200 },
      events: { entity: 'wide', limit: 100 },
      'golden-signals': { entity: 'wide', range: '24h' },
      cost: { entity: 'wide' },
      revisions: { entity: 'wide', limit: 50 },
    };
    for (const tool of agentReadTools) {
      const args = widest[tool.name];
      if (!args) continue;
      const answer = await bobCall(`paved.${tool.name}`, args);
      expect({
        tool: tool.name,
        error: answer.isError ? answer.text : undefined,
      }).toEqual({
        tool: tool.name,
        error: undefined,
      });
      expect({ tool: tool.name, bytes: answer.bytes }).toEqual({
        tool: tool.name,
        bytes: expect.any(Number),
      });
      expect(answer.bytes).toBeLessThanOrEqual(tool.budgetBytes);
    }
    // 60 containers' last 200 lines are more than the logs budget holds: the answer is cut to it, and says so
    const logs = await waitFor(
      async () => {
        const answer = await bobCall('paved.logs', {
          entity: 'wide',
          tail: 200,
        });
        return answer.result?.truncated ? answer : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 2000,
        what: 'more log lines of wide than fit',
      },
    );
    expect(logs.bytes).toBeLessThanOrEqual(16_000);
    expect(logs.result.lines.length).toBeGreaterThan(10);
    expect(logs.result.sources.length).toBeGreaterThan(0);
  });
});
