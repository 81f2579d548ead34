import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

const SHOTS = 'test-results/screenshots';

async function waitForBackend() {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      const response = await fetch('http://localhost:7007/api/paved/health');
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error('backend on :7007 never became healthy');
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

test.beforeAll(async () => {
  await waitForBackend();
});

test('the catalog lists the example services', async ({ page }) => {
  await signIn(page);
  // Alice's own team's services first, then everything
  await expect(page.getByRole('link', { name: 'checkout-api' })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'checkout-worker' }),
  ).toBeVisible();
  await page.getByText('All', { exact: true }).click();
  await expect(page.getByRole('link', { name: 'search-api' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/catalog.png`, fullPage: true });
});

test('the Platform tab shows where a service runs', async ({ page }) => {
  await signIn(page);
  await page.goto('/catalog/default/component/checkout-api/platform');
  const environments = page
    .getByRole('table')
    .filter({ hasText: 'checkout-production' })
    .first();
  await expect(environments).toBeVisible();
  await expect(page.getByText('checkout-dev').first()).toBeVisible();
  await expect(page.getByText(/\d+\/\d+ ready/).first()).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/platform-checkout-api.png`,
    fullPage: true,
  });
});

test('the Platform tab says what is missing for a service without the annotation', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/catalog/default/component/storefront-web/platform');
  await expect(page.getByText('Nothing runs here yet')).toBeVisible();
  await expect(
    page.getByText(/Add the annotation "backstage\.io\/kubernetes-id: <id>"/),
  ).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/platform-storefront-web.png`,
    fullPage: true,
  });
});

test('the Platform tab shows the service\u2019s logs and follows new lines', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/catalog/default/component/checkout-api/platform');
  const latest = page.getByTestId('paved-logs-latest');
  await expect(latest).toContainText('line(s)');
  await expect(page.getByRole('heading', { name: 'Events' })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Troubleshooting' }),
  ).toContainText('Troubleshooting');
  // golden signals from Prometheus, with the latest request rate of each environment
  await expect(page.getByTestId('paved-golden-signals')).toContainText('/s', {
    timeout: 60_000,
  });
  const before = await latest.textContent();
  await page.getByRole('checkbox', { name: 'Follow' }).check();
  await expect(latest).toContainText('following');
  // the local cluster's services write a line every few seconds; a followed line adds to the count
  const countOf = (text: string | null) =>
    Number(/(\d+) line/.exec(text ?? '')?.[1] ?? 0);
  const initial = countOf(before);
  await expect
    .poll(async () => countOf(await latest.textContent()), { timeout: 45_000 })
    .toBeGreaterThan(initial);
  await page.screenshot({ path: `${SHOTS}/platform-logs.png`, fullPage: true });
});

test('the Troubleshooting card explains why a broken service fails', async ({
  page,
}) => {
  await signIn(page);
  // payments-api runs a crash-looping, an OOM-killed and an unschedulable workload (tools/cluster/demo)
  await page.goto('/catalog/default/component/payments-api/platform');
  const diagnoses = page.getByTestId('paved-diagnosis');
  await expect(diagnoses.filter({ hasText: 'crash-loop' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(diagnoses.filter({ hasText: 'oom-killed' })).toBeVisible();
  await expect(diagnoses.filter({ hasText: 'Insufficient cpu' })).toBeVisible();
  await expect(
    diagnoses.filter({ hasText: 'crash-loop' }).locator('pre'),
  ).toContainText('FATAL');
  await page.screenshot({
    path: `${SHOTS}/platform-troubleshooting.png`,
    fullPage: true,
  });
});

test('the Platform tab of another team\u2019s service says it is not yours to see', async ({
  page,
}) => {
  await signIn(page); // Alice, team-checkout; search-api belongs to team-search
  await page.goto('/catalog/default/component/search-api/platform');
  await expect(page.getByText(/This is not yours to see/)).toBeVisible();
  await expect(
    page
      .getByText(
        /You may not view the platform details of component:default\/search-api/,
      )
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/platform-not-allowed.png` });
});
