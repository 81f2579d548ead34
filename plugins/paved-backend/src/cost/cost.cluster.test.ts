import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  PrometheusClient,
  PrometheusCostSource,
  allocateCosts,
  costWindow,
} from '@paved/plugin-paved-node';
import {
  aggregateCosts,
  localAdminClient,
  localClusterEnv,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import request from 'supertest';
import {
  component,
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';

// Costs of the demo workloads (tools/cluster/demo) from the local cluster's Prometheus. KWOK reports usage at
// 25–55 % of each container's CPU request and 55–65 % of its memory request, so every pod is charged its
// requests and every workload is over-provisioned for CPU.
jest.setTimeout(420_000);

const PRICES = {
  cpuCoreHour: 0.0316,
  memoryGiBHour: 0.0042,
  storageGiBMonth: 0.1,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};
const COMPONENT = 'checkout-api';

function group(name: string, budget?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      ...(budget && { annotations: { 'paved.dev/monthly-budget': budget } }),
    },
    spec: { type: 'team', children: [] },
  };
}

/** An environment as Paved's catalog provider adds it. */
function environmentResource(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'kubernetes-environment',
      owner: 'group:default/team-checkout',
    },
  };
}

const entities = [
  environmentResource('local-checkout-dev', {
    'paved.dev/cluster': 'local',
    'paved.dev/namespace': 'checkout-dev',
  }),
  environmentResource('not-an-environment', {}),
  component(COMPONENT, 'team-checkout', COMPONENT),
  component('search-api', 'team-search', 'search-api'),
  group('team-checkout', '200'),
  group('team-search', '40'),
  group('team-platform'),
];
const teams: Record<string, string[]> = {
  'user:default/bob': ['group:default/team-checkout'],
  'user:default/dave': ['group:default/team-search'],
  'user:default/erin': ['group:default/team-platform'],
};
const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);
const base = '/api/paved';

function costConfig() {
  const config = localClusterConfig();
  return {
    ...config,
    paved: {
      ...config.paved,
      cost: { prices: { local: PRICES }, budgetWarningThreshold: 0.8 },
    },
  };
}

/** Σ replicas × (CPU request × price + memory request × price) per hour of the component's Deployments. */
async function hourlyCostOfRequests(namespaces: string[]) {
  const admin = await localAdminClient();
  let hourly = 0;
  for (const namespace of namespaces) {
    const { items } = await admin.request<{ items: any[] }>({
      path: `/apis/apps/v1/namespaces/${namespace}/deployments?labelSelector=${encodeURIComponent(
        `backstage.io/kubernetes-id=${COMPONENT}`,
      )}`,
    });
    for (const deployment of items) {
      for (const container of deployment.spec.template.spec.containers) {
        const cpu = String(container.resources.requests.cpu);
        const memory = String(container.resources.requests.memory);
        const cores = cpu.endsWith('m')
          ? Number(cpu.slice(0, -1)) / 1000
          : +cpu;
        const gib = memory.endsWith('Mi')
          ? Number(memory.slice(0, -2)) / 1024
          : Number(memory.slice(0, -2));
        hourly +=
          deployment.spec.replicas *
          (cores * PRICES.cpuCoreHour + gib * PRICES.memoryGiBHour);
      }
    }
  }
  return hourly;
}

