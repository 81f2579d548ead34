import { APIRequestContext, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { signIn } from './signIn';
import { as } from './users';
import {
  BACKEND,
  guestToken,
  overviewWhen,
  runTemplate,
  waitForTemplate,
} from './scaffolderApi';

const SHOTS = 'test-results/screenshots';
const NAMESPACE = 'checkout-dev';
const TEAM = 'group:default/team-checkout';
/** A suffix per run, so reruns never collide with what an earlier run left. */
const suffix = Math.random().toString(36).slice(2, 7);
/** Every component the tests create, cleaned up at the end. */
const created: string[] = [];

/**
 * The local git host the golden paths publish to (scripts/test starts it and exports .cluster/git.env, which the
 * app's integrations.gitea reads too).
 */
function gitHost() {
  const { PAVED_GITEA_URL: url, PAVED_GITEA_TOKEN: token } = process.env;
  if (!url || !token) {
    throw new Error(
      'PAVED_GITEA_URL and PAVED_GITEA_TOKEN are not set: start the git host (yarn git:up) and export .cluster/git.env before the app',
    );
  }
  return { url, token };
}

/** A call to the git host's API as its admin (the tests' own view, not the app's). */
async function gitApi(
  request: APIRequestContext,
  method: 'GET' | 'DELETE',
  route: string,
) {
  const { url, token } = gitHost();
  return request.fetch(`${url}/api/v1${route}`, {
    method,
    headers: { Authorization: `token ${token}` },
  });
}

/** The paths of every file in a repository's main branch. */
async function repositoryFiles(
  request: APIRequestContext,
  repository: string,
): Promise<string[]> {
  const tree = await gitApi(
    request,
    'GET',
    `/repos/${repository}/git/trees/main?recursive=true&per_page=1000`,
  );
  expect(tree.status(), await tree.text()).toBe(200);
  const { tree: entries } = await tree.json();
  return (entries as Array<{ path: string; type: string }>)
    .filter(e => e.type === 'blob')
    .map(e => e.path);
}

/** The catalog entity of a component, waiting for the catalog to process a new location. */
async function componentEntity(
  request: APIRequestContext,
  token: string,
  name: string,
) {
  for (let i = 0; i < 60; i++) {
    const response = await request.get(
      `${BACKEND}/api/catalog/entities/by-name/component/default/${name}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (response.ok()) return response.json();
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  return undefined;
}

/** Whether the cluster has a Deployment of that name, read through Backstage's Kubernetes proxy. */
async function deploymentStatus(
  request: APIRequestContext,
  token: string,
  name: string,
) {
  const response = await request.get(
    `${BACKEND}/api/kubernetes/proxy/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${name}`,
    {
      headers: {
        Authorization: `Bearer ${token}`,
        'Backstage-Kubernetes-Cluster': 'local',
      },
    },
  );
  return response.status();
}

/**
 * Removes what the tests created: the catalog entries through the API (as a platform admin: removing a
 * location is theirs alone), the objects with kubectl if present.
 */
async function cleanUp(request: APIRequestContext) {
  const headers = await as(request, 'erin');
  for (const name of created) {
    await gitApi(request, 'DELETE', `/repos/team-checkout/${name}`);
    const location = await request.get(
      `${BACKEND}/api/catalog/locations/by-entity/component/default/${name}`,
      { headers },
    );
    if (location.ok()) {
      const { id } = await location.json();
      await request.delete(`${BACKEND}/api/catalog/locations/${id}`, {
        headers,
      });
    }
    const entity = await request.get(
      `${BACKEND}/api/catalog/entities/by-name/component/default/${name}`,
      { headers },
    );
    if (entity.ok()) {
      const { metadata } = await entity.json();
      await request.delete(
        `${BACKEND}/api/catalog/entities/by-uid/${metadata.uid}`,
        { headers },
      );
    }
  }
  const { PAVED_KUBECTL: kubectl, PAVED_KUBE_ADMIN_KUBECONFIG: kubeconfig } =
    process.env;
  if (kubectl && kubeconfig && created.length > 0) {
    execFileSync(kubectl, [
      `--kubeconfig=${kubeconfig}`,
      'delete',
      'deployment,statefulset,cronjob,service,ingress,horizontalpodautoscaler,poddisruptionbudget,networkpolicy,serviceaccount,persistentvolumeclaim',
      `--namespace=${NAMESPACE}`,
      `--selector=backstage.io/kubernetes-id in (${created.join(',')})`,
      '--ignore-not-found',
      '--wait=false',
    ]);
    // the database passwords the tests set
    execFileSync(kubectl, [
      `--kubeconfig=${kubeconfig}`,
      'delete',
      'secret',
      `--namespace=${NAMESPACE}`,
      ...created.map(name => `${name}-db`),
      '--ignore-not-found',
      '--wait=false',
    ]);
  }
}

/** Sets a key of a Secret in the test environment through Paved (write-only), as a developer would. */
async function setSecretKey(
  request: APIRequestContext,
  token: string,
  secret: string,
  key: string,
) {
  const set = await request.post(
    `${BACKEND}/api/paved/environments/local/${NAMESPACE}/secrets/${secret}/values`,
    {
      headers: { Authorization: `Bearer ${token}` },
      data: { values: { [key]: `e2e-${secret}-${suffix}` } },
    },
  );
  expect(set.status(), await set.text()).toBe(200);
}

/** What the form sends for every golden path, small enough to fit the demo environment's quota. */
const common = {
  cluster: 'local',
  owner: TEAM,
  namespace: NAMESPACE,
  size: 'small',
  ci: { lint: true, test: true, buildImage: true, scan: true, deploy: true },
};
const image = (name: string) => ({
  source: { image: `registry.paved.local/${name}:1.0.0` },
});

/** A golden path the tests run: its template, the kind of its workload, a file of its starter code, its values. */
interface GoldenPathCase {
  template: string;
  kind: string;
  starterFile?: string;
  values: (name: string) => Record<string, unknown>;
}

const GOLDEN_PATHS: GoldenPathCase[] = [
  {
    template: 'web-service',
    kind: 'Deployment',
    values: (name: string) => ({
      ...image(name),
      port: 8080,
      env: { LOG_LEVEL: 'info', DB_PASSWORD: 'secret/e2e-db/password' },
      replicas: 1,
      autoscaling: { enabled: false, min: 1, max: 2 },
    }),
  },
  {
    template: 'worker',
    kind: 'Deployment',
    starterFile: 'package.json',
    values: () => ({
      source: { buildpack: 'node', version: '0.1.0' },
      queue: { urlFrom: 'secret/e2e-queue/url' },
      replicas: 1,
    }),
  },
  {
    template: 'cron-job',
    kind: 'CronJob',
    values: (name: string) => ({ ...image(name), schedule: '0 3 * * *' }),
  },
  {
    template: 'database',
    kind: 'StatefulSet',
    // Claims bind to the local cluster's pool of pre-made volumes, so the database rolls out too.
    values: () => ({
      storage: '1Gi',
      ci: { deploy: true },
    }),
  },
];

test.describe('golden paths, as Alice (team-checkout)', () => {
  test.describe.configure({ timeout: 300_000 });
  let token: string;

  test.beforeAll(async ({ request }) => {
    token = await guestToken(request);
    await waitForTemplate(request, token, 'web-service');
    // the keys the golden paths read must exist, or their deploy stops at the dry run; set them as Alice would
    await setSecretKey(request, token, 'e2e-db', 'password');
    await setSecretKey(request, token, 'e2e-queue', 'url');
  });

  test.afterEach(async ({ request }) => {
    await cleanUp(request);
    created.length = 0;
  });

  test('creates a web service from the form and sees the task finish', async ({
    page,
    request,
  }) => {
    const name = `e2e-web-${suffix}`;
    created.push(name);
    await signIn(page);
    await page.goto('/create');
    await page
      .getByRole('heading', { name: 'Web service', level: 4 })
      .locator('xpath=following::button[normalize-space()="Choose"][1]')
      .click();

    // Service: name, team (Alice's only team is picked for her), environment, image
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await expect(
      page.getByRole('textbox', { name: 'Owning team' }),
    ).toHaveValue('Checkout');
    await expect(
      page.getByRole('textbox', { name: 'Environment' }),
    ).toHaveValue(NAMESPACE);
    await page
      .getByRole('textbox', { name: 'Image' })
      .fill(`registry.paved.local/${name}:1.0.0`);
    await page.getByRole('button', { name: 'Next' }).click();

    // Advanced: one replica without autoscaling, to stay within the environment's quota
    await page
      .getByRole('spinbutton', { name: 'Replicas', exact: true })
      .fill('1');
    await page.getByRole('checkbox', { name: 'Scale on CPU' }).uncheck();
    await page.getByRole('button', { name: 'Next' }).click();
    // Expert, CI pipeline and Repository keep their defaults; Review the change previews it
    await expect(
      page.getByRole('textbox', { name: 'Patches (YAML or JSON)' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(
      page.getByRole('checkbox', { name: 'Lint', exact: true }),
    ).toBeChecked();
    await page.getByRole('button', { name: 'Next' }).click();
    // Review the change: the server's dry run of what the form renders, with its cost, before anything runs
    const objects = page.getByRole('region', { name: 'Objects' });
    await expect(objects).toContainText(`Deployment ${name}: created`, {
      timeout: 60_000,
    });
    await expect(objects).toContainText(`Service ${name}: created`);
    await expect(page.getByText('Cost forecast')).toBeVisible();
    await expect(page.getByText(/^\+\d+\.\d\d USD\/month/)).toBeVisible();
    await page.screenshot({
      path: `${SHOTS}/golden-path-review.png`,
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Next' }).click();
    // Repository: the form says where the code goes, the team's repository on the git host
    await expect(page.getByText('Published to the git host')).toBeVisible();
    await expect(
      page.getByRole('link', {
        name: `${gitHost().url}/team-checkout/${name}`,
      }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    await expect(page.getByText('Check the app spec').first()).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Open in catalog' }),
    ).toBeVisible({ timeout: 180_000 });
    await expect(
      page.getByRole('link', { name: 'Platform tab' }),
    ).toBeVisible();
    await page.screenshot({
      path: `${SHOTS}/golden-path-web.png`,
      fullPage: true,
    });
    const entity = await componentEntity(request, token, name);
    expect(entity?.spec?.owner).toBe(TEAM);
  });

  GOLDEN_PATHS.forEach(path => {
    test(`deploys and registers a ${path.template} through the task API`, async ({
      request,
    }) => {
      const name = `e2e-api-${path.template}-${suffix}`;
      created.push(name);
      // a database reads its password from the Secret <name>-db, which the team sets first
      if (path.template === 'database') {
        await setSecretKey(request, token, `${name}-db`, 'password');
      }
      const task = await runTemplate(request, token, path.template, {
        ...common,
        name,
        ...path.values(name),
      });
      expect(task.status, task.log).toBe('completed');

      // the code went to the team's private repository on the git host
      const repo = await gitApi(request, 'GET', `/repos/team-checkout/${name}`);
      expect(repo.status()).toBe(200);
      expect((await repo.json()).private).toBe(true);
      const files = await repositoryFiles(request, `team-checkout/${name}`);
      expect(files).toEqual(
        expect.arrayContaining([
          'catalog-info.yaml',
          'paved.yaml',
          '.github/workflows/ci.yaml',
          ...(path.starterFile ? [path.starterFile] : []),
        ]),
      );

      const entity = await componentEntity(request, token, name);
      expect(entity?.spec?.owner).toBe(TEAM);
      // registered from the repository's URL, which the catalog reads through the git host's integration
      const location = await request.get(
        `${BACKEND}/api/catalog/locations/by-entity/component/default/${name}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      expect(await location.json()).toMatchObject({
        type: 'url',
        target: `${
          gitHost().url
        }/team-checkout/${name}/src/branch/main/catalog-info.yaml`,
      });
      expect(entity.relations).toContainEqual(
        expect.objectContaining({ type: 'ownedBy', targetRef: TEAM }),
      );
      expect(entity.metadata.annotations['backstage.io/kubernetes-id']).toBe(
        name,
      );

      const isNew = (w: any) =>
        w.namespace === NAMESPACE && w.kind === path.kind && w.name === name;
      const view = await overviewWhen(request, token, name, v =>
        v.workloads.some(isNew),
      );
      const workload = view.workloads.find(isNew);
      expect(workload).toBeDefined();
      // the deploy step waited for the rollout: every replica is ready (CronJobs have none yet)
      expect(workload.ready ?? 0).toBe(workload.desired ?? 0);

      // run again for the same component (a redeploy): the repository is kept, nothing is pushed to it
      const again = await runTemplate(request, token, path.template, {
        ...common,
        name,
        ...path.values(name),
      });
      expect(again.status, again.log).toBe('completed');
      expect(again.log).toContain(
        `${
          gitHost().url
        }/team-checkout/${name} exists in your team's organisation`,
      );
      expect(again.log).toContain(
        'Skipping step publish because its if condition was false',
      );
    });
  });

  test('refuses to publish into another team’s organisation, before anything is deployed', async ({
    request,
  }) => {
    const name = `e2e-other-${suffix}`;
    created.push(name);
    const task = await runTemplate(request, token, 'web-service', {
      ...common,
      ...GOLDEN_PATHS[0].values(name),
      name,
      owner: 'group:default/team-search',
    });
    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      'owner: group:default/team-search is not one of your teams (group:default/team-checkout)',
    );
    expect(task.log).toContain(
      'Skipping step deploy because a previous step failed',
    );
    expect(
      (await gitApi(request, 'GET', `/repos/team-search/${name}`)).status(),
    ).toBe(404);
    expect(await deploymentStatus(request, token, name)).toBe(404);
  });
});

