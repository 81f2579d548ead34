import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { UserInfoService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  localAdminClient,
  localClusterRegistry,
  rejectionOf,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import {
  ApplyEngine,
  DEFAULT_FORBIDDEN_KINDS,
  EnvironmentService,
  KubernetesClient,
  KubernetesObject,
} from '@paved/plugin-paved-node';
import { randomBytes } from 'node:crypto';
import { createEnvironmentCloneAction } from './clone';
import { createEnvironmentCreateAction } from './create';
import { createEnvironmentDeleteAction } from './delete';
import { goodDeployment } from '../__fixtures__/workloads';

// Talks to the local cluster: allow for scheduling, rollouts and scrapes.
jest.setTimeout(180_000);

// Bob's team is one of this run alone, so the environments made here never mix with the demo team's
// environments that other suites read at the same time. Its environments are named `<PREFIX>-<name>`.
const PREFIX = `e${randomBytes(3).toString('hex')}`;
const TEAM = `group:default/team-${PREFIX}`;
const users: Record<string, string[]> = {
  'user:default/bob': [TEAM],
  'user:default/dave': ['group:default/team-search'],
  'user:default/erin': ['group:default/team-platform'],
};
const as = (user: string): UserInfoService => ({
  getUserInfo: async () => ({
    userEntityRef: user,
    ownershipEntityRefs: [user, ...users[user]],
  }),
});
const catalog = catalogServiceMock({
  entities: [`team-${PREFIX}`, 'team-search', 'team-platform'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'paved.dev/team-leads':
          name === `team-${PREFIX}` ? 'user:default/alice' : '',
      },
    },
    spec: { type: 'team', children: [] },
  })),
});

const clusters = localClusterRegistry();
const engine = new ApplyEngine(clusters, {
  podSecurityRestricted: true,
  requireResources: true,
  requireProbes: true,
  forbidLatestTag: true,
  allowedRegistries: [],
  forbiddenKinds: DEFAULT_FORBIDDEN_KINDS,
  requireTeamEnvironment: true,
});
const environments = EnvironmentService.fromConfig(
  new ConfigReader({
    paved: { access: { platformAdminGroups: ['group:default/team-platform'] } },
  }),
  { clusters, engine },
);
const actions = (user: string) => ({
  create: createEnvironmentCreateAction({
    environments,
    userInfo: as(user),
    catalog,
    auditor: mockServices.auditor.mock(),
    permissions: mockServices.permissions(),
  }),
  clone: createEnvironmentCloneAction({
    environments,
    userInfo: as(user),
    catalog,
    auditor: mockServices.auditor.mock(),
    permissions: mockServices.permissions(),
  }),
  remove: createEnvironmentDeleteAction({
    environments,
    userInfo: as(user),
    auditor: mockServices.auditor.mock(),
    permissions: mockServices.permissions(),
    clusters,
  }),
});
/** Like the scaffolder, the mock context passes only what the template gives; the actions fill in defaults. */
const defaults = { cluster: 'local' };
const ctx = (input: Record<string, unknown>) =>
  createMockActionContext({ input: { ...defaults, ...input } as any });

