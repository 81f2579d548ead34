import { Page, expect, test } from '@playwright/test';
import { backendUrl } from './backends';
import { signIn, signInAs } from './signIn';
import { userToken } from './users';

/**
 * Traces on the Platform tab, against the local cluster's Jaeger (the simulator sends a trace for each request
 * it logs): from a log line to its trace, from an error trace to the span that failed, and other teams' spans
 * as opaque hops.
 */

const CHECKOUT = '/catalog/default/component/checkout-api/platform';
const SEARCH = '/catalog/default/component/search-api/platform';

/** Goes to a section through the tab's section links. */
async function openSection(page: Page, name: 'Logs' | 'Traces') {
  await page
    .getByRole('navigation', { name: 'Platform sections' })
    .getByRole('link', { name })
    .click();
  await expect(page).toHaveURL(new RegExp(`section=${name.toLowerCase()}`));
}

test('a log line’s trace link opens that trace as a waterfall', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page); // Alice, team-checkout
  await page.goto(CHECKOUT);
  await openSection(page, 'Logs');
  const traced = page
    .getByTestId('paved-log-line')
    .filter({ has: page.getByTestId('paved-log-trace') })
    .last();
  await expect(traced).toBeVisible({ timeout: 60_000 });
  const button = traced.getByTestId('paved-log-trace');
  const traceId = ((await button.getAttribute('aria-label')) ?? '').replace(
    'Open trace ',
    '',
  );
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  await button.click();
  await expect(page).toHaveURL(new RegExp(`trace=${traceId}`));
  await expect(page).toHaveURL(/section=traces/);
  const opened = page.getByTestId('paved-open-trace');
  await expect(opened).toContainText(traceId, { timeout: 30_000 });
  const waterfall = opened.getByTestId('paved-trace-waterfall');
  await expect(waterfall).toBeVisible({ timeout: 30_000 });
  await expect(
    waterfall.locator('[data-service="checkout-api"]').first(),
  ).toBeVisible();
});

test('failed traces of checkout-api name the span in payments-api where they failed', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(page);
  await page.goto(`${CHECKOUT}?traces=error&range=15m`);
  await openSection(page, 'Traces');
  const traces = page.getByRole('region', { name: 'Traces' });
  const failing = traces
    .getByRole('row')
    .filter({ hasText: 'Failed in payments-api' })
    .first();
  await expect(failing).toBeVisible({ timeout: 90_000 });
  await failing.getByRole('button', { name: /^Open trace / }).click();
  const waterfall = page.getByTestId('paved-trace-waterfall');
  const payments = waterfall.locator('[data-service="payments-api"]').first();
  await expect(payments).toBeVisible({ timeout: 30_000 });
  await payments.getByRole('button', { name: /failed/ }).click();
  await expect(page.getByTestId('paved-span-details')).toContainText(
    'card processor',
  );
});

test('a Search developer sees checkout-api only as opaque hops in search-api’s traces', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  await signInAs(page, 'dave');
  // product pages: search-api asks checkout-api for the cart (the filter is part of the shareable view)
  await page.goto(
    `${SEARCH}?range=15m&env=dev&op=${encodeURIComponent(
      'GET /api/products/{id}',
    )}`,
  );
  await openSection(page, 'Traces');
  const traces = page.getByRole('region', { name: 'Traces' });
  const through = traces
    .getByRole('row')
    .filter({ hasText: 'search-api → checkout-api' })
    .first();
  await expect(through).toBeVisible({ timeout: 90_000 });
  await through.getByRole('button', { name: /^Open trace / }).click();
  const waterfall = page.getByTestId('paved-trace-waterfall');
  const hops = waterfall.locator('[data-service="checkout-api"]');
  await expect(hops.first()).toBeVisible({ timeout: 30_000 });
  for (const hop of await hops.all()) {
    await expect(hop).toHaveAttribute('data-testid', 'paved-span-opaque');
    await expect(hop).toContainText('opaque hop');
  }
  await expect(waterfall).not.toContainText('/api/cart');
  // and checkout-api's traces are not Dave's to read, through the app's backend either
  const refused = await request.get(
    `${backendUrl()}/api/paved/entities/default/component/checkout-api/traces?range=15m`,
    {
      headers: { authorization: `Bearer ${await userToken(request, 'dave')}` },
    },
  );
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain('paved.entity.traces.read');
});
