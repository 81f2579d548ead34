import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
  rejectionOf,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import {
  ApplyEngine,
  DEFAULT_FORBIDDEN_KINDS,
  GuardrailPolicy,
  KubernetesClient,
} from '@paved/plugin-paved-node';
import { createKubernetesApplyAction } from './apply';
import {
  brokenDeployment,
  configMapYaml,
  goodDeployment,
} from './__fixtures__/workloads';

// Talks to the local cluster: allow for scheduling, rollouts and scrapes.
jest.setTimeout(120_000);

// Each test's environment belongs to a team of this suite alone, so other suites reading the demo
// teams' environments at the same time never see it.
const TEAM = 'group:default/test-apply';
const bob: UserInfoService = {
  getUserInfo: async () => ({
    userEntityRef: 'user:default/bob',
    ownershipEntityRefs: [
      'user:default/bob',
      'group:default/team-checkout',
      TEAM,
    ],
  }),
};

const policy: GuardrailPolicy = {
  podSecurityRestricted: true,
  requireResources: true,
  requireProbes: true,
  forbidLatestTag: true,
  allowedRegistries: ['registry.paved.local'],
  forbiddenKinds: DEFAULT_FORBIDDEN_KINDS,
  requireTeamEnvironment: true,
};

function actionWith(
  overrides: Partial<GuardrailPolicy> = {},
  permissions = mockServices.permissions(),
) {
  const engine = new ApplyEngine(localClusterRegistry(), {
    ...policy,
    ...overrides,
  });
  return createKubernetesApplyAction({
    engine,
    userInfo: bob,
    auditor: mockServices.auditor.mock(),
    permissions,
    clusters: localClusterRegistry(),
  });
}

/** The mock context has no dry-run switch of its own; the scaffolder sets `isDryRun` on the context. */
function withDryRun<T extends object>(
  ctx: T,
  isDryRun: boolean,
): T & { isDryRun: boolean } {
  const logger = (ctx as any).logger;
  jest.spyOn(logger, 'info');
  return Object.assign(ctx, { isDryRun });
}

