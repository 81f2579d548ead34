import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { backendUrl } from './backends';
import { signIn } from './signIn';
import { as } from './users';

const SHOTS = 'test-results/screenshots';
const cluster = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../.cluster/env.json'),
    'utf8',
  ),
) as Record<string, string>;

test('a team lead approves a developer\u2019s production change in the Platform tab', async ({
  page,
  request,
}) => {
  const name = `ui-approval-${Math.random().toString(36).slice(2, 8)}`;
  const created = await request.post(`${backendUrl()}/api/paved/approvals`, {
    headers: await as(request, 'bob'),
    data: {
      kind: 'apply',
      cluster: 'local',
      namespace: 'checkout-production',
      summary: `ConfigMap ${name}`,
      manifests: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name },
          data: { owner: 'bob' },
        },
      ],
      wait: false,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  try {
    await signIn(page); // Alice, lead of team-checkout
    await page.goto('/catalog/default/component/checkout-api/platform');
    const item = page.getByTestId(`approval-${id}`);
    await expect(item).toContainText(`ConfigMap ${name}`);
    await expect(item).toContainText('Asked by user:default/bob');
    await expect(item.getByLabel('Diff')).toContainText(`name: ${name}`);
    await page.screenshot({
      path: `${SHOTS}/approvals-pending.png`,
      fullPage: true,
    });
    await item.getByRole('button', { name: 'Approve' }).click();
    await expect(
      page.getByText('Approved; the change was applied'),
    ).toBeVisible();
    await expect(item).toContainText('approved, applied');
    await expect(item).toContainText('approved by user:default/alice');
    expect(
      execFileSync(
        cluster.PAVED_KUBECTL,
        [
          '--kubeconfig',
          cluster.PAVED_KUBE_ADMIN_KUBECONFIG,
          'get',
          'configmap',
          '-n',
          'checkout-production',
          name,
          '-o',
          'jsonpath={.data.owner}',
        ],
        { encoding: 'utf8' },
      ),
    ).toBe('bob');
  } finally {
    execFileSync(cluster.PAVED_KUBECTL, [
      '--kubeconfig',
      cluster.PAVED_KUBE_ADMIN_KUBECONFIG,
      'delete',
      'configmap',
      '-n',
      'checkout-production',
      name,
      '--ignore-not-found',
    ]);
  }
});

test('the audit trail page explains that it is for platform admins', async ({
  page,
}) => {
  await signIn(page); // Alice is a team lead, not a platform admin
  await page.goto('/paved/audit');
  await expect(
    page.getByText('Only platform admins read the audit trail'),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/audit-not-admin.png` });
});