test.describe('bad form input', () => {
  const bad = `e2e-bad-${suffix}`;
  const good = { ...common, name: bad, ...GOLDEN_PATHS[0].values(bad) };
  let token: string;

  test.beforeAll(async ({ request }) => {
    token = await guestToken(request);
    await waitForTemplate(request, token, 'web-service');
  });

  (
    [
      ['an invalid name', { name: 'Bad_Name' }, 'does not match pattern'],
      ['port 70000', { port: 70000 }, 'must be less than or equal to 65535'],
      [
        'a malformed secret reference',
        { env: { DB_PASSWORD: 'secret/only-two' } },
        'does not match pattern',
      ],
    ] as const
  ).forEach(([label, change, message]) => {
    test(`refuses ${label} when the task is created`, async ({ request }) => {
      const response = await request.post(
        `${BACKEND}/api/scaffolder/v2/tasks`,
        {
          headers: { Authorization: `Bearer ${token}` },
          data: {
            templateRef: 'template:default/web-service',
            values: { ...good, ...change },
          },
        },
      );
      expect(response.status()).toBe(400);
      const { errors } = await response.json();
      const field = Object.keys(change)[0];
      expect(errors).toContainEqual(
        expect.objectContaining({
          property: expect.stringContaining(`instance.${field}`),
          message: expect.stringContaining(message),
        }),
      );
    });
  });

  test('refuses autoscaling max below min in the first step, before anything is deployed', async ({
    request,
  }) => {
    const task = await runTemplate(request, token, 'web-service', {
      ...good,
      autoscaling: { enabled: true, min: 5, max: 2 },
    });
    expect(task.status).toBe('failed');
    expect(task.log).toContain(
      'autoscaling.max (2) is below autoscaling.min (5); raise max or lower min',
    );
    expect(task.log).toContain(
      'Skipping step deploy because a previous step failed',
    );
    expect(await deploymentStatus(request, token, bad)).toBe(404);
  });
});
