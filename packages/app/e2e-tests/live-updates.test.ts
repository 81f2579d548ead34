import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { signInAs } from './signIn';

// Live updates on the Platform tab: a Deployment of this test's own, labelled as checkout-api's, runs one pod in
// checkout-dev; with bob's Platform tab of checkout-api open (the page registered for live updates and
// subscribed to the entity's signals channel), the pod is reported not ready (its Ready condition patched as
// admin, as a kubelet would) and the Workloads card shows it within 2 s, without reloading or polling. The
// Deployment is removed afterwards.

const NAMESPACE = 'checkout-dev';
const APP = `e2e-live-${randomBytes(3).toString('hex')}`;
const CHANNEL = 'paved:entity:component:default/checkout-api';

const kubectl = (args: string[], input?: string) =>
  execFileSync(
    process.env.PAVED_KUBECTL!,
    [
      `--kubeconfig=${process.env.PAVED_KUBE_ADMIN_KUBECONFIG}`,
      `--namespace=${NAMESPACE}`,
      ...args,
    ],
    input === undefined ? {} : { input },
  ).toString();

const labels = {
  'app.kubernetes.io/name': APP,
  'backstage.io/kubernetes-id': 'checkout-api',
};

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: APP, labels },
  spec: {
    replicas: 1,
    selector: { matchLabels: labels },
    template: {
      // its status is set by the test; the cluster's self-healing stage leaves it alone
      metadata: { labels, annotations: { 'paved.dev/simulate': 'manual' } },
      spec: {
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        containers: [
          {
            name: 'app',
            image: `registry.paved.local/${APP}:1.0.0`,
            resources: { requests: { cpu: '10m', memory: '16Mi' } },
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

test.afterAll(() => {
  kubectl(['delete', 'deployment', APP, '--ignore-not-found', '--wait=false']);
});

test('a pod that stops being ready shows on an open Platform tab within 2 s', async ({
  page,
}) => {
  test.setTimeout(180_000);
  kubectl(['apply', '-f', '-'], JSON.stringify(deployment));
  // watches the Deployment until its pod is made and available (a wait on the pods themselves finds none
  // while the ReplicaSet has not made the pod yet)
  kubectl(['rollout', 'status', `deployment/${APP}`, '--timeout=120s']);
  const pod = kubectl([
    'get',
    'pod',
    '-l',
    `app.kubernetes.io/name=${APP}`,
    '-o',
    'jsonpath={.items[0].metadata.name}',
  ]).trim();

  // the page is live once its signals socket subscribed to the entity's channel and it registered
  const subscribed = new Promise<void>(resolve => {
    page.on('websocket', socket => {
      socket.on('framesent', frame => {
        const text = String(frame.payload);
        if (text.includes('"subscribe"') && text.includes(CHANNEL)) resolve();
      });
    });
  });
  const registered = page.waitForResponse(
    response =>
      response
        .url()
        .endsWith('/entities/default/component/checkout-api/live') &&
      response.request().method() === 'POST' &&
      response.ok(),
  );
  await signInAs(page, 'bob');
  await page.goto('/catalog/default/component/checkout-api/platform');
  const row = page.getByRole('row').filter({ hasText: APP });
  await expect(row).toContainText('1/1 ready', { timeout: 60_000 });
  await Promise.all([registered, subscribed]);

  const sentAt = Date.now();
  kubectl([
    'patch',
    'pod',
    pod,
    '--subresource=status',
    '--type=strategic',
    '-p',
    JSON.stringify({
      status: {
        conditions: [
          { type: 'Ready', status: 'False', reason: 'E2ELiveUpdate' },
        ],
      },
    }),
  ]);
  await expect(row).toContainText(`${pod}: E2ELiveUpdate`, { timeout: 2000 });
  await expect(row).toContainText('0/1 ready');
  test.info().annotations.push({
    type: 'latency',
    description: `pod status patched -> shown on the page: ${
      Date.now() - sentAt
    } ms`,
  });
});
