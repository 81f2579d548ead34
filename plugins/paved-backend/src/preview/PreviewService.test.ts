import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  ChangeImpact,
  PavedEnvironmentResource,
} from '@paved/plugin-paved-common';
import {
  ApplyPlan,
  ApplyPlanRequest,
  ClusterRegistry,
  loadEnvironmentResource,
} from '@paved/plugin-paved-node';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';
import { PreviewService, PreviewServiceDeps } from './PreviewService';

jest.mock('@paved/plugin-paved-node', () => ({
  ...jest.requireActual('@paved/plugin-paved-node'),
  loadEnvironmentResource: jest.fn(),
}));

const CHECKOUT = 'group:default/team-checkout';
const ENVIRONMENTS: PavedEnvironmentResource[] = [
  {
    cluster: 'local',
    namespace: 'checkout-dev',
    team: CHECKOUT,
    protected: false,
  },
  {
    cluster: 'local',
    namespace: 'checkout-production',
    team: CHECKOUT,
    protected: true,
  },
  {
    cluster: 'local',
    namespace: 'search-dev',
    team: 'group:default/team-search',
    protected: false,
  },
];

const permissions = tierPolicyPermissions({
  teams: {
    'user:default/bob': [CHECKOUT],
    'user:default/alice': [CHECKOUT],
    'user:default/erin': ['group:default/team-platform'],
  },
  leads: { [CHECKOUT]: ['user:default/alice'] },
  platformAdminGroups: ['group:default/team-platform'],
});

const actor = (user: string, groups = [CHECKOUT]) => ({
  credentials: mockCredentials.user(user),
  identity: { user, groups },
});
const bob = actor('user:default/bob');

const spec = {
  name: 'orders-api',
  owner: CHECKOUT,
  image: 'registry.paved.local/orders-api:1.0.0',
  port: 8080,
  // what an empty form leaves behind: dropped before the spec is read
  replicas: null,
  ingress: { host: '' },
};

const impact: ChangeImpact = {
  blastRadius: {
    restartingPods: [
      { workload: 'Deployment/orders-api', pods: ['orders-api-1'] },
    ],
    services: [],
    conflicts: [],
    cutTraffic: [],
    components: ['orders-api'],
    owners: [CHECKOUT],
  },
  cost: {
    currency: 'EUR',
    before: { min: 10, max: 10 },
    after: { min: 30, max: 200 },
    delta: { min: 20, max: 190 },
    workloads: [],
  },
  notes: [],
};

/** An engine whose plan answers a fixed plan for the objects it is given, and records each request. */
function fakeEngine(answer: Partial<ApplyPlan> = {}) {
  const requests: ApplyPlanRequest[] = [];
  const plan = jest.fn(
    async (request: ApplyPlanRequest): Promise<ApplyPlan> => {
      requests.push(request);
      return {
        cluster: request.cluster,
        objects: request.objects.map(o => o.object),
        results: request.objects.map(({ object }) => ({
          apiVersion: object.apiVersion,
          kind: object.kind,
          namespace: object.metadata.namespace,
          name: object.metadata.name,
          result: 'created',
        })),
        diff: '+ kind: Deployment',
        warnings: [],
        impact,
        ...answer,
      };
    },
  );
  return { plan, requests };
}

function service(deps: Partial<PreviewServiceDeps> = {}) {
  const engine = fakeEngine();
  return {
    engine,
    previews: new PreviewService({
      engine,
      clusters: {} as ClusterRegistry,
      permissions,
      ...deps,
    }),
  };
}

