import { APIRequestContext, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { backendUrl } from './backends';
import { runTemplate, waitForTemplate } from './scaffolderApi';
import { signInAs } from './signIn';
import { as, userToken } from './users';

const NAMESPACE = 'checkout-dev';
const APP = `e2e-rollback-${randomBytes(3).toString('hex')}`;

const kubectl = (...args: string[]) =>
  execFileSync(process.env.PAVED_KUBECTL!, [
    `--kubeconfig=${process.env.PAVED_KUBE_ADMIN_KUBECONFIG}`,
    `--namespace=${NAMESPACE}`,
    ...args,
  ]).toString();

/** The web-service golden path at `version`. */
const webService = (version: string, more: Record<string, unknown> = {}) => ({
  cluster: 'local',
  owner: 'group:default/team-checkout',
  namespace: NAMESPACE,
  size: 'small',
  name: APP,
  source: { image: `registry.paved.local/${APP}:${version}` },
  port: 8080,
  replicas: 1,
  autoscaling: { enabled: false, min: 1, max: 2 },
  ci: { lint: true, test: true, buildImage: true, scan: true, deploy: true },
  publish: false,
  ...more,
});

/**
 * v2: a new image whose pods crash (the local cluster crashes pods annotated `paved.dev/simulate`), an
 * autoscaler v1 did not have, and a short progress deadline so that the failed rollout is known quickly.
 */
const brokenV2 = webService('2.0.0', {
  autoscaling: { enabled: true, min: 1, max: 3, targetCPU: 80 },
  patches: [
    '- target: { kind: Deployment }',
    '  type: strategic',
    '  patch:',
    '    spec:',
    '      progressDeadlineSeconds: 15',
    '      template:',
    '        metadata:',
    '          annotations: { paved.dev/simulate: crash-loop }',
  ].join('\n'),
});

async function removeComponent(request: APIRequestContext) {
  const headers = await as(request, 'erin');
  const entity = await request.get(
    `${backendUrl()}/api/catalog/entities/by-name/component/default/${APP}`,
    { headers },
  );
  if (entity.ok()) {
    const { metadata } = await entity.json();
    await request.delete(
      `${backendUrl()}/api/catalog/entities/by-uid/${metadata.uid}`,
      { headers },
    );
  }
}

const deployment = () =>
  JSON.parse(kubectl('get', 'deployment', APP, '-o', 'json'));

test.describe('revisions and rollback, as Bob (developer, team-checkout)', () => {
  test.describe.configure({ timeout: 480_000 });

  test.afterAll(async ({ request }) => {
    kubectl(
      'delete',
      'deployment,service,serviceaccount,networkpolicy,poddisruptionbudget,horizontalpodautoscaler,configmap',
      `--selector=backstage.io/kubernetes-id=${APP}`,
      '--ignore-not-found',
      '--wait=false',
    );
    await removeComponent(request);
  });

  test('v1, then a v2 whose rollout fails; rolling back to v1 from the Revisions card runs v1 again, removes what v2 added and lists revisions 1–3 with their diffs', async ({
    page,
    request,
  }) => {
    const token = await userToken(request, 'bob');
    await waitForTemplate(request, token, 'web-service');

    const v1 = await runTemplate(
      request,
      token,
      'web-service',
      webService('1.0.0'),
    );
    expect(v1.status, v1.log).toBe('completed');
    const v2 = await runTemplate(request, token, 'web-service', brokenV2);
    expect(v2.status, v2.log).toBe('failed');
    expect(v2.log).toContain('Rollout of');
    expect(
      kubectl('get', 'horizontalpodautoscaler', APP, '-o', 'name').trim(),
    ).toBe(`horizontalpodautoscaler.autoscaling/${APP}`);

    // revisions are numbered per environment, and other changes of checkout-dev may come in between
    const revisions = async () => {
      const res = await request.get(
        `${backendUrl()}/api/paved/entities/default/component/${APP}/revisions`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      expect(res.ok(), await res.text()).toBe(true);
      return (await res.json()).revisions as Array<{
        revision: number;
        outcome: string;
        source: { kind: string; restores?: number };
      }>;
    };
    const [r2, r1] = (await revisions()).map(r => r.revision);
    expect(r2).toBeGreaterThan(r1);

    await signInAs(page, 'bob');
    await page.goto(`/catalog/default/component/${APP}/platform`);
    const card = page.locator('#paved-revisions');
    const row = (n: number) =>
      card.getByRole('row').filter({
        has: page.getByRole('cell', { name: `#${n}`, exact: true }),
      });
    await expect(row(r2)).toContainText('failed');
    await expect(row(r2)).toContainText(
      `HorizontalPodAutoscaler ${APP} (created)`,
    );
    await expect(row(r1)).toContainText('applied');

    await row(r1).getByRole('button', { name: 'Roll back' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(
      `Roll back ${NAMESPACE} to revision #${r1}`,
    );
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await expect(dialog).toContainText(/Rolled back: revision #\d+ recorded/, {
      timeout: 180_000,
    });
    await expect(dialog).toContainText(`HorizontalPodAutoscaler ${APP}`);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // v1 runs again, and the autoscaler v2 added is gone
    const live = deployment();
    expect(live.spec.template.spec.containers[0].image).toBe(
      `registry.paved.local/${APP}:1.0.0`,
    );
    expect(
      live.spec.template.metadata.annotations?.['paved.dev/simulate'],
    ).toBeUndefined();
    await expect
      .poll(() => deployment().status?.readyReplicas ?? 0, {
        timeout: 120_000,
      })
      .toBeGreaterThanOrEqual(1);
    expect(
      kubectl(
        'get',
        'horizontalpodautoscaler',
        APP,
        '--ignore-not-found',
        '-o',
        'name',
      ),
    ).toBe('');

    // the component's three revisions are listed, newest first, each with its diff
    const listed = await revisions();
    expect(
      listed.map(r => [r.outcome, r.source.kind, r.source.restores]),
    ).toEqual([
      ['applied', 'rollback', r1],
      ['failed', 'apply', undefined],
      ['applied', 'apply', undefined],
    ]);
    const r3 = listed[0].revision;
    await expect(row(r3)).toContainText(`rollback of #${r1}`);
    await expect(card.getByRole('row')).toHaveCount(4); // the header and three revisions
    await row(r2).getByRole('button', { name: 'Diff' }).click();
    const diff = page.getByRole('dialog');
    await expect(diff).toContainText(`registry.paved.local/${APP}:2.0.0`);
    await page.screenshot({
      path: 'test-results/screenshots/revisions-card.png',
      fullPage: true,
    });
    await diff.getByRole('button', { name: 'Close' }).click();
    await card
      .getByRole('checkbox', { name: `Pick #${r1} of ${NAMESPACE} to compare` })
      .check();
    await card
      .getByRole('checkbox', { name: `Pick #${r2} of ${NAMESPACE} to compare` })
      .check();
    await card.getByRole('button', { name: 'Compare' }).click();
    const compare = page.getByRole('dialog');
    await expect(compare).toContainText(
      `+++ revision-${r2}/HorizontalPodAutoscaler/${APP}`,
    );
  });
});
