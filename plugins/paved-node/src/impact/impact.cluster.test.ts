import { ConfigReader } from '@backstage/config';
import { ChangeImpact } from '@paved/plugin-paved-common';
import { randomBytes } from 'node:crypto';
import { ApplyEngine } from '../apply/ApplyEngine';
import { KubernetesObject } from '../apply/types';
import { KubernetesClient } from '../cluster/KubernetesClient';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
  waitFor,
} from '../testUtils';

// Talks to the local cluster: allow for the first rollout.
jest.setTimeout(180_000);

const run = randomBytes(3).toString('hex');
const team = `group:default/imp${run}`;
const identity = { user: `user:default/imp${run}-bob`, groups: [team] };
const apiId = `imp${run}-api`;
const webId = `imp${run}-web`;
const API_REPLICAS = 2;

/** The price table of the forecast below (per vCPU-hour and GiB-hour). */
const prices = {
  cpuCoreHour: 0.0316,
  memoryGiBHour: 0.0042,
  storageGiBMonth: 0.04,
  loadBalancerHour: 0.025,
};

/** A Deployment that passes the guardrails and Pod Security "restricted", with 100m CPU and 128Mi requested. */
function deployment(options: {
  name: string;
  replicas: number;
  selector: Record<string, string>;
  podLabels: Record<string, string>;
  env?: Array<{ name: string; value: string }>;
}): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: options.name, labels: options.selector },
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: options.selector },
      template: {
        metadata: { labels: options.podLabels },
        spec: {
          securityContext: {
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: options.name,
              image: `registry.paved.local/${options.name}:1.0.0`,
              ...(options.env ? { env: options.env } : {}),
              livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '200m', memory: '256Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

const apiSelector = {
  'app.kubernetes.io/name': 'api',
  'backstage.io/kubernetes-id': apiId,
};
/** Component A: Deployment `api`, whose pods Service `api` selects by `tier: backend`. */
const api = (tier = 'backend') =>
  deployment({
    name: 'api',
    replicas: API_REPLICAS,
    selector: apiSelector,
    podLabels: { ...apiSelector, tier },
  });
const apiService: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'api', labels: apiSelector },
  spec: {
    selector: { 'app.kubernetes.io/name': 'api', tier: 'backend' },
    ports: [{ port: 80, targetPort: 8080 }],
  },
};
const webLabels = {
  'app.kubernetes.io/name': 'web',
  'backstage.io/kubernetes-id': webId,
};
/** Component B: Deployment `web`, which calls Service `api`. */
const web = (replicas = 1) =>
  deployment({
    name: 'web',
    replicas,
    selector: webLabels,
    podLabels: webLabels,
    env: [{ name: 'API_URL', value: 'http://api' }],
  });

describe('blast radius and cost forecast of a plan (local cluster)', () => {
  let admin: KubernetesClient;
  let env: { name: string; cleanup: () => Promise<void> };
  const engine = ApplyEngine.fromConfig(
    new ConfigReader({ paved: { cost: { prices: { local: prices } } } }),
    { clusters: localClusterRegistry() },
  );

  const plan = (objects: KubernetesObject[]) =>
    engine.plan({
      cluster: 'local',
      objects: objects.map((object, i) => ({ object, source: `#${i}` })),
      defaultNamespace: env.name,
      identity,
      authorizedNamespaces: [env.name],
    });
  const live = <T = any>(path: string) =>
    admin.request<T>({ path: path.replace('{ns}', env.name) });
  const podsOf = async (name: string) => {
    const list = await live<{ items: any[] }>(
      `/api/v1/namespaces/{ns}/pods?labelSelector=${encodeURIComponent(
        `app.kubernetes.io/name=${name}`,
      )}`,
    );
    return list.items
      .filter(p => !p.metadata.deletionTimestamp)
      .map(p => p.metadata.name as string)
      .sort();
  };
  /** Everything the plans below would change, as it is live. */
  const liveSnapshot = async () => {
    const deployments = await live<{ items: any[] }>(
      '/apis/apps/v1/namespaces/{ns}/deployments',
    );
    const byName = Object.fromEntries(
      deployments.items.map(d => [
        d.metadata.name,
        {
          replicas: d.spec.replicas,
          podLabels: d.spec.template.metadata.labels,
          generation: d.metadata.generation,
        },
      ]),
    );
    const pdbs = await live<{ items: any[] }>(
      '/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets',
    );
    const policies = await live<{ items: any[] }>(
      '/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies',
    );
    const services = await live<{ items: any[] }>(
      '/api/v1/namespaces/{ns}/services',
    );
    return {
      deployments: byName,
      services: services.items.map(x => [x.metadata.name, x.spec.selector]),
      pdbs: pdbs.items.map(p => p.metadata.name),
      networkPolicies: policies.items.map(p => p.metadata.name),
      apiPods: await podsOf('api'),
      webPods: await podsOf('web'),
    };
  };
  let before: Awaited<ReturnType<typeof liveSnapshot>>;
  /** Plans `objects` as the developer, and checks that planning wrote nothing. */
  const impactOf = async (objects: KubernetesObject[]) => {
    const planned = await plan(objects);
    expect(planned.impact).toBeDefined();
    // the same objects, replicas, pod labels and pods as before the plan
    expect(await liveSnapshot()).toEqual(before);
    return planned.impact as ChangeImpact;
  };

  beforeAll(async () => {
    admin = await localAdminClient();
    env = await createTestEnvironment(admin, { prefix: 'imp', team });
    const initial = await plan([api(), apiService, web()]);
    await engine.apply(initial, { identity });
    // both components roll out: every replica ready, and exactly that many pods
    await waitFor(
      async () => {
        const snapshot = await liveSnapshot();
        for (const name of ['api', 'web']) {
          const d = await live<any>(
            `/apis/apps/v1/namespaces/{ns}/deployments/${name}`,
          );
          if (
            d.status?.observedGeneration !== d.metadata.generation ||
            d.status?.readyReplicas !== d.spec.replicas ||
            d.status?.updatedReplicas !== d.spec.replicas
          ) {
            return undefined;
          }
        }
        return snapshot.apiPods.length === API_REPLICAS &&
          snapshot.webPods.length === 1
          ? true
          : undefined;
      },
      { timeoutMs: 120_000, what: 'api and web rolled out' },
    );
    before = await liveSnapshot();
  });
  afterAll(async () => {
    await env?.cleanup();
  });
  it('reports the Service whose endpoints a pod-label change empties, and the pods that restart', async () => {
    const impact = await impactOf([api('internal')]);
    expect(impact.blastRadius.services).toEqual([
      expect.objectContaining({
        name: 'api',
        before: API_REPLICAS,
        after: 0,
        problem: 'no-endpoints',
      }),
    ]);
    expect(impact.blastRadius.services[0].message).toContain(
      "no longer matches Deployment api's pod labels",
    );
    expect(impact.blastRadius.restartingPods).toEqual([
      { workload: 'Deployment/api', pods: before.apiPods },
    ]);
    expect(impact.blastRadius.conflicts).toEqual([]);
    expect(impact.blastRadius.cutTraffic).toEqual([]);
    expect(impact.blastRadius.components).toEqual([apiId]);
    expect(impact.blastRadius.owners).toEqual([team]);
    // the same requests and replicas: no cost change
    expect(impact.cost?.delta).toEqual({ min: 0, max: 0 });
  });

  it('reports a PodDisruptionBudget whose minAvailable equals the replicas as blocking every eviction', async () => {
    const impact = await impactOf([
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'api-pdb', labels: apiSelector },
        spec: {
          minAvailable: API_REPLICAS,
          selector: { matchLabels: apiSelector },
        },
      },
    ]);
    expect(impact.blastRadius.conflicts).toEqual([
      {
        kind: 'PodDisruptionBudget',
        name: 'api-pdb',
        message: expect.stringContaining('blocks every eviction'),
      },
    ]);
    expect(impact.blastRadius.conflicts[0].message).toContain(
      `minAvailable ${API_REPLICAS} of Deployment api's ${API_REPLICAS} pods`,
    );
    expect(impact.blastRadius.services).toEqual([]);
    expect(impact.blastRadius.restartingPods).toEqual([]);
    expect(impact.blastRadius.components).toEqual([apiId]);
    expect(impact.blastRadius.owners).toEqual([team]);
  });

  it('reports a NetworkPolicy that cuts web off from api, naming the policy', async () => {
    const impact = await impactOf([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'api-admins-only', labels: apiSelector },
        spec: {
          podSelector: { matchLabels: apiSelector },
          policyTypes: ['Ingress'],
          ingress: [
            { from: [{ podSelector: { matchLabels: { role: 'admin' } } }] },
          ],
        },
      },
    ]);
    expect(impact.blastRadius.cutTraffic).toEqual([
      {
        from: webId,
        to: apiId,
        policy: 'api-admins-only',
        message: expect.stringContaining(
          `NetworkPolicy api-admins-only selects ${apiId}'s pods for ingress`,
        ),
      },
    ]);
    expect(impact.blastRadius.components).toEqual([apiId, webId].sort());
    expect(impact.blastRadius.owners).toEqual([team]);
    expect(impact.blastRadius.services).toEqual([]);
  });

  it('forecasts the monthly cost of scaling web from 1 to 3 replicas, to the cent', async () => {
    const impact = await impactOf([web(3)]);
    // one pod: 0.1 vCPU × 0.0316 + 0.125 GiB × 0.0042 = 0.003685 per hour, × 730 h = 2.69005 per month
    // before: 1 pod = 2.69005 → 2.69; after: 3 pods = 8.07015 → 8.07; delta: 2 pods = 5.3801 → 5.38
    expect(impact.cost).toMatchObject({
      currency: 'USD',
      before: { min: 2.69, max: 2.69 },
      after: { min: 8.07, max: 8.07 },
      delta: { min: 5.38, max: 5.38 },
      workloads: [
        {
          workload: 'Deployment/web',
          before: { min: 2.69, max: 2.69 },
          after: { min: 8.07, max: 8.07 },
        },
      ],
    });
    // more replicas of the same template restart nothing and cut nothing
    expect(impact.blastRadius.restartingPods).toEqual([]);
    expect(impact.blastRadius.services).toEqual([]);
    expect(impact.blastRadius.cutTraffic).toEqual([]);
    expect(impact.blastRadius.components).toEqual([webId]);
    expect(impact.blastRadius.owners).toEqual([team]);
    expect(impact.notes).toEqual([]);
  });
});
