import { APIRequestContext, expect, test } from '@playwright/test';
import { guestToken, runTemplate } from './scaffolderApi';
import { signIn } from './signIn';

const suffix = Math.random().toString(36).slice(2, 7);
const NAME = `e2e-gitops-${suffix}`;
const NAMESPACE = `checkout-${NAME}`;
const REPO = `deploy-${suffix}`;

/** A call to the git host's API as its admin (.cluster/git.env): the team's side of its deploy repository. */
async function gitApi(
  request: APIRequestContext,
  method: 'POST' | 'DELETE',
  route: string,
  data?: unknown,
) {
  const { PAVED_GITEA_URL: url, PAVED_GITEA_TOKEN: token } = process.env;
  if (!url || !token) {
    throw new Error(
      'PAVED_GITEA_URL and PAVED_GITEA_TOKEN are not set: start the git host (yarn git:up) and export .cluster/git.env before the tests',
    );
  }
  return request.fetch(`${url}/api/v1${route}`, {
    method,
    headers: { Authorization: `token ${token}` },
    ...(data === undefined ? {} : { data }),
  });
}

test.describe('GitOps delivery on the Platform tab, as Alice (lead of team-checkout)', () => {
  test.describe.configure({ mode: 'serial', timeout: 300_000 });
  let token: string;

  test.beforeAll(async ({ request }) => {
    token = await guestToken(request);
    const created = await gitApi(request, 'POST', '/orgs/team-checkout/repos', {
      name: REPO,
      private: true,
      auto_init: true,
      default_branch: 'main',
    });
    expect(created.status(), await created.text()).toBe(201);
  });
  test.afterAll(async ({ request }) => {
    await runTemplate(request, token, 'delete-environment', {
      cluster: 'local',
      namespace: NAMESPACE,
      confirm: true,
    });
    await gitApi(request, 'DELETE', `/repos/team-checkout/${REPO}`);
  });

  test('an environment switched to GitOps without read credentials shows Flux’s reason on the Platform tab', async ({
    page,
    request,
  }) => {
    const env = await runTemplate(request, token, 'create-environment', {
      team: 'group:default/team-checkout',
      name: NAME,
      size: 'small',
      lifecycle: 'ephemeral',
      ttlHours: 2,
    });
    expect(env.status, env.log).toBe('completed');
    const gitops = await runTemplate(request, token, 'gitops-environment', {
      cluster: 'local',
      namespace: NAMESPACE,
      connect: true,
      repository: `team-checkout/${REPO}`,
    });
    expect(gitops.status, gitops.log).toBe('completed');
    expect(gitops.log).toContain(
      `${NAMESPACE} is delivered from team-checkout/${REPO}`,
    );

    await signIn(page);
    const row = page.getByRole('row').filter({ hasText: NAMESPACE });
    // the repository is private and the environment holds no read credentials: Flux's fetch is refused
    await expect(async () => {
      await page.goto('/catalog/default/component/checkout-api/platform');
      await expect(row).toContainText(
        'GitOps, nothing applied yet; Flux failed',
        {
          timeout: 10_000,
        },
      );
      await expect(row).toContainText(/authentication required/i, {
        timeout: 1_000,
      });
    }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });
    await page.screenshot({
      path: 'test-results/screenshots/platform-gitops-failing.png',
      fullPage: true,
    });
  });
});