describe('cost endpoints (local cluster)', () => {
  let server: Awaited<ReturnType<typeof startPavedBackend>>;

  beforeAll(async () => {
    server = await startPavedBackend({
      entities,
      teams,
      config: costConfig(),
    });
  });

  /**
   * The component's cost once Prometheus has usage samples, has seen its pods Running for a minute and
   * there are enough samples for the dev environment's rightsizing suggestion. On
   * a cluster just started, requests and usage are scraped before the pods' phases; until a phase is seen,
   * the cost source charges whole hours (as on clusters without phase series).
   */
  let phasesSeen: Promise<unknown> | undefined;
  async function componentCost() {
    phasesSeen ??= waitFor(
      async () => {
        const now = Math.floor(Date.now() / 1000);
        const [running] = await new PrometheusClient(
          localClusterEnv().PAVED_PROMETHEUS_URL,
        ).queryRange(
          'min(count_over_time(kube_pod_status_phase{namespace=~"checkout-dev|checkout-production",phase="Running"}[2m]))',
          { start: now, end: now, step: 15 },
        );
        return (running?.points[0]?.[1] ?? 0) >= 4 ? true : undefined;
      },
      {
        timeoutMs: 240_000,
        intervalMs: 5_000,
        what: 'pods seen Running in Prometheus for a minute',
      },
    );
    await phasesSeen;
    return waitFor(
      async () => {
        const res = await request(server)
          .get(`${base}/entities/default/component/${COMPONENT}/cost`)
          .set('Authorization', as('bob'));
        if (res.status !== 200) {
          throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
        }
        // the suggestion the tests read: on a young cluster, other workloads get theirs first
        const devSuggestion = res.body.rightsizing.some(
          (r: any) =>
            r.namespace === 'checkout-dev' && r.workload === COMPONENT,
        );
        return res.body.monthToDate > 0 && devSuggestion ? res.body : undefined;
      },
      {
        timeoutMs: 360_000,
        intervalMs: 5_000,
        what: `${COMPONENT} cost with usage samples`,
      },
    );
  }

  it(`charges ${COMPONENT} what the cost formula gives on its Prometheus series`, async () => {
    const cost = await componentCost();
    // the demo environments; other tests add short-lived environments of team-checkout meanwhile
    const namespaces = ['checkout-dev', 'checkout-production'];
    expect(cost.byEnvironment.map((e: any) => e.namespace)).toEqual(
      expect.arrayContaining(namespaces),
    );
    const demoTotal = cost.byEnvironment
      .filter((e: any) => namespaces.includes(e.namespace))
      .reduce((s: number, e: any) => s + e.total, 0);
    expect(cost.currency).toBe('USD');
    expect(cost.days).toHaveLength(30);
    expect(cost.daily).toHaveLength(30);
    expect(cost.daily.at(-1)).toBeGreaterThan(0);
    // the environments and workloads add up to the total
    const sum = (lines: any[]) => lines.reduce((s, l) => s + l.total, 0);
    expect(sum(cost.byEnvironment)).toBeCloseTo(cost.monthToDate, 9);
    expect(sum(cost.byWorkload)).toBeCloseTo(cost.monthToDate, 9);
    expect(cost.breakdown.cpu + cost.breakdown.memory).toBeCloseTo(
      cost.monthToDate,
      9,
    );

    const now = Date.parse(cost.now) / 1000;
    const monthStart = Date.parse(cost.monthStart) / 1000;
    const prometheus = new PrometheusClient(
      localClusterEnv().PAVED_PROMETHEUS_URL,
    );

    // 1. the node library's allocation of an input loaded here on its own, over the same window
    const window = costWindow(now);
    const input = await PrometheusCostSource.create({
      cluster: 'local',
      prometheus,
    }).load({ ...window, namespaces, lifetimeResolution: 15 });
    const allocation = allocateCosts(
      {
        ...input,
        pods: input.pods.filter(
          p => p.labels?.['backstage.io/kubernetes-id'] === COMPONENT,
        ),
      },
      PRICES,
      window,
    );
    const library = aggregateCosts(allocation, 'component').groups.find(
      g => g.key === COMPONENT,
    )!;
    expect(Math.abs(demoTotal - library.total) / library.total).toBeLessThan(
      1e-6,
    );

    // 2. the projection is the month at the component's requests (usage stays below them)
    const hours =
      (Date.UTC(
        new Date(now * 1000).getUTCFullYear(),
        new Date(now * 1000).getUTCMonth() + 1,
        1,
      ) /
        1000 -
        monthStart) /
      3600;
    const atRequests = (await hourlyCostOfRequests(namespaces)) * hours;
    const demoProjected = cost.byEnvironment
      .filter((e: any) => namespaces.includes(e.namespace))
      .reduce((s: number, e: any) => s + e.projected, 0);
    expect(Math.abs(demoProjected - atRequests) / atRequests).toBeLessThan(0.1);
  });

  it('names the top cost drivers and suggests lower CPU requests for over-provisioned workloads', async () => {
    const cost = await componentCost();
    expect(cost.topDrivers.length).toBeGreaterThan(0);
    expect(cost.topDrivers[0]).toMatchObject({
      workload: COMPONENT,
      resource: 'cpu',
    });
    expect(cost.topDrivers[0].share).toBeGreaterThan(0);
    const dev = cost.rightsizing.find(
      (s: any) => s.namespace === 'checkout-dev' && s.workload === COMPONENT,
    );
    expect(dev).toMatchObject({
      environment: 'dev',
      container: 'api',
      cpu: { request: 0.25, change: 'lower' },
    });
    expect(dev.cpu.suggested).toBeLessThan(0.25);
    expect(dev.cpu.quantity).toMatch(/^\d+m$/);
    expect(dev.cpu.monthlySaving).toBeGreaterThan(0);
    expect(dev.monthlySaving).toBeGreaterThan(0);
  });

  it('shows team-search over its budget and team-checkout within it', async () => {
    const search = await request(server)
      .get(`${base}/entities/default/group/team-search/cost`)
      .set('Authorization', as('dave'));
    expect(search.status).toBe(200);
    // team Search's demo environments; suites running beside this one may add environments of the team
    expect(
      search.body.byEnvironment.map((e: any) => e.namespace).sort(),
    ).toEqual(expect.arrayContaining(['search-dev', 'search-production']));
    expect(search.body.byComponent[0]).toMatchObject({ name: 'search-api' });
    expect(search.body.budget).toMatchObject({
      budget: 40,
      source: 'annotation',
      status: 'over',
      projected: { state: 'over' },
    });
    expect(search.body.budget.projected.amount).toBeCloseTo(
      search.body.projected,
      9,
    );

    const checkout = await request(server)
      .get(`${base}/entities/default/group/team-checkout/cost`)
      .set('Authorization', as('bob'));
    expect(checkout.status).toBe(200);
    expect(checkout.body.budget).toMatchObject({
      budget: 200,
      status: 'ok',
    });
    expect(checkout.body.monthToDate).toBeGreaterThan(0);
  });

  it('charges one environment per component and workload, as the formula gives on its series', async () => {
    await componentCost(); // history with usage
    const env = await request(server)
      .get(`${base}/entities/default/resource/local-checkout-dev/cost`)
      .set('Authorization', as('bob'));
    expect(env.status).toBe(200);
    expect(env.body).toMatchObject({
      entityRef: 'resource:default/local-checkout-dev',
      cluster: 'local',
      namespace: 'checkout-dev',
      environment: 'dev',
      team: 'group:default/team-checkout',
    });
    expect(env.body.monthToDate).toBeGreaterThan(0);
    // the node library's allocation of the namespace, loaded here on its own over the same window
    const window = costWindow(Date.parse(env.body.now) / 1000);
    const input = await PrometheusCostSource.create({
      cluster: 'local',
      prometheus: new PrometheusClient(localClusterEnv().PAVED_PROMETHEUS_URL),
    }).load({
      ...window,
      namespaces: ['checkout-dev'],
      lifetimeResolution: 15,
    });
    const library = aggregateCosts(
      allocateCosts(input, PRICES, window),
      'environment',
    ).total.total;
    expect(Math.abs(env.body.monthToDate - library) / library).toBeLessThan(
      1e-6,
    );
    const sum = (lines: any[]) => lines.reduce((s, l) => s + l.total, 0);
    expect(sum(env.body.byComponent)).toBeCloseTo(env.body.monthToDate, 9);
    expect(sum(env.body.byWorkload)).toBeCloseTo(env.body.monthToDate, 9);
    expect(env.body.byComponent.map((c: any) => c.name)).toContain(COMPONENT);
    expect(
      env.body.byWorkload.every((w: any) => w.namespace === 'checkout-dev'),
    ).toBe(true);

    const wrong = await request(server)
      .get(`${base}/entities/default/resource/not-an-environment/cost`)
      .set('Authorization', as('bob'));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain(
      'resource:default/not-an-environment is not a Paved environment',
    );
  });

  it('lists every team with its budget status for platform admins', async () => {
    const res = await request(server)
      .get(`${base}/teams/cost`)
      .set('Authorization', as('erin'));
    expect(res.status).toBe(200);
    const byTeam = Object.fromEntries(
      (res.body.teams as any[]).map(t => [t.team, t]),
    );
    expect(Object.keys(byTeam)).toEqual(
      expect.arrayContaining([
        'group:default/team-checkout',
        'group:default/team-search',
        'group:default/team-platform',
      ]),
    );
    expect(byTeam['group:default/team-search'].budget.status).toBe('over');
    expect(byTeam['group:default/team-checkout'].budget.status).toBe('ok');
    expect(byTeam['group:default/team-platform'].monthToDate).toBe(0);
  });

  it('answers 403 on every cost route when the permission policy denies', async () => {
    const denied = await startPavedBackend({
      entities,
      teams,
      config: costConfig(),
      deny: true,
    });
    for (const path of [
      `/entities/default/component/${COMPONENT}/cost`,
      '/entities/default/group/team-checkout/cost',
      '/entities/default/resource/local-checkout-dev/cost',
      '/teams/cost',
    ]) {
      const res = await request(denied)
        .get(`${base}${path}`)
        .set('Authorization', as('bob'));
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.body.error.name).toBe('NotAllowedError');
    }
  });
});
