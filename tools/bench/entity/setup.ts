import { KubernetesClient } from '../../../plugins/paved-node/src';
import {
  KUBERNETES_ID_ANNOTATION,
  PAVED_LABELS,
} from '../../../plugins/paved-common/src';
import {
  createTestEnvironment,
  waitFor,
} from '../../../plugins/paved-node/src/testUtils';
import {
  DEPLOYMENTS,
  ENVIRONMENTS,
  Env,
  ID,
  PODS_PER_ENV,
  TEAM,
} from './scenario';

/**
 * The entity bench's cluster setup: three environments of the team, each with two Deployments and a
 * Service of the component, and the wait until all their pods are Ready.
 */

/** The labels of every bench object. */
function labels(name: string) {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': ID,
    'app.kubernetes.io/version': '1.0.0',
    [KUBERNETES_ID_ANNOTATION]: ID,
  };
}

/** A Deployment like the demo's (tools/cluster/demo/30-checkout.yaml): restricted, probes, tiny requests. */
function deployment(name: string, environment: string, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: labels(name) },
    spec: {
      replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: {
          labels: labels(name),
          annotations: { 'paved.dev/sim-rps': '2' },
        },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'app',
              image: `registry.paved.local/${name}:1.0.0`,
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [{ name: 'PAVED_ENVIRONMENT', value: environment }],
              resources: {
                requests: { cpu: '5m', memory: '16Mi' },
                limits: { cpu: '50m', memory: '64Mi' },
              },
              readinessProbe: {
                httpGet: { path: '/readyz', port: 'http' },
                periodSeconds: 10,
              },
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'http' },
                periodSeconds: 20,
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

/** The component's Service in each environment. */
function service() {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: ID, labels: labels(ID) },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/part-of': ID },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

/** Creates the environments (appending each to `envs` as soon as it exists, for the cleanup) and their objects. */
export async function createEnvironments(
  admin: KubernetesClient,
  envs: Env[],
): Promise<void> {
  for (const environment of ENVIRONMENTS) {
    const ns = await createTestEnvironment(admin, {
      team: TEAM,
      prefix: `${ID}-${environment}`,
      labels: {
        [PAVED_LABELS.environment]: environment,
        [PAVED_LABELS.lifecycle]: 'persistent',
        ...(environment === 'production'
          ? { [PAVED_LABELS.protected]: 'true' }
          : {}),
      },
    });
    envs.push({ ...ns, environment });
    const perDeployment = DEPLOYMENTS.map(
      (_, i) =>
        Math.floor(PODS_PER_ENV / DEPLOYMENTS.length) +
        (i < PODS_PER_ENV % DEPLOYMENTS.length ? 1 : 0),
    );
    await Promise.all([
      ...DEPLOYMENTS.map((name, i) =>
        admin.request({
          method: 'POST',
          path: `/apis/apps/v1/namespaces/${ns.name}/deployments`,
          body: deployment(name, environment, perDeployment[i]),
        }),
      ),
      admin.request({
        method: 'POST',
        path: `/api/v1/namespaces/${ns.name}/services`,
        body: service(),
      }),
    ]);
  }
}

interface PodList {
  items: Array<{
    metadata: { name: string };
    spec: { nodeName?: string };
    status: {
      phase?: string;
      conditions?: Array<{ type: string; status: string; message?: string }>;
    };
  }>;
}

/**
 * Waits until every pod of the environments is Running and Ready; on a timeout the error names the pods that
 * are not and the environments' latest warnings.
 */
export async function waitForPods(admin: KubernetesClient, envs: Env[]) {
  const total = PODS_PER_ENV * envs.length;
  let last = '';
  try {
    await waitFor(
      async () => {
        let ready = 0;
        const notReady: string[] = [];
        for (const env of envs) {
          const pods = await admin.request<PodList>({
            path: `/api/v1/namespaces/${env.name}/pods`,
            query: { labelSelector: `${KUBERNETES_ID_ANNOTATION}=${ID}` },
          });
          for (const pod of pods.items) {
            const isReady =
              pod.status.phase === 'Running' &&
              pod.status.conditions?.some(
                c => c.type === 'Ready' && c.status === 'True',
              );
            if (isReady) ready++;
            else
              notReady.push(
                `${env.name}/${pod.metadata.name}: ${
                  pod.status.phase ?? '?'
                } on ${pod.spec.nodeName ?? 'no node'} ${
                  pod.status.conditions
                    ?.filter(c => c.status !== 'True' && c.message)
                    .map(c => c.message)
                    .join('; ') ?? ''
                }`,
              );
          }
        }
        last = `${ready}/${total} pods Running and Ready${
          notReady.length ? `; e.g. ${notReady.slice(0, 3).join(' | ')}` : ''
        }`;
        return ready === total ? ready : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: `${total} pods Ready` },
    );
  } catch (error) {
    const events: string[] = [];
    for (const env of envs) {
      const list = await admin
        .request<{
          items: Array<{
            type: string;
            reason: string;
            message: string;
            involvedObject: { name: string };
          }>;
        }>({ path: `/api/v1/namespaces/${env.name}/events` })
        .catch(() => ({ items: [] }));
      events.push(
        ...list.items
          .filter(e => e.type === 'Warning')
          .slice(0, 5)
          .map(
            e =>
              `${env.name}/${e.involvedObject.name} ${e.reason}: ${e.message}`,
          ),
      );
    }
    throw new Error(
      `${(error as Error).message}: ${last}${
        events.length ? `\nwarnings:\n  ${events.join('\n  ')}` : ''
      }`,
    );
  }
}
