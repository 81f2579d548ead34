import { expect, test } from '@playwright/test';
import { backendUrl } from './backends';
import { signIn, signInAs } from './signIn';
import { notificationFor } from './notifications';
import { USERS, as } from './users';

// Showback against the running backend and the local cluster's Prometheus: the cost endpoints are
// owner-scoped by the real tier policy (real tokens), and the cost cards render numbers and charts.
// Budgets come from examples/org.yaml: team-checkout 200 / month (within it), team-search 40 / month (its
// demo workloads cost about 72 a month, so it is over).

const SHOTS = 'test-results/screenshots';
const paved = () => `${backendUrl()}/api/paved`;
const componentCost = () =>
  `${paved()}/entities/default/component/checkout-api/cost`;
const groupCost = (team: string) =>
  `${paved()}/entities/default/group/${team}/cost`;

test.describe('cost endpoints are owner-scoped (real tokens, running backend)', () => {
  const cases: Array<[keyof typeof USERS, string, number]> = [
    ['bob', 'developer, own team', 200],
    ['dave', 'developer, other team', 403],
  ];
  for (const [user, tier, status] of cases) {
    test(`${user} (${tier}) gets ${status} on checkout-api's and team-checkout's cost`, async ({
      request,
    }) => {
      const headers = await as(request, user);
      const component = await request.get(componentCost(), { headers });
      const team = await request.get(groupCost('team-checkout'), { headers });
      expect([component.status(), team.status()]).toEqual([status, status]);
      if (status === 200) {
        const body = await component.json();
        expect(body.currency).toBe('USD');
        expect(body.monthToDate).toBeGreaterThan(0);
        expect(body.projected).toBeGreaterThan(body.monthToDate);
        expect(body.daily).toHaveLength(30);
        expect(body.rightsizing.length).toBeGreaterThan(0);
        const teamBody = await team.json();
        expect(teamBody.budget).toMatchObject({ budget: 200, status: 'ok' });
      } else {
        expect((await component.json()).error.message).toContain(
          'component:default/checkout-api',
        );
        expect((await team.json()).error.message).toContain(
          'group:default/team-checkout',
        );
      }
    });
  }

  test('dave is notified that his team is over its budget', async ({
    request,
  }) => {
    // the backend checks budgets every minute (app-config.yaml), starting a minute after it starts
    test.setTimeout(300_000);
    const notice = await notificationFor(request, 'dave', {
      topic: 'paved-budgets',
      title: 'group:default/team-search is over its monthly budget of $40.00',
      timeoutMs: 240_000,
    });
    expect(notice.payload).toMatchObject({
      severity: 'high',
      link: '/catalog/default/group/team-search',
    });
    expect(notice.payload.description).toMatch(/^Projected \$\d+\.\d{2} for /);
  });

  test('dave sees his own team over its budget', async ({ request }) => {
    const res = await request.get(groupCost('team-search'), {
      headers: await as(request, 'dave'),
    });
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.budget).toMatchObject({
      budget: 40,
      source: 'annotation',
      status: 'over',
    });
    expect(body.projected).toBeGreaterThan(40);
  });

  test('erin (platform admin) sees every team; bob may not', async ({
    request,
  }) => {
    const res = await request.get(`${paved()}/teams/cost`, {
      headers: await as(request, 'erin'),
    });
    expect(res.status()).toBe(200);
    const { teams } = await res.json();
    const byTeam = Object.fromEntries(
      (teams as any[]).map(t => [t.team, t.budget?.status]),
    );
    expect(byTeam).toMatchObject({
      'group:default/team-checkout': 'ok',
      'group:default/team-search': 'over',
    });
    expect(Object.keys(byTeam)).toContain('group:default/team-platform');

    const denied = await request.get(`${paved()}/teams/cost`, {
      headers: await as(request, 'bob'),
    });
    expect(denied.status()).toBe(403);
    expect((await denied.json()).error.name).toBe('NotAllowedError');
  });
});

