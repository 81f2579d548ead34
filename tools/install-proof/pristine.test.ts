import { expect, Page, test } from '@playwright/test';
import {
  guestToken,
  overviewWhen,
  runTemplate,
} from '../../packages/app/e2e-tests/scaffolderApi';

const app = process.env.PAVED_PROOF_APP ?? 'app';
const shots = `${
  process.env.PAVED_PROOF_OUT ?? 'test-results/install-proof'
}/${app}`;

/**
 * Signs in with the pristine app's guest sign-in, whichever page its frontend system shows: the sign-in
 * page's Enter button, or straight into the app when the session is kept.
 */
async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  const signedIn = page.getByRole('link', { name: /^(Home|Catalog)$/ });
  await expect(enter.or(signedIn).first()).toBeVisible();
  if (await enter.isVisible()) await enter.click();
  await expect(signedIn.first()).toBeVisible();
}

test.describe(`Paved installed into a pristine app (${app})`, () => {
  test.describe.configure({ mode: 'serial' });

  test('the Platform tab of checkout-api shows its environments and workloads', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto('/catalog/default/component/checkout-api/platform');
    await expect(
      page
        .getByRole('table')
        .filter({ hasText: 'checkout-production' })
        .first(),
    ).toBeVisible();
    await expect(page.getByText('checkout-dev').first()).toBeVisible();
    await expect(page.getByText(/\d+\/\d+ ready/).first()).toBeVisible();
    await page.screenshot({ path: `${shots}-platform.png`, fullPage: true });
  });

  test('the team cost card renders on team-checkout\u2019s page', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto('/catalog/default/group/team-checkout');
    await expect(page.getByTestId('paved-team-cost-month-to-date')).toHaveText(
      /^\$\d+\.\d{2,4}$/,
    );
    await page.screenshot({ path: `${shots}-team-cost.png`, fullPage: true });
  });

  test('a template from examples/templates runs: an environment is created and deleted again', async ({
    request,
  }) => {
    test.setTimeout(420_000);
    const token = await guestToken(request);
    const name = `proof-${Math.random().toString(36).slice(2, 7)}`;
    const created = await runTemplate(request, token, 'create-environment', {
      team: 'group:default/team-checkout',
      name,
      size: 'small',
      lifecycle: 'ephemeral',
      ttlHours: 1,
    });
    expect(created.status, created.log).toBe('completed');
    expect(created.log).toContain(`Namespace checkout-${name} created`);
    const view = await overviewWhen(request, token, 'checkout-api', v =>
      v.environments.some((e: any) => e.namespace === `checkout-${name}`),
    );
    expect(view.environments.map((e: any) => e.namespace)).toContain(
      `checkout-${name}`,
    );
    const deleted = await runTemplate(request, token, 'delete-environment', {
      cluster: 'local',
      namespace: `checkout-${name}`,
      confirm: true,
    });
    expect(deleted.status, deleted.log).toBe('completed');
  });
});
