import AxeBuilder from '@axe-core/playwright';
import { Page, expect, test } from '@playwright/test';
import { signIn } from './signIn';

/**
 * The Platform tab as a team's daily page: health at a glance, readable logs with filters, one time range,
 * shareable links, and no serious accessibility violations in the light and dark themes.
 */

const SHOTS = 'test-results/screenshots';
const PAYMENTS = '/catalog/default/component/payments-api/platform';
const CHECKOUT = '/catalog/default/component/checkout-api/platform';

/** The log lines the Logs card shows, once it has loaded some. */
async function logLines(page: Page) {
  const lines = page.getByTestId('paved-log-line');
  await expect(lines.first()).toBeVisible({ timeout: 60_000 });
  return lines;
}

/** The Logs card's section, scrolled into view. */
async function openLogs(page: Page) {
  await page
    .getByRole('navigation', { name: 'Platform sections' })
    .getByRole('link', { name: 'Logs' })
    .click();
  await expect(page).toHaveURL(/section=logs/);
  return page.getByRole('region', { name: 'Logs' });
}

test('the health line shows payments-api\u2019s crash loop at the top, without scrolling', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(PAYMENTS);
  const crashLoop = page
    .getByTestId('paved-health-row')
    .filter({ hasText: 'crash-loop' })
    .first();
  await expect(crashLoop).toBeVisible({ timeout: 60_000 });
  await expect(crashLoop).toBeInViewport();
  await expect(crashLoop).toContainText('failed');
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // the diagnosis links to its explanation in the Troubleshooting section
  await crashLoop.getByRole('link', { name: /crash-loop/ }).click();
  await expect(page).toHaveURL(/section=troubleshooting/);
  await expect(page).toHaveURL(/diagnosis=/);
  const linked = page.locator('[data-linked-diagnosis="true"]');
  await expect(linked).toContainText('crash-loop');
  await expect(linked).toBeInViewport();
});

test('the logs can be filtered by level and by a field, down to one request', async ({
  page,
}) => {
  await signIn(page);
  // checkout-api's demo answers some requests with 503 (ERROR lines with status and request_id fields)
  await page.goto(CHECKOUT);
  const logs = await openLogs(page);
  await logLines(page);
  // the newest 30 lines may hold no error: older lines are loaded until some do
  const errorLevel = logs.getByRole('button', { name: /^ERROR \d+ lines$/ });
  await expect(async () => {
    const name = await errorLevel.getAttribute('aria-label');
    if (name === 'ERROR 0 lines') {
      await logs.getByRole('button', { name: 'Load older lines' }).click();
    }
    expect(name).not.toBe('ERROR 0 lines');
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  await errorLevel.click();
  await expect(page).toHaveURL(/level=ERROR/);
  const errors = await logLines(page);
  const levels = await errors.evaluateAll(rows =>
    rows.map(r => r.getAttribute('data-level')),
  );
  expect(levels.length).toBeGreaterThan(0);
  expect(new Set(levels)).toEqual(new Set(['ERROR']));

  // one request: open the first error line and filter on its request_id
  const first = errors.first();
  await first.getByRole('button', { expanded: false }).click();
  await first
    .getByRole('button', { name: /^Show only lines with request_id=/ })
    .click();
  await expect(
    logs.getByRole('textbox', { name: 'Filter by fields' }),
  ).toHaveValue(/request_id=\S+/);
  await expect(page).toHaveURL(/fields=request_id/);
  await expect(page.getByTestId('paved-log-line')).toHaveCount(1);
  await expect(page.getByTestId('paved-log-line')).toHaveAttribute(
    'data-level',
    'ERROR',
  );
  await page.screenshot({ path: `${SHOTS}/team-page-logs-filtered.png` });
});

test('one time range moves the metrics and the logs together', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(CHECKOUT);
  await openLogs(page);
  await logLines(page);
  await expect(page.getByTestId('paved-golden-signals')).toContainText(
    'last hour',
    { timeout: 60_000 },
  );
  const signals = page.waitForRequest(r =>
    /metrics\/golden-signals\?.*range=15m/.test(r.url()),
  );
  const logs = page.waitForRequest(r => /\/logs\?.*since=\d+/.test(r.url()));
  const clicked = Math.floor(Date.now() / 1000);
  // from the keyboard: the range buttons are reachable and work with Enter
  await page.getByRole('button', { name: 'Range 15 m' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/range=15m/);
  const [, logsRequest] = await Promise.all([signals, logs]);
  const since = Number(new URL(logsRequest.url()).searchParams.get('since'));
  expect(Math.abs(clicked - 15 * 60 - since)).toBeLessThan(120);
  await expect(page.getByTestId('paved-golden-signals')).toContainText(
    'last 15 minutes',
  );
  await expect(page.getByTestId('paved-logs-window')).toContainText(
    'last 15 minutes',
  );
});

test('a copied link to a log line opens a page with that line highlighted', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page);
  await page.goto(CHECKOUT);
  await openLogs(page);
  const lines = await logLines(page);
  const line = lines.last();
  const time = await line.locator('time').getAttribute('datetime');
  const source = await line
    .getByRole('button', { expanded: false })
    .textContent();
  await line.getByRole('button', { name: 'Copy link to this line' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('line=');

  const other = await context.newPage();
  await other.goto(link);
  const highlighted = other.getByTestId('paved-log-line-highlighted');
  await expect(highlighted).toBeVisible({ timeout: 60_000 });
  await expect(highlighted.locator('time')).toHaveAttribute('datetime', time!);
  await expect(highlighted).toContainText(source!.slice(0, 60));
  await expect(highlighted).toBeInViewport();
  await other.screenshot({ path: `${SHOTS}/team-page-linked-line.png` });
});

for (const theme of ['light', 'dark'] as const) {
  test(`the Platform tab has no serious accessibility violations (${theme} theme)`, async ({
    page,
  }) => {
    await page.addInitScript(
      t => window.localStorage.setItem('theme', t),
      theme,
    );
    await signIn(page);
    await page.goto(`${PAYMENTS}?range=6h`);
    await expect(page.getByTestId('paved-health-row').first()).toBeVisible({
      timeout: 60_000,
    });
    // every card below the fold loads once scrolled past
    for (const section of ['metrics', 'cost', 'logs', 'events']) {
      await page
        .getByRole('navigation', { name: 'Platform sections' })
        .getByRole('link', { name: new RegExp(`^${section}$`, 'i') })
        .click();
    }
    await expect(page.getByTestId('paved-golden-signals')).toBeVisible({
      timeout: 60_000,
    });
    await page.screenshot({
      path: `${SHOTS}/team-page-${theme}.png`,
      fullPage: true,
    });
    // a hovered log row (a lighter background under its secondary text) is checked every time, not only when
    // the pointer happens to be left over one
    await page
      .locator('[data-testid="paved-log-line"] [role="button"]')
      .first()
      .hover();
    const results = await new AxeBuilder({ page })
      .include('[data-testid="paved-platform-tab"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = results.violations.filter(v =>
      ['serious', 'critical'].includes(v.impact ?? ''),
    );
    expect(
      serious.map(v => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
      })),
    ).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(10);
  });
}