test.describe('cost cards', () => {
  test('the Platform tab shows checkout-api\u2019s cost with a chart and rightsizing', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto('/catalog/default/component/checkout-api/platform');
    const monthToDate = page.getByTestId('paved-cost-month-to-date');
    await expect(monthToDate).toHaveText(/^\$\d+\.\d{2,4}$/, {
      timeout: 60_000,
    });
    await expect(page.getByTestId('paved-cost-projected')).toHaveText(
      /^\$\d+\.\d{2}$/,
    );
    const chart = page.getByTestId('paved-cost-chart').first();
    await expect(chart).toBeVisible();
    // one bar a day, each titled with its date and amount: on the Platform tab the days of the tab's range,
    // at least a week (the last hour here)
    await expect(page.getByTestId('paved-cost-days')).toContainText(
      'Daily cost, 7 days to',
    );
    expect(await chart.locator('rect > title').count()).toBe(7);
    await expect(page.getByText('Top cost drivers')).toBeVisible();
    await expect(page.getByText('Rightsizing suggestions')).toBeVisible();
    await expect(page.getByText(/250m → \d+m/).first()).toBeVisible();
    await monthToDate.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SHOTS}/cost-checkout-api.png`,
      fullPage: true,
    });
  });

  test('the group page shows team-checkout\u2019s cost with its budget bar', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto('/catalog/default/group/team-checkout');
    await expect(page.getByTestId('paved-team-cost-month-to-date')).toHaveText(
      /^\$\d+\.\d{2,4}$/,
      { timeout: 60_000 },
    );
    const bar = page.getByRole('meter', {
      name: 'Projected spend against the monthly budget',
    });
    await expect(bar).toHaveAttribute('data-state', 'ok');
    await expect(page.getByTestId('paved-budget-alert')).toHaveCount(0);
    await expect(page.getByTestId('paved-cost-chart').first()).toBeVisible();
    await expect(page.getByText('checkout-production').first()).toBeVisible();
    await bar.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SHOTS}/cost-team-checkout.png`,
      fullPage: true,
    });
  });

  test('an environment\u2019s page shows its cost per component and workload', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto('/catalog/default/resource/local-checkout-dev');
    const monthToDate = page.getByTestId(
      'paved-environment-cost-month-to-date',
    );
    await expect(monthToDate).toHaveText(/^\$\d+\.\d{2,4}$/, {
      timeout: 60_000,
    });
    await expect(
      page.getByTestId('paved-environment-cost-environment'),
    ).toContainText('dev');
    await expect(page.getByTestId('paved-cost-chart').first()).toBeVisible();
    await expect(page.getByText('By workload')).toBeVisible();
    await expect(
      page.getByRole('cell', { name: 'checkout-api', exact: true }).first(),
    ).toBeVisible();
    await monthToDate.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SHOTS}/cost-environment-checkout-dev.png`,
      fullPage: true,
    });
  });

  test('Alice may not see team-search\u2019s cost, and is told why', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto('/catalog/default/group/team-search');
    await expect(page.getByText('Info: You may not see this cost')).toBeVisible(
      { timeout: 60_000 },
    );
    const reason = page
      .getByText(/only its members and platform admins may/)
      .first();
    await expect(reason).toBeVisible();
    await reason.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SHOTS}/cost-team-search-not-allowed.png`,
      fullPage: true,
    });
  });

  test('a member of team-search sees the over-budget alert', async ({
    page,
  }) => {
    await signInAs(page, 'carol');
    await page.goto('/catalog/default/group/team-search');
    const alert = page.getByTestId('paved-budget-alert');
    await expect(alert).toContainText(
      'group:default/team-search is projected to go over its monthly budget',
      { timeout: 60_000 },
    );
    await expect(
      page.getByRole('meter', {
        name: 'Projected spend against the monthly budget',
      }),
    ).toHaveAttribute('data-state', 'over');
    await expect(page.getByTestId('paved-budget-status')).toContainText('OVER');
    await alert.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SHOTS}/cost-team-search-over-budget.png`,
      fullPage: true,
    });
  });
});
