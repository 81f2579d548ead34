import { APIRequestContext, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { backendUrl } from './backends';
import { runTemplate, waitForTemplate } from './scaffolderApi';
import { signInAs } from './signIn';
import { as, userToken } from './users';

const NAMESPACE = 'checkout-dev';
const suffix = randomBytes(3).toString('hex');
const SECRET = `e2e-token-${suffix}`;
const APP = `e2e-secret-${suffix}`;
/** The value Bob sets: it must show up in no response and no backend log line. */
const VALUE = `e2e-value-${randomBytes(12).toString('hex')}`;
const FORMS = [VALUE, Buffer.from(VALUE).toString('base64')];
/** The backend's log when Playwright started the app (playwright.config.ts). */
const APP_LOG = path.resolve(
  process.env.PAVED_E2E_APP_LOG ?? 'test-results/app.log',
);

const kubectl = (...args: string[]) =>
  execFileSync(process.env.PAVED_KUBECTL!, [
    `--kubeconfig=${process.env.PAVED_KUBE_ADMIN_KUBECONFIG}`,
    `--namespace=${NAMESPACE}`,
    ...args,
  ]).toString();

/** The web-service golden path reading API_TOKEN from the Secret Bob has not set yet. */
const webService = {
  cluster: 'local',
  owner: 'group:default/team-checkout',
  namespace: NAMESPACE,
  size: 'small',
  name: APP,
  source: { image: `registry.paved.local/${APP}:1.0.0` },
  port: 8080,
  env: { API_TOKEN: `secret/${SECRET}/token` },
  replicas: 1,
  autoscaling: { enabled: false, min: 1, max: 2 },
  ci: { lint: true, test: true, buildImage: true, scan: true, deploy: true },
  publish: false,
};

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

test.describe('secrets, write-only, as Bob (developer, team-checkout)', () => {
  test.describe.configure({ timeout: 360_000 });

  test.afterAll(async ({ request }) => {
    kubectl(
      'delete',
      'deployment,service,serviceaccount,networkpolicy,poddisruptionbudget,horizontalpodautoscaler',
      `--selector=backstage.io/kubernetes-id=${APP}`,
      '--ignore-not-found',
      '--wait=false',
    );
    kubectl('delete', 'secret', SECRET, '--ignore-not-found', '--wait=false');
    await removeComponent(request);
  });

  test('a golden path stops at its dry run on a missing key; Bob sets it on the Secrets card; the workload becomes Ready; the value is in no response and no log line', async ({
    page,
    request,
  }) => {
    const token = await userToken(request, 'bob');
    await waitForTemplate(request, token, 'web-service');
    const seen: string[] = [];
    page.on('response', async response => {
      const body = await response.body().catch(() => undefined);
      if (body) seen.push(`${response.url()}\n${body.toString('utf8')}`);
    });

    // 1. the deploy reads a key that does not exist: it stops at the dry run, naming it, and applies nothing
    const refused = await runTemplate(
      request,
      token,
      'web-service',
      webService,
    );
    expect(refused.status).toBe('failed');
    expect(refused.log).toContain(
      `reads key "token" of Secret "${SECRET}", which does not exist in ${NAMESPACE}`,
    );
    expect(refused.log).toContain('nothing was applied');
    expect(
      kubectl('get', 'deployment', APP, '--ignore-not-found', '-o', 'name'),
    ).toBe('');

    // 2. Bob sets the value on checkout-api's Secrets card (Platform tab), write-only
    await signInAs(page, 'bob');
    await page.goto('/catalog/default/component/checkout-api/platform');
    const card = page.locator('#paved-secrets');
    await card
      .getByRole('button', { name: `New secret in ${NAMESPACE}` })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Secret name' }).fill(SECRET);
    await dialog.getByRole('textbox', { name: 'Key' }).fill('token');
    await dialog.getByLabel('Value of token').fill(VALUE);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toContainText('write-only');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.screenshot({
      path: 'test-results/screenshots/secrets-card.png',
      fullPage: true,
    });
    const secret = JSON.parse(kubectl('get', 'secret', SECRET, '-o', 'json'));
    expect(Buffer.from(secret.data.token, 'base64').toString()).toBe(VALUE);

    // 3. the same golden path now deploys, and the workload reading the key becomes Ready
    const deployed = await runTemplate(
      request,
      token,
      'web-service',
      webService,
    );
    expect(deployed.status, deployed.log).toBe('completed');
    await expect
      .poll(
        () =>
          JSON.parse(kubectl('get', 'deployment', APP, '-o', 'json')).status
            ?.readyReplicas ?? 0,
        { timeout: 120_000 },
      )
      .toBeGreaterThanOrEqual(1);

    // 4. the card shows the key as set by Bob, never its value
    await page.reload();
    await expect(card).toContainText(SECRET);
    await expect(card).toContainText('user:default/bob');

    // 5. no response of the page or of either task, and no line of the backend's log, holds the value
    const tasks = await Promise.all(
      [refused.id, deployed.id].map(async id =>
        (
          await request.get(
            `${backendUrl()}/api/scaffolder/v2/tasks/${id}/events`,
            { headers: { Authorization: `Bearer ${token}` } },
          )
        ).text(),
      ),
    );
    expect(seen.length).toBeGreaterThan(10);
    expect(
      seen.some(s => s.includes(`/secrets/${SECRET}/values`)),
      'the page set the value through Paved',
    ).toBe(true);
    for (const text of [...seen, ...tasks]) {
      for (const form of FORMS) expect(text).not.toContain(form);
    }
    const log = fs.readFileSync(APP_LOG, 'utf8');
    expect(
      log,
      `${APP_LOG} is the log of the backend this test ran against`,
    ).toContain(`/secrets/${SECRET}/values`);
    for (const form of FORMS) expect(log).not.toContain(form);
  });
});