describe('kubernetes:apply (local cluster)', () => {
  const workspace = createMockDirectory();
  let admin: KubernetesClient;
  let ns: { name: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    admin = await localAdminClient();
  });
  beforeEach(async () => {
    workspace.clear();
    ns = await createTestEnvironment(admin, {
      prefix: 'apply',
      team: TEAM,
    });
  });
  afterEach(async () => {
    await ns.cleanup();
  });

  const context = (input: Record<string, unknown>, isDryRun = false) =>
    withDryRun(
      createMockActionContext({
        workspacePath: workspace.path,
        input: {
          cluster: 'local',
          namespace: ns.name,
          force: false,
          wait: true,
          timeout: 60,
          ...input,
        } as any,
      }),
      isDryRun,
    );

  const exists = (
    kind: 'configmaps' | 'deployments' | 'services',
    name: string,
  ) =>
    admin
      .request({
        path: `/${
          kind === 'deployments' ? 'apis/apps/v1' : 'api/v1'
        }/namespaces/${ns.name}/${kind}/${name}`,
      })
      .then(() => true)
      .catch(e => {
        if (e instanceof NotFoundError) return false;
        throw e;
      });

  it('reports created, configured and unchanged, with a diff of what changed', async () => {
    const action = actionWith();
    workspace.setContent({
      'manifests/a.yaml': configMapYaml('a'),
      'manifests/sub/b.yml': configMapYaml('b'),
    });
    const first = context({ paths: ['manifests'] });
    await action.handler(first);
    expect(first.output).toHaveBeenCalledWith('applied', [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns.name,
        name: 'a',
        result: 'created',
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns.name,
        name: 'b',
        result: 'created',
      },
    ]);

    workspace.setContent({
      'manifests/a.yaml': configMapYaml('a', 'debug'),
      'manifests/sub/b.yml': configMapYaml('b'),
    });
    const second = context({ paths: ['manifests'] });
    await action.handler(second);
    expect(second.output).toHaveBeenCalledWith('applied', [
      expect.objectContaining({ name: 'a', result: 'configured' }),
      expect.objectContaining({ name: 'b', result: 'unchanged' }),
    ]);
    const diff = (second.output as jest.Mock).mock.calls.find(
      c => c[0] === 'diff',
    )[1] as string;
    expect(diff).toContain(`live/ConfigMap ${ns.name}/a`);
    expect(diff).toContain('-  LOG_LEVEL: info');
    expect(diff).toContain('+  LOG_LEVEL: debug');
    expect(diff).not.toContain(`ConfigMap ${ns.name}/b`);
    expect(diff).not.toContain('managedFields');

    const live = await admin.request<any>({
      path: `/api/v1/namespaces/${ns.name}/configmaps/a`,
    });
    expect(live.data).toEqual({ LOG_LEVEL: 'debug' });
    expect(live.metadata.managedFields.map((f: any) => f.manager)).toEqual([
      'paved',
    ]);
  });

  it('previews in dry-run mode: outputs the plan and the diff, stores nothing', async () => {
    const ctx = context({ manifests: configMapYaml('preview') }, true);
    await actionWith().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('applied', [
      expect.objectContaining({ name: 'preview', result: 'created' }),
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'diff',
      expect.stringContaining('+  LOG_LEVEL: info'),
    );
    expect(await exists('configmaps', 'preview')).toBe(false);
  });

  const violations: Array<[string, unknown, RegExp]> = [
    [
      'privileged',
      brokenDeployment(
        'd',
        d =>
          (d.spec.template.spec.containers[0].securityContext.privileged =
            true),
      ),
      /containers\[0\]\.securityContext\.privileged: container "app" is privileged; fix: remove privileged/,
    ],
    [
      'root',
      brokenDeployment(
        'd',
        d => delete d.spec.template.spec.securityContext.runAsNonRoot,
      ),
      /containers\[0\]\.securityContext\.runAsNonRoot: .*may run as root; fix: set runAsNonRoot: true/,
    ],
    [
      'escalation',
      brokenDeployment(
        'd',
        d =>
          delete d.spec.template.spec.containers[0].securityContext
            .allowPrivilegeEscalation,
      ),
      /allowPrivilegeEscalation: .*fix: set allowPrivilegeEscalation: false/,
    ],
    [
      'capabilities',
      brokenDeployment(
        'd',
        d =>
          (d.spec.template.spec.containers[0].securityContext.capabilities = {
            add: ['SYS_ADMIN'],
          }),
      ),
      /capabilities\.drop: .*fix: set capabilities\.drop: \["ALL"\]/,
    ],
    [
      'seccomp',
      brokenDeployment(
        'd',
        d => delete d.spec.template.spec.securityContext.seccompProfile,
      ),
      /seccompProfile\.type: .*no seccomp profile; fix: set seccompProfile\.type: RuntimeDefault/,
    ],
    [
      'host network',
      brokenDeployment('d', d => (d.spec.template.spec.hostNetwork = true)),
      /spec\.template\.spec\.hostNetwork: .*fix: remove hostNetwork/,
    ],
    [
      'host port',
      brokenDeployment(
        'd',
        d => (d.spec.template.spec.containers[0].ports[0].hostPort = 80),
      ),
      /ports\[0\]\.hostPort: .*fix: remove hostPort/,
    ],
    [
      'host path',
      brokenDeployment(
        'd',
        d =>
          (d.spec.template.spec.volumes = [
            { name: 'root', hostPath: { path: '/' } },
          ]),
      ),
      /volumes\[0\]\.hostPath: .*fix: use an emptyDir/,
    ],
    [
      'resources',
      brokenDeployment(
        'd',
        d => delete d.spec.template.spec.containers[0].resources,
      ),
      /resources\.requests\.cpu: container "app" sets no cpu request; fix: set resources\.requests\.cpu/,
    ],
    [
      'probes',
      brokenDeployment(
        'd',
        d => delete d.spec.template.spec.containers[0].readinessProbe,
      ),
      /readinessProbe: container "app" has no readinessProbe; fix: add a readinessProbe/,
    ],
    [
      'latest tag',
      brokenDeployment(
        'd',
        d =>
          (d.spec.template.spec.containers[0].image =
            'registry.paved.local/app:latest'),
      ),
      /image: image "registry.paved.local\/app:latest" uses the tag latest.*fix: pin a version tag/,
    ],
    [
      'untagged',
      brokenDeployment(
        'd',
        d =>
          (d.spec.template.spec.containers[0].image =
            'registry.paved.local/app'),
      ),
      /has no tag.*fix: pin a version tag/,
    ],
    [
      'registry',
      brokenDeployment(
        'd',
        d =>
          (d.spec.template.spec.containers[0].image =
            'docker.io/library/nginx:1.27'),
      ),
      /comes from docker\.io, which is not an allowed registry; fix: use an image from registry\.paved\.local/,
    ],
    [
      'forbidden kind',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'd' },
        rules: [],
      },
      /ClusterRole d \(manifests\[1\]\): kind: ClusterRole may not be applied from a template; fix: ask the platform team/,
    ],
    [
      'namespace kind',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'd' } },
      /Namespace d \(manifests\[1\]\): kind: .*fix: create environments with the kubernetes:environment:create action/,
    ],
  ];

  it.each(violations)(
    'refuses a %s violation, naming object, field and fix, and writes nothing',
    async (_, bad, expected) => {
      const ctx = context({
        manifests: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'companion' },
          },
          bad,
        ],
      });
      const error = await rejectionOf(actionWith().handler(ctx));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(
        /guardrail violation\(s\); nothing was applied/,
      );
      expect(error.message).toMatch(expected);
      expect(await exists('configmaps', 'companion')).toBe(false);
      expect(await exists('deployments', 'd')).toBe(false);
    },
  );

  it('lists every violation at once', async () => {
    const bad = brokenDeployment('d', d => {
      d.spec.template.spec.hostNetwork = true;
      d.spec.template.spec.containers[0].image = 'nginx';
      delete d.spec.template.spec.containers[0].livenessProbe;
    });
    const error = await rejectionOf(
      actionWith().handler(context({ manifests: [bad] })),
    );
    expect(error.message).toMatch(/^4 guardrail violation/);
    expect(error.message).toContain(
      `Deployment ${ns.name}/d (manifests[0]): spec.template.spec.hostNetwork`,
    );
  });

  it('refuses another team\u2019s environment by its own check', async () => {
    // what the tier policy answers a developer for another team's environment
    const deny = mockServices.permissions.mock({
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const error = await rejectionOf(
      actionWith({}, deny).handler(
        context({
          namespace: 'search-dev',
          manifests: configMapYaml('intruder'),
        }),
      ),
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'user:default/bob may not apply to local/search-dev (team group:default/team-search) (paved.environment.apply); nothing was applied. Deploy to an environment of your team, or ask a member of the owning team',
    );
  });

  it('is refused by the API server through impersonation when its own check is off', async () => {
    const error = await rejectionOf(
      actionWith({ requireTeamEnvironment: false }).handler(
        context({
          namespace: 'search-dev',
          manifests: configMapYaml('intruder'),
        }),
      ),
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain('User "user:default/bob" cannot');
  });

  it('catches a Pod Security violation at the dry run, before writing anything', async () => {
    const bad = brokenDeployment('d', d => {
      delete d.spec.template.spec.securityContext.runAsNonRoot;
    });
    const ctx = context({
      manifests: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'companion' },
        },
        bad,
      ],
    });
    const error = await rejectionOf(
      actionWith({ podSecurityRestricted: false }).handler(ctx),
    );
    expect(error.message).toContain(
      'The server-side dry run refused 1 object(s); nothing was applied',
    );
    expect(error.message).toMatch(
      new RegExp(
        `Deployment ${ns.name}/d: its pods would be refused: .*PodSecurity "restricted`,
      ),
    );
    expect(await exists('configmaps', 'companion')).toBe(false);
  });

  it('catches a quota overrun at the dry run, before writing anything', async () => {
    await admin.request({
      method: 'POST',
      path: `/api/v1/namespaces/${ns.name}/resourcequotas`,
      body: {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'no-services' },
        spec: { hard: { services: '0' } },
      },
    });
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80 }] },
    };
    const ctx = context({
      manifests: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'companion' },
        },
        service,
      ],
    });
    // a new quota is enforced once the quota controller has computed its usage
    await waitFor(async () => {
      const quota = await admin.request<any>({
        path: `/api/v1/namespaces/${ns.name}/resourcequotas/no-services`,
      });
      return quota.status?.used ? true : undefined;
    });
    const error = await rejectionOf(actionWith().handler(ctx));
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain(`Service ${ns.name}/web`);
    expect(error.message).toContain('exceeded quota: no-services');
    expect(await exists('configmaps', 'companion')).toBe(false);
  });

  it('reports a conflict with another field manager; force takes the field over', async () => {
    await admin.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns.name}/configmaps/shared`,
      query: { fieldManager: 'helm' },
      contentType: 'application/apply-patch+yaml',
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'shared', namespace: ns.name },
        data: { LOG_LEVEL: 'warn' },
      },
    });
    const error = await rejectionOf(
      actionWith().handler(context({ manifests: configMapYaml('shared') })),
    );
    expect(error.message).toContain(
      `ConfigMap ${ns.name}/shared: field .data.LOG_LEVEL is managed by "helm"`,
    );
    expect(error.message).toContain(
      'Set "force: true" to take these fields over',
    );

    const forced = context({ manifests: configMapYaml('shared'), force: true });
    await actionWith().handler(forced);
    expect(forced.output).toHaveBeenCalledWith('applied', [
      expect.objectContaining({ name: 'shared', result: 'configured' }),
    ]);
  });

  it('waits for a healthy Deployment to roll out', async () => {
    const ctx = context({
      manifests: [goodDeployment('web', { replicas: 2 })],
    });
    await actionWith().handler(ctx);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      `Deployment ${ns.name}/web: rolled out`,
    );
    const live = await admin.request<any>({
      path: `/apis/apps/v1/namespaces/${ns.name}/deployments/web`,
    });
    expect(live.status.availableReplicas).toBe(2);
  });

  it('fails the step with the pod\u2019s reason when a Deployment cannot be scheduled', async () => {
    const ctx = context({
      manifests: [goodDeployment('huge', { cpu: '500' })],
      timeout: 8,
    });
    const error = await rejectionOf(actionWith().handler(ctx));
    expect(error.message).toContain(
      `Rollout of Deployment ${ns.name}/huge failed: not rolled out within 8 s`,
    );
    expect(error.message).toMatch(
      /cannot be scheduled \(Unschedulable\): 0\/\d+ nodes are available: \d+ Insufficient cpu/,
    );
  });

  it('names a missing workspace path', async () => {
    await expect(
      actionWith().handler(context({ paths: ['nowhere'] })),
    ).rejects.toThrow(
      'path "nowhere": no such file or folder in the task workspace',
    );
  });

  it('records the apply with the auditor', async () => {
    const auditor = mockServices.auditor.mock();
    const engine = new ApplyEngine(localClusterRegistry(), policy);
    const action = createKubernetesApplyAction({
      engine,
      userInfo: bob,
      auditor,
      permissions: mockServices.permissions(),
      clusters: localClusterRegistry(),
    });
    await action.handler(context({ manifests: configMapYaml('audited') }));
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'kubernetes-apply',
        meta: expect.objectContaining({
          actor: 'user:default/bob',
          cluster: 'local',
          details: { objects: [`ConfigMap ${ns.name}/audited`] },
        }),
      }),
    );
  });
});
