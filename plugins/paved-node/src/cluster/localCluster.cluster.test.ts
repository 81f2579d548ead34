import { NotAllowedError } from '@backstage/errors';
import {
  createTestNamespace,
  localAdminClient,
  localClusterEnv,
  localClusterRegistry,
  rejectionOf,
  waitFor,
} from '../testUtils';
import { KubernetesClient } from './KubernetesClient';

// Talks to the local cluster: allow for scheduling, rollouts and scrapes.
jest.setTimeout(120_000);

/**
 * The local control plane does what the rest of Paved relies on: real logs, metrics, Prometheus series,
 * admission and RBAC.
 */
describe('local cluster', () => {
  let admin: KubernetesClient;

  beforeAll(async () => {
    admin = await localAdminClient();
  });

  async function demoPod(namespace: string, component: string) {
    const list = await admin.request<{
      items: Array<{
        metadata: { name: string };
        spec: { containers: Array<{ name: string }> };
      }>;
    }>({
      path: `/api/v1/namespaces/${namespace}/pods`,
      query: {
        labelSelector: `backstage.io/kubernetes-id=${component}`,
        fieldSelector: 'status.phase=Running',
      },
    });
    expect(list.items.length).toBeGreaterThan(0);
    return list.items[0];
  }

  it('serves pod logs, and a follow stream delivers new lines', async () => {
    const pod = await demoPod('checkout-dev', 'checkout-api');
    const container = pod.spec.containers[0].name;
    const path = `/api/v1/namespaces/checkout-dev/pods/${pod.metadata.name}/log`;
    const tail = await admin.stream({
      path,
      query: { container, tailLines: 5 },
    });
    let text = '';
    for await (const chunk of tail) text += chunk;
    expect(text.trim().split('\n').length).toBeGreaterThanOrEqual(1);

    const controller = new AbortController();
    const follow = await admin.stream({
      path,
      query: { container, follow: true, tailLines: 0 },
      signal: controller.signal,
    });
    const firstNewLine = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no new log line within 30 s')),
        30_000,
      );
      follow.on('data', (chunk: Buffer) => {
        const line = chunk.toString('utf8').trim();
        if (line) {
          clearTimeout(timer);
          resolve(line);
        }
      });
      follow.on('error', () => undefined);
    });
    controller.abort();
    expect(firstNewLine.length).toBeGreaterThan(10);
  });

  it('answers metrics.k8s.io with pod usage', async () => {
    const metrics = await waitFor(
      async () => {
        const list = await admin.request<{
          items: Array<{
            metadata: { name: string };
            containers: Array<{ usage: { cpu: string; memory: string } }>;
          }>;
        }>({
          path: '/apis/metrics.k8s.io/v1beta1/namespaces/checkout-dev/pods',
        });
        return list.items.length > 0 ? list.items : undefined;
      },
      { timeoutMs: 90_000 },
    );
    expect(metrics[0].containers[0].usage.cpu).toMatch(/^\d+(n|u|m)?$/);
    expect(metrics[0].containers[0].usage.memory).toMatch(/^\d+(Ki|Mi|Gi)?$/);
  });

  it('has request-rate series for the demo services in Prometheus', async () => {
    const url = localClusterEnv().PAVED_PROMETHEUS_URL;
    const services = await waitFor(
      async () => {
        const query = encodeURIComponent(
          'sum by (service) (rate(http_requests_total[1m]))',
        );
        const response = await fetch(`${url}/api/v1/query?query=${query}`);
        const body = (await response.json()) as {
          data: {
            result: Array<{
              metric: { service: string };
              value: [number, string];
            }>;
          };
        };
        const found = body.data.result
          .filter(r => Number(r.value[1]) > 0)
          .map(r => r.metric.service);
        return found.includes('checkout-api') ? found : undefined;
      },
      { timeoutMs: 120_000 },
    );
    expect(services).toEqual(
      expect.arrayContaining(['checkout-api', 'search-api']),
    );
  });

  it('rejects a privileged pod in a namespace that enforces the restricted Pod Security level', async () => {
    const ns = await createTestNamespace(admin, {
      prefix: 'psa',
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
    });
    try {
      const error = await rejectionOf(
        admin.request({
          method: 'POST',
          path: `/api/v1/namespaces/${ns.name}/pods`,
          body: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'privileged' },
            spec: {
              containers: [
                {
                  name: 'c',
                  image: 'registry.paved.local/x:1',
                  securityContext: { privileged: true },
                },
              ],
            },
          },
        }),
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toContain('violates PodSecurity "restricted');
    } finally {
      await ns.cleanup();
    }
  });

  it('refuses an impersonated team member in another team\u2019s namespace', async () => {
    const registry = localClusterRegistry({ impersonate: true });
    const bob = await registry.client('local', {
      user: 'user:default/bob',
      groups: ['group:default/team-checkout'],
    });
    await expect(
      bob.request({ path: '/api/v1/namespaces/checkout-dev/pods' }),
    ).resolves.toBeDefined();
    const error = await rejectionOf(
      bob.request({ path: '/api/v1/namespaces/search-dev/pods' }),
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain('user:default/bob');
  });

  it('enforces a ResourceQuota', async () => {
    const ns = await createTestNamespace(admin, { prefix: 'quota' });
    try {
      await admin.request({
        method: 'POST',
        path: `/api/v1/namespaces/${ns.name}/resourcequotas`,
        body: {
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: { name: 'q' },
          spec: { hard: { configmaps: '2' } },
        },
      });
      await waitFor(async () => {
        const q = await admin.request<{
          status?: { used?: Record<string, string> };
        }>({
          path: `/api/v1/namespaces/${ns.name}/resourcequotas/q`,
        });
        // kube-root-ca.crt, which the controller manager adds, already counts as one
        return q.status?.used?.configmaps === '1' ? true : undefined;
      });
      const create = (name: string) =>
        admin.request({
          method: 'POST',
          path: `/api/v1/namespaces/${ns.name}/configmaps`,
          body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } },
        });
      // kube-root-ca.crt already counts as one
      await create('one');
      const error = await rejectionOf(create('two'));
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toContain('exceeded quota');
    } finally {
      await ns.cleanup();
    }
  });
});