describe('environment actions (local cluster)', () => {
  let admin: KubernetesClient;
  const made: string[] = [];
  const suffix = () => randomBytes(3).toString('hex');

  beforeAll(async () => {
    admin = await localAdminClient();
  });
  afterAll(async () => {
    for (const ns of made) {
      await admin
        .request({ method: 'DELETE', path: `/api/v1/namespaces/${ns}` })
        .catch(() => undefined);
    }
  });

  const get = (path: string) => admin.request<any>({ path });
  const list = async (path: string) =>
    (await get(path)).items as KubernetesObject[];

  it('creates an environment with every object of the model', async () => {
    const name = `qa-${suffix()}`;
    const run = ctx({
      name,
      size: 'small',
      lifecycle: 'ephemeral',
      ttlHours: 5,
    });
    await actions('user:default/bob').create.handler(run);
    const namespace = `${PREFIX}-${name}`;
    made.push(namespace);
    expect(run.output).toHaveBeenCalledWith('namespace', namespace);

    const ns = await get(`/api/v1/namespaces/${namespace}`);
    expect(ns.metadata.labels).toMatchObject({
      'paved.dev/managed-by': 'paved',
      'paved.dev/team': `group.default.team-${PREFIX}`,
      'paved.dev/environment': name,
      'paved.dev/lifecycle': 'ephemeral',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    const expires = Date.parse(ns.metadata.annotations['paved.dev/expires-at']);
    expect(Math.abs(expires - Date.now() - 5 * 3600_000)).toBeLessThan(120_000);
    const quota = await get(
      `/api/v1/namespaces/${namespace}/resourcequotas/paved-quota`,
    );
    expect(quota.spec.hard).toMatchObject({
      'requests.cpu': '2',
      'requests.memory': '4Gi',
      pods: '20',
    });
    const limits = await get(
      `/api/v1/namespaces/${namespace}/limitranges/paved-defaults`,
    );
    expect(limits.spec.limits[0].defaultRequest).toEqual({
      cpu: '100m',
      memory: '128Mi',
    });
    const policies = (
      await list(
        `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
      )
    )
      .map(p => p.metadata.name)
      .sort();
    expect(policies).toEqual([
      'paved-allow-ingress-controller',
      'paved-allow-same-namespace',
      'paved-default-deny-ingress',
    ]);
    const bindings = await list(
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`,
    );
    const byName = Object.fromEntries(
      bindings.map((b: any) => [b.metadata.name, b]),
    );
    expect(byName['paved:developers'].subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: TEAM,
      },
    ]);
    expect(byName['paved:team-leads'].subjects[0].name).toBe(
      'user:default/alice',
    );
    expect(byName['paved:platform-admins'].subjects[0].name).toBe(
      'group:default/team-platform',
    );
  });

  it('refuses to create an environment for another team', async () => {
    const error = await rejectionOf(
      actions('user:default/bob').create.handler(
        ctx({ name: `x-${suffix()}`, team: 'group:default/team-search' }),
      ),
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain(
      'user:default/bob may not create an environment for group:default/team-search',
    );
  });

  it('clones a production-like environment: workloads run, secrets stay out, hosts rewritten, source untouched', async () => {
    // a production-like source owned by bob's team, made as a platform admin
    const sourceName = `prod-${suffix()}`;
    await actions('user:default/erin').create.handler(
      ctx({
        name: sourceName,
        team: TEAM,
        size: 'medium',
      }),
    );
    const source = `${PREFIX}-${sourceName}`;
    made.push(source);
    await admin.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${source}`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { 'paved.dev/protected': 'true' } } },
    });
    // a worker reading a key of the Secret the clone leaves for the team to fill in
    const worker = goodDeployment('worker') as any;
    worker.spec.template.spec.containers[0].env = [
      {
        name: 'DB_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'api-db', key: 'PASSWORD' } },
      },
    ];
    const sourceObjects: KubernetesObject[] = [
      goodDeployment('api', { replicas: 3 }) as KubernetesObject,
      worker,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'api' },
        spec: {
          selector: { 'app.kubernetes.io/name': 'api' },
          ports: [{ port: 80, targetPort: 8080 }],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'api-config' },
        data: { LOG_LEVEL: 'warn' },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'api-db' },
        stringData: { PASSWORD: 'production-secret-value', USER: 'api' },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'api' },
        spec: {
          rules: [
            {
              host: `api.${sourceName}.paved.local`,
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: 'api', port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      },
    ];
    for (const object of sourceObjects) {
      const plural = {
        Deployment: 'deployments',
        Service: 'services',
        ConfigMap: 'configmaps',
        Secret: 'secrets',
        Ingress: 'ingresses',
      }[object.kind]!;
      const base =
        { Deployment: '/apis/apps/v1', Ingress: '/apis/networking.k8s.io/v1' }[
          object.kind as string
        ] ?? '/api/v1';
      await admin.request({
        method: 'POST',
        path: `${base}/namespaces/${source}/${plural}`,
        body: object,
      });
    }
    const snapshot = async (ns: string) =>
      JSON.stringify(
        await Promise.all(
          [
            '/apis/apps/v1/namespaces/NS/deployments',
            '/api/v1/namespaces/NS/services',
            '/api/v1/namespaces/NS/configmaps',
            '/api/v1/namespaces/NS/secrets',
            '/apis/networking.k8s.io/v1/namespaces/NS/ingresses',
          ].map(async p =>
            (
              await list(p.replace('NS', ns))
            ).map(o => [
              o.metadata.name,
              o.metadata.labels,
              o.metadata.generation,
              (o as any).spec ?? (o as any).data,
            ]),
          ),
        ),
      );
    const before = await snapshot(source);

    const targetName = `preview-${suffix()}`;
    const run = ctx({
      source,
      name: targetName,
      replicas: 1,
      lifecycle: 'ephemeral',
      ttlHours: 24,
    });
    const started = Date.now();
    await actions('user:default/bob').clone.handler(run);
    const target = `${PREFIX}-${targetName}`;
    made.push(target);
    expect(run.output).toHaveBeenCalledWith('namespace', target);
    expect(Date.now() - started).toBeLessThan(60_000);
    // the keys the new environment must be given: its Secrets card shows them missing until they are set
    expect(run.output).toHaveBeenCalledWith('missingSecretKeys', [
      'api-db/PASSWORD',
    ]);

    const deployment = await get(
      `/apis/apps/v1/namespaces/${target}/deployments/api`,
    );
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.status.availableReplicas).toBe(1);
    const pods = await list(
      `/api/v1/namespaces/${target}/pods?labelSelector=app.kubernetes.io%2Fname%3Dapi`,
    );
    expect(pods.map((p: any) => p.status.phase)).toEqual(['Running']);
    const ingress = await get(
      `/apis/networking.k8s.io/v1/namespaces/${target}/ingresses/api`,
    );
    expect(ingress.spec.rules[0].host).toBe(`api.${targetName}.paved.local`);
    const service = await get(`/api/v1/namespaces/${target}/services/api`);
    const sourceService = await get(
      `/api/v1/namespaces/${source}/services/api`,
    );
    expect(service.spec.clusterIP).not.toBe(sourceService.spec.clusterIP);
    const secret = await get(`/api/v1/namespaces/${target}/secrets/api-db`);
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(['PASSWORD', 'USER']);
    expect(secret.metadata.annotations['paved.dev/placeholder-keys']).toBe(
      'PASSWORD,USER',
    );
    // no secret value of the source anywhere in the target
    const everything = JSON.stringify(
      await Promise.all(
        [
          '/api/v1/namespaces/NS/secrets',
          '/api/v1/namespaces/NS/configmaps',
          '/apis/apps/v1/namespaces/NS/deployments',
        ].map(p => list(p.replace('NS', target))),
      ),
    );
    expect(everything).not.toContain('production-secret-value');
    expect(everything).not.toContain(
      Buffer.from('production-secret-value').toString('base64'),
    );
    expect(await snapshot(source)).toBe(before);
  });

  it('leaves nothing half-made when the copies are refused, unless asked to keep it', async () => {
    const sourceName = `legacy-${suffix()}`;
    await actions('user:default/bob').create.handler(ctx({ name: sourceName }));
    const source = `${PREFIX}-${sourceName}`;
    made.push(source);
    // an object that predates the guardrails: no probes, no resources
    await admin.request({
      method: 'POST',
      path: `/api/v1/namespaces/${source}/configmaps`,
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { A: '1' },
      },
    });
    const legacy = goodDeployment('legacy') as any;
    delete legacy.spec.template.spec.containers[0].livenessProbe;
    await admin.request({
      method: 'POST',
      path: `/apis/apps/v1/namespaces/${source}/deployments`,
      body: legacy,
    });

    const name = `copy-${suffix()}`;
    const error = await rejectionOf(
      actions('user:default/bob').clone.handler(ctx({ source, name })),
    );
    expect(error.message).toContain('livenessProbe');
    const phase = await get(`/api/v1/namespaces/${PREFIX}-${name}`).then(
      target => target.status.phase,
      e => (e instanceof NotFoundError ? 'gone' : Promise.reject(e)),
    );
    expect(['gone', 'Terminating']).toContain(phase);

    const kept = `kept-${suffix()}`;
    await rejectionOf(
      actions('user:default/bob').clone.handler(
        ctx({ source, name: kept, keepOnFailure: true }),
      ),
    );
    made.push(`${PREFIX}-${kept}`);
    const ns = await get(`/api/v1/namespaces/${PREFIX}-${kept}`);
    expect(ns.status.phase).toBe('Active');
  });

  it('removes the new target when the API server refuses a copy while applying, naming the object and why', async () => {
    const sourceName = `exposed-${suffix()}`;
    await actions('user:default/bob').create.handler(ctx({ name: sourceName }));
    const source = `${PREFIX}-${sourceName}`;
    made.push(source);
    // the source was allowed a NodePort Service; the target's quota allows none, which only the API server knows
    await admin.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${source}/resourcequotas/paved-quota`,
      contentType: 'application/merge-patch+json',
      body: { spec: { hard: { 'services.nodeports': '1' } } },
    });
    await waitFor(
      async () =>
        (
          await get(`/api/v1/namespaces/${source}/resourcequotas/paved-quota`)
        ).status?.hard?.['services.nodeports'] === '1' || undefined,
      { timeoutMs: 15_000, what: 'the quota to allow a NodePort Service' },
    );
    for (const body of [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { A: '1' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'exposed' },
        spec: {
          type: 'NodePort',
          selector: { app: 'exposed' },
          ports: [{ port: 80 }],
        },
      },
    ]) {
      await admin.request({
        method: 'POST',
        path: `/api/v1/namespaces/${source}/${body.kind.toLowerCase()}s`,
        body,
      });
    }

    const name = `nodeport-${suffix()}`;
    const error = await rejectionOf(
      actions('user:default/bob').clone.handler(ctx({ source, name })),
    );
    expect(error.message).toContain(`Service ${PREFIX}-${name}/exposed failed`);
    expect(error.message).toContain('services.nodeports');
    const phase = await get(`/api/v1/namespaces/${PREFIX}-${name}`).then(
      target => target.status.phase,
      e => (e instanceof NotFoundError ? 'gone' : Promise.reject(e)),
    );
    expect(['gone', 'Terminating']).toContain(phase);
  });

  it('refuses a clone of another team\u2019s environment and leaves nothing behind', async () => {
    const name = `steal-${suffix()}`;
    const error = await rejectionOf(
      actions('user:default/bob').clone.handler(
        ctx({ source: 'search-dev', name }),
      ),
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain(
      'user:default/bob may not clone environment search-dev',
    );
    await expect(
      get(`/api/v1/namespaces/search-${name}`),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      get(`/api/v1/namespaces/${PREFIX}-${name}`),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes an environment of the user\u2019s team, refuses other teams and protected ones', async () => {
    const name = `tmp-${suffix()}`;
    await actions('user:default/bob').create.handler(ctx({ name }));
    const namespace = `${PREFIX}-${name}`;
    made.push(namespace);

    const crossTeam = await rejectionOf(
      actions('user:default/dave').remove.handler(ctx({ namespace })),
    );
    expect(crossTeam).toBeInstanceOf(NotAllowedError);
    expect(crossTeam.message).toContain(
      'user:default/dave may not delete environment',
    );

    // the team's production, made by a platform admin
    await actions('user:default/erin').create.handler(
      ctx({ name: 'production', team: TEAM }),
    );
    const production = `${PREFIX}-production`;
    made.push(production);
    const protectedError = await rejectionOf(
      actions('user:default/bob').remove.handler(
        ctx({ namespace: production }),
      ),
    );
    expect(protectedError).toBeInstanceOf(NotAllowedError);
    expect(protectedError.message).toContain(
      `Environment ${production} is protected (production); only platform admins may delete it`,
    );
    expect((await get(`/api/v1/namespaces/${production}`)).status.phase).toBe(
      'Active',
    );

    const unmanaged = await rejectionOf(
      actions('user:default/bob').remove.handler(
        ctx({ namespace: 'kube-system' }),
      ),
    );
    expect(unmanaged.message).toContain('not managed by Paved');

    await actions('user:default/bob').remove.handler(ctx({ namespace }));
    const gone = await get(`/api/v1/namespaces/${namespace}`).then(
      ns => ns.status.phase,
      e => (e instanceof NotFoundError ? 'gone' : e),
    );
    expect(['gone', 'Terminating']).toContain(gone);
  });
});
