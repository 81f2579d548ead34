import { ConfigReader } from '@backstage/config';
import { GOLDEN_PATHS } from '@paved/plugin-paved-common';
import { ApplyEngine } from '../apply/ApplyEngine';
import { readGuardrailPolicy } from '../guardrails/readPolicy';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
} from '../testUtils';
import { KubernetesClient } from '../cluster/KubernetesClient';
import {
  advancedSpecs,
  owner,
  registry,
  simpleSpecs,
} from './__fixtures__/specs';
import { renderGoldenPath } from './renderGoldenPath';

// Talks to the local cluster.
jest.setTimeout(180_000);

// The environment belongs to a team of this suite alone, so the checkout-api it deploys never shows up
// in the demo team-checkout's environments that other suites read at the same time.
const TEAM = 'group:default/test-golden-paths';
const bob = { user: 'user:default/bob', groups: [owner, TEAM] };

describe('golden paths on the local cluster', () => {
  let admin: KubernetesClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  const clusters = localClusterRegistry();
  const engine = new ApplyEngine(
    clusters,
    readGuardrailPolicy(
      new ConfigReader({
        paved: { guardrails: { allowedRegistries: [registry] } },
      }),
    ),
  );

  beforeAll(async () => {
    admin = await localAdminClient();
    ns = await createTestEnvironment(admin, {
      prefix: 'golden',
      team: TEAM,
    });
  });
  afterAll(async () => {
    await ns.cleanup();
  });

  const planOf = (objects: ReturnType<typeof renderGoldenPath>, name: string) =>
    engine.plan({
      cluster: 'local',
      objects: objects.map((object, i) => ({ object, source: `${name}#${i}` })),
      defaultNamespace: ns.name,
      identity: bob,
    });

  const cases = (['simple', 'advanced'] as const).flatMap(label =>
    GOLDEN_PATHS.map(goldenPath => [goldenPath, label] as const),
  );

  it.each(cases)(
    '%s (%s) passes the guardrails and a server-side dry run in a restricted namespace',
    async (goldenPath, label) => {
      const specs = label === 'simple' ? simpleSpecs : advancedSpecs;
      const objects = renderGoldenPath(specs[goldenPath] as any, goldenPath, {
        namespace: ns.name,
        environment: 'test',
      });
      const result = await planOf(objects, goldenPath);
      const expectedKinds = objects
        .map(o => o.kind)
        .filter(k => k !== 'ServiceMonitor');
      expect(result.results.map(r => r.kind).sort()).toEqual(
        expectedKinds.sort(),
      );
      expect(result.warnings.join('\n')).not.toMatch(/PodSecurity/);
    },
  );

  it('skips the optional ServiceMonitor on a cluster without the Prometheus operator, and says so', async () => {
    const objects = renderGoldenPath(
      simpleSpecs['web-service'] as any,
      'web-service',
      { namespace: ns.name },
    );
    expect(objects.map(o => o.kind)).toContain('ServiceMonitor');
    const result = await planOf(objects, 'web');
    expect(result.warnings.join('\n')).toMatch(
      /ServiceMonitor checkout-api skipped: cluster "local" does not serve monitoring\.coreos\.com\/v1 ServiceMonitor/,
    );
  });

  it('deploys the web-service golden path and its pods run', async () => {
    // the key its DATABASE_URL reads: its pods wait for it, as a kubelet makes them
    await admin.request({
      method: 'POST',
      path: `/api/v1/namespaces/${ns.name}/secrets`,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'checkout-db' },
        stringData: { url: 'postgres://db/checkout' },
      },
    });
    const objects = renderGoldenPath(
      simpleSpecs['web-service'] as any,
      'web-service',
      { namespace: ns.name, environment: 'test' },
    );
    const plan = await engine.plan({
      cluster: 'local',
      objects: objects.map((object, i) => ({ object, source: `web#${i}` })),
      defaultNamespace: ns.name,
      identity: bob,
    });
    await engine.apply(plan, { identity: bob });
    await engine.waitForRollout(plan, { identity: bob, timeoutMs: 90_000 });
    const pods = await admin.request<{
      items: Array<{
        status: { phase: string };
        spec: { containers: Array<{ env?: Array<Record<string, any>> }> };
      }>;
    }>({
      path: `/api/v1/namespaces/${ns.name}/pods`,
      query: { labelSelector: 'backstage.io/kubernetes-id=checkout-api' },
    });
    expect(pods.items.length).toBeGreaterThanOrEqual(3);
    expect(pods.items.every(p => p.status.phase === 'Running')).toBe(true);
    // the pods carry the OpenTelemetry environment, so the service's spans land under it and its namespace
    const env = Object.fromEntries(
      (pods.items[0].spec.containers[0].env ?? []).map(e => [
        e.name,
        e.value ?? e.valueFrom,
      ]),
    );
    expect(env.OTEL_SERVICE_NAME).toBe('checkout-api');
    expect(env.OTEL_K8S_NAMESPACE).toEqual({
      fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
    });
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toContain(
      'deployment.environment.name=test',
    );
  });
});
