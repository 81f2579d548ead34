import { ConfigReader } from '@backstage/config';
import { ApplyEngine } from '../apply/ApplyEngine';
import { readGuardrailPolicy } from '../guardrails/readPolicy';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
  rejectionOf,
  waitFor,
} from '../testUtils';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { owner, registry, simpleSpecs } from './__fixtures__/specs';
import { renderGoldenPath } from './renderGoldenPath';

// Talks to the local cluster.
jest.setTimeout(180_000);

const TEAM = 'group:default/test-secret-refs';
const bob = { user: 'user:default/bob', groups: [owner, TEAM] };

describe('a golden path reading a Secret key (local cluster)', () => {
  let admin: KubernetesClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  const engine = new ApplyEngine(
    localClusterRegistry(),
    readGuardrailPolicy(
      new ConfigReader({
        paved: { guardrails: { allowedRegistries: [registry] } },
      }),
    ),
  );

  beforeAll(async () => {
    admin = await localAdminClient();
    // an environment as Paved makes them: Paved may read which Secret keys exist there
    ns = await createTestEnvironment(admin, {
      prefix: 'secref',
      team: TEAM,
      backendAccess: true,
    });
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  const rendered = () =>
    renderGoldenPath(simpleSpecs['web-service'], 'web-service', {
      namespace: ns.name,
      environment: 'test',
    }).filter(o => o.kind !== 'ServiceMonitor');
  const plan = () =>
    engine.plan({
      cluster: 'local',
      objects: rendered().map((object, i) => ({ object, source: `web#${i}` })),
      identity: bob,
    });
  const deployments = async () =>
    (
      await admin.request<{ items: unknown[] }>({
        path: `/apis/apps/v1/namespaces/${ns.name}/deployments`,
      })
    ).items.length;

  it('is refused at the dry run naming the missing key, then deploys and becomes Ready once the key is set', async () => {
    const error = await rejectionOf(plan());
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(
      `Deployment/checkout-api (container checkout-api, env DATABASE_URL) reads key "url" of Secret "checkout-db", which does not exist in ${ns.name}`,
    );
    expect(error.message).toContain('nothing was applied');
    expect(await deployments()).toBe(0);

    // the key exists, but another one is still missing: still refused, naming only that one
    await admin.request({
      method: 'POST',
      path: `/api/v1/namespaces/${ns.name}/secrets`,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'checkout-db' },
        stringData: { user: 'app' },
      },
    });
    const still = await rejectionOf(plan());
    expect(still.message).toContain('reads key "url" of Secret "checkout-db"');

    await admin.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns.name}/secrets/checkout-db`,
      contentType: 'application/merge-patch+json',
      body: { stringData: { url: 'postgres://db/app' } },
    });
    const accepted = await plan();
    await engine.apply(accepted, { identity: bob });
    await engine.waitForRollout(accepted, {
      identity: bob,
      timeoutMs: 90_000,
    });
    const ready = await waitFor(async () => {
      const d = await admin.request<any>({
        path: `/apis/apps/v1/namespaces/${ns.name}/deployments/checkout-api`,
      });
      return d.status?.readyReplicas >= 1 ? d : undefined;
    });
    expect(ready.status.readyReplicas).toBeGreaterThanOrEqual(1);
  });
});
