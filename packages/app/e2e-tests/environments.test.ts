import { expect, test } from '@playwright/test';
import {
  BACKEND,
  guestToken,
  overviewWhen,
  runTemplate,
} from './scaffolderApi';

const suffix = Math.random().toString(36).slice(2, 7);

test.describe('environments through the scaffolder task API, as Alice (team-checkout)', () => {
  test.describe.configure({ mode: 'serial', timeout: 360_000 });
  let token: string;
  const created = `e2e-${suffix}`;
  const clone = `e2e-clone-${suffix}`;

  test.beforeAll(async ({ request }) => {
    token = await guestToken(request);
  });

  test('creates an environment', async ({ request }) => {
    const task = await runTemplate(request, token, 'create-environment', {
      team: 'group:default/team-checkout',
      name: created,
      size: 'small',
      lifecycle: 'ephemeral',
      ttlHours: 2,
    });
    expect(task.status, task.log).toBe('completed');
    expect(task.log).toContain(`Namespace checkout-${created} created`);
    const isCreated = (e: any) => e.namespace === `checkout-${created}`;
    const view = await overviewWhen(request, token, 'checkout-api', v =>
      v.environments.some(isCreated),
    );
    const env = view.environments.find(isCreated);
    expect(env).toMatchObject({
      environment: created,
      lifecycle: 'ephemeral',
      team: 'group:default/team-checkout',
    });
    expect(Date.parse(env.expiresAt) - Date.now()).toBeGreaterThan(3600_000);
  });

  test('lists the new environment in the catalog, owned by the team', async ({
    request,
  }) => {
    const name = `local-checkout-${created}`;
    let entity: any;
    for (let i = 0; i < 120 && !entity; i++) {
      const response = await request.get(
        `${BACKEND}/api/catalog/entities/by-name/resource/default/${name}`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      if (response.ok()) entity = await response.json();
      else await new Promise(resolve => setTimeout(resolve, 1000));
    }
    expect(entity?.spec).toMatchObject({
      type: 'kubernetes-environment',
      owner: 'group:default/team-checkout',
    });
  });

  test('clones checkout-dev into a running copy with one replica', async ({
    request,
  }) => {
    const started = Date.now();
    const task = await runTemplate(request, token, 'clone-environment', {
      cluster: 'local',
      source: 'checkout-dev',
      name: clone,
      lifecycle: 'ephemeral',
      ttlHours: 2,
      replicas: 1,
      secretPolicy: 'placeholder',
    });
    expect(task.status, task.log).toBe('completed');
    expect(Date.now() - started).toBeLessThan(120_000);
    const isClone = (w: any) =>
      w.namespace === `checkout-${clone}` && w.kind === 'Deployment';
    const view = await overviewWhen(request, token, 'checkout-api', v =>
      v.workloads.some(isClone),
    );
    const workload = view.workloads.find(isClone);
    expect(workload).toMatchObject({
      name: 'checkout-api',
      desired: 1,
      ready: 1,
    });
  });

  test('refuses to clone another team\u2019s environment', async ({
    request,
  }) => {
    const task = await runTemplate(request, token, 'clone-environment', {
      cluster: 'local',
      source: 'search-dev',
      name: `steal-${suffix}`,
    });
    expect(task.status).toBe('failed');
    // the clone would belong to team-search, whose environments Alice may not make
    expect(task.log).toContain(
      'paved.environment.clone is not granted for local/search-steal-',
    );
  });

  test('refuses to delete a protected environment', async ({ request }) => {
    const task = await runTemplate(request, token, 'delete-environment', {
      cluster: 'local',
      namespace: 'checkout-production',
      confirm: true,
    });
    expect(task.status).toBe('failed');
    // a team lead changes production but does not delete it; that is for platform admins
    expect(task.log).toContain(
      'paved.environment.delete is not granted for local/checkout-production (team group:default/team-checkout, protected)',
    );
  });

  test('deletes both environments', async ({ request }) => {
    for (const name of [created, clone]) {
      const task = await runTemplate(request, token, 'delete-environment', {
        cluster: 'local',
        namespace: `checkout-${name}`,
        confirm: true,
      });
      expect(task.status, task.log).toBe('completed');
    }
    const gone = (v: any) =>
      !v.environments.some((e: any) =>
        [`checkout-${created}`, `checkout-${clone}`].includes(e.namespace),
      );
    const view = await overviewWhen(request, token, 'checkout-api', gone);
    const left = view.environments.map((e: any) => e.namespace);
    expect(left).not.toContain(`checkout-${created}`);
    expect(left).not.toContain(`checkout-${clone}`);
  });
});