describe('PreviewService', () => {
  beforeEach(() => {
    jest
      .mocked(loadEnvironmentResource)
      .mockImplementation(async (_clusters, cluster, namespace) =>
        ENVIRONMENTS.find(
          e => e.cluster === cluster && e.namespace === namespace,
        ),
      );
  });

  it('dry-runs the rendered golden path as the user in an environment they may change', async () => {
    const { previews, engine } = service();
    const preview = await previews.preview(bob, 'web-service', {
      cluster: 'local',
      namespace: 'checkout-dev',
      spec,
    });
    expect(engine.requests).toHaveLength(1);
    const [request] = engine.requests;
    expect(request).toMatchObject({
      cluster: 'local',
      defaultNamespace: 'checkout-dev',
      identity: bob.identity,
      mode: 'dry-run',
      authorizedNamespaces: ['checkout-dev'],
      platformAdmin: false,
    });
    const kinds = request.objects.map(o => o.object.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['Deployment', 'Service', 'Ingress']),
    );
    expect(
      request.objects.every(
        o => o.object.metadata.namespace === 'checkout-dev',
      ),
    ).toBe(true);
    const deployment = request.objects.find(
      o => o.object.kind === 'Deployment',
    )!.object as any;
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      'registry.paved.local/orders-api:1.0.0',
    );
    expect(preview).toEqual({
      diff: '+ kind: Deployment',
      results: expect.arrayContaining([
        { kind: 'Deployment', name: 'orders-api', result: 'created' },
      ]),
      impact,
      warnings: [],
      needsApproval: false,
    });
    // only kind, name and result of each object are answered
    expect(Object.keys(preview.results[0]).sort()).toEqual([
      'kind',
      'name',
      'result',
    ]);
  });

  it('plans read-only and says a team lead approves where the user may only propose the change', async () => {
    const { previews, engine } = service();
    const preview = await previews.preview(bob, 'web-service', {
      cluster: 'local',
      namespace: 'checkout-production',
      spec,
    });
    expect(engine.requests[0].mode).toBe('read-only');
    expect(engine.requests[0].authorizedNamespaces).toBeUndefined();
    expect(preview.needsApproval).toBe(true);
    expect(preview.impact).toEqual(impact);
  });

  it('lets the team lead change production directly', async () => {
    const { previews, engine } = service();
    const preview = await previews.preview(
      actor('user:default/alice'),
      'web-service',
      { cluster: 'local', namespace: 'checkout-production', spec },
    );
    expect(engine.requests[0].mode).toBe('dry-run');
    expect(preview.needsApproval).toBe(false);
  });

  it('tells the guardrails a platform admin is asking', async () => {
    const { previews, engine } = service();
    await previews.preview(
      actor('user:default/erin', ['group:default/team-platform']),
      'web-service',
      { cluster: 'local', namespace: 'search-dev', spec },
    );
    expect(engine.requests[0].platformAdmin).toBe(true);
  });

  it.each([
    ['another team\u2019s environment', 'search-dev'],
    ['an environment that does not exist', 'checkout-qa'],
  ])('answers 404 for %s and plans nothing', async (_what, namespace) => {
    const { previews, engine } = service();
    await expect(
      previews.preview(bob, 'web-service', {
        cluster: 'local',
        namespace,
        spec,
      }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: `No environment ${namespace} on cluster local that you may see`,
    });
    expect(engine.plan).not.toHaveBeenCalled();
  });

  it('refuses an invalid spec naming the field, before planning', async () => {
    const { previews, engine } = service();
    const { image: _image, ...noImage } = spec;
    await expect(
      previews.preview(bob, 'web-service', {
        cluster: 'local',
        namespace: 'checkout-dev',
        spec: noImage,
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/image/),
    });
    expect(engine.plan).not.toHaveBeenCalled();
  });

  it('refuses a golden path that does not exist', async () => {
    const { previews } = service();
    await expect(
      previews.preview(bob, 'lambda', {
        cluster: 'local',
        namespace: 'checkout-dev',
        spec,
      }),
    ).rejects.toThrow(
      'goldenPath: "lambda" is not a golden path; use one of web-service, worker, cron-job, database',
    );
  });

  it('applies the expert patches text after the spec, as the app-spec step does', async () => {
    const { previews, engine } = service();
    await previews.preview(bob, 'web-service', {
      cluster: 'local',
      namespace: 'checkout-dev',
      spec,
      patches:
        '- target: { kind: Deployment }\n  type: json\n  patch: [{ op: replace, path: /spec/revisionHistoryLimit, value: 7 }]',
    });
    const deployment = engine.requests[0].objects.find(
      o => o.object.kind === 'Deployment',
    )!.object as any;
    expect(deployment.spec.revisionHistoryLimit).toBe(7);
  });

  it('refuses patches text that is not YAML, naming the line', async () => {
    const { previews, engine } = service();
    await expect(
      previews.preview(bob, 'web-service', {
        cluster: 'local',
        namespace: 'checkout-dev',
        spec,
        patches: '- target: { kind: Deployment\n  type: json',
      }),
    ).rejects.toThrow(/^patches: not valid YAML or JSON \(line \d+\)/);
    expect(engine.plan).not.toHaveBeenCalled();
  });

  it('renders the cron-job golden path from its own fields', async () => {
    const { previews, engine } = service();
    await previews.preview(bob, 'cron-job', {
      cluster: 'local',
      namespace: 'checkout-dev',
      spec: {
        name: 'nightly',
        owner: CHECKOUT,
        image: 'registry.paved.local/nightly:1.0.0',
        schedule: '0 3 * * *',
      },
    });
    expect(engine.requests[0].objects.map(o => o.object.kind)).toContain(
      'CronJob',
    );
  });

  it('passes the engine\u2019s refusals on as they are (guardrails, dry run)', async () => {
    class GuardrailError extends InputError {}
    const refusal = new GuardrailError(
      '1 guardrail violation(s); nothing was applied:\n  - Deployment orders-api spec.replicas: …',
    );
    const { previews } = service({
      engine: { plan: jest.fn().mockRejectedValue(refusal) },
    });
    await expect(
      previews.preview(bob, 'web-service', {
        cluster: 'local',
        namespace: 'checkout-dev',
        spec,
      }),
    ).rejects.toBe(refusal);
  });

  it('needs a team lead when the cost forecast pushes the team over budget', async () => {
    const check = jest.fn().mockResolvedValue({
      team: CHECKOUT,
      requiresApproval: true,
      message: `${CHECKOUT} is over budget, so a team lead approves it`,
    });
    const { previews } = service({ budgets: { check } });
    const preview = await previews.preview(bob, 'web-service', {
      cluster: 'local',
      namespace: 'checkout-dev',
      spec,
    });
    expect(check).toHaveBeenCalledWith(
      bob,
      { cluster: 'local', namespace: 'checkout-dev' },
      190,
    );
    expect(preview.needsApproval).toBe(true);
    expect(preview.warnings).toEqual([
      `${CHECKOUT} is over budget, so a team lead approves it`,
    ]);
  });

  it('warns, without refusing, when the budget cannot be checked', async () => {
    const { previews } = service({
      budgets: {
        check: jest.fn().mockRejectedValue(new Error('catalog down')),
      },
    });
    const preview = await previews.preview(bob, 'web-service', {
      cluster: 'local',
      namespace: 'checkout-dev',
      spec,
    });
    expect(preview.needsApproval).toBe(false);
    expect(preview.warnings).toEqual([
      "The team's budget could not be checked: catalog down",
    ]);
  });

  it('never answers a Secret\u2019s values in the impact', async () => {
    const leaky = {
      ...impact,
      notes: [],
      extra: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db' },
        data: { password: 'c2VjcmV0LXZhbHVl' },
      },
    } as unknown as ChangeImpact;
    const { previews } = service({
      engine: fakeEngine({ impact: leaky }),
    });
    const preview = await previews.preview(bob, 'web-service', {
      cluster: 'local',
      namespace: 'checkout-dev',
      spec,
    });
    expect(JSON.stringify(preview)).not.toContain('c2VjcmV0LXZhbHVl');
  });
});
