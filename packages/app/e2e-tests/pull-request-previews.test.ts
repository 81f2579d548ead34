import { APIRequestContext, expect, test } from '@playwright/test';
import { createHmac, randomUUID } from 'node:crypto';
import { as } from './users';
import {
  BACKEND,
  guestToken,
  runTemplate,
  waitForTemplate,
} from './scaffolderApi';

const ORG = 'team-checkout';
const TEAM = `group:default/${ORG}`;
const suffix = Math.random().toString(36).slice(2, 7);
const NAME = `e2e-pr-${suffix}`;
const IMAGE = `registry.paved.local/${NAME}`;

/** The git host the golden path publishes to, and the secret it signs its deliveries with (.cluster/git.env). */
function gitHost() {
  const {
    PAVED_GITEA_URL: url,
    PAVED_GITEA_TOKEN: token,
    PAVED_GIT_WEBHOOK_SECRET: secret,
  } = process.env;
  if (!url || !token || !secret) {
    throw new Error(
      'PAVED_GITEA_URL, PAVED_GITEA_TOKEN and PAVED_GIT_WEBHOOK_SECRET are not set: start the git host (yarn git:up) and export .cluster/git.env before the app',
    );
  }
  return { url, token, secret };
}

/** A call to the git host's API as its admin: the developer's side of the pull request. */
async function gitApi(
  request: APIRequestContext,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  route: string,
  data?: unknown,
) {
  const { url, token } = gitHost();
  const response = await request.fetch(`${url}/api/v1${route}`, {
    method,
    headers: { Authorization: `token ${token}` },
    ...(data === undefined ? {} : { data }),
  });
  expect(
    response.status(),
    `${method} ${route}: ${await response.text()}`,
  ).toBeLessThan(300);
  return response.status() === 204 ? undefined : response.json();
}

/** Commits a new `paved.yaml` image tag to `branch` (made from main when `fromMain`). */
async function commitImageTag(
  request: APIRequestContext,
  branch: string,
  tag: string,
  fromMain: boolean,
) {
  const repo = `/repos/${ORG}/${NAME}`;
  const current = await gitApi(
    request,
    'GET',
    `${repo}/contents/paved.yaml?ref=${fromMain ? 'main' : branch}`,
  );
  const text = Buffer.from(current.content, 'base64').toString('utf8');
  const changed = text.replace(/(image: \S+:)[\w.-]+/, `$1${tag}`);
  expect(changed).not.toBe(text);
  await gitApi(request, 'PUT', `${repo}/contents/paved.yaml`, {
    content: Buffer.from(changed).toString('base64'),
    sha: current.sha,
    message: `Run ${tag}`,
    ...(fromMain ? { branch: 'main', new_branch: branch } : { branch }),
  });
}

/** A namespace's Deployment of the component, read as a platform admin through Backstage's Kubernetes proxy. */
async function previewDeployment(
  request: APIRequestContext,
  namespace: string,
): Promise<{ status: number; image?: string; ready?: boolean }> {
  const response = await request.get(
    `${BACKEND}/api/kubernetes/proxy/apis/apps/v1/namespaces/${namespace}/deployments/${NAME}`,
    {
      headers: {
        ...(await as(request, 'erin')),
        'Backstage-Kubernetes-Cluster': 'local',
      },
    },
  );
  if (!response.ok()) return { status: response.status() };
  const deployment = await response.json();
  return {
    status: 200,
    image: deployment.spec.template.spec.containers.find(
      (c: { name: string }) => c.name === NAME,
    )?.image,
    ready:
      (deployment.status?.readyReplicas ?? 0) >= 1 &&
      deployment.status?.observedGeneration === deployment.metadata.generation,
  };
}

/** Polls `read` until `done` holds (or 120 s pass, then returns the last value for the expectation to name). */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** The comments on the pull request, oldest first. */
async function comments(request: APIRequestContext, number: number) {
  const list = await gitApi(
    request,
    'GET',
    `/repos/${ORG}/${NAME}/issues/${number}/comments`,
  );
  return (list as Array<{ body: string }>).map(c => c.body);
}

/** Posts a delivery to the running backend as the git host would, signed with `secret`. */
function deliver(
  request: APIRequestContext,
  body: object,
  options: { secret: string; delivery?: string },
) {
  const text = JSON.stringify(body);
  return request.post(`${BACKEND}/api/paved/git/webhook`, {
    headers: {
      'content-type': 'application/json',
      'x-gitea-event': 'pull_request',
      'x-gitea-delivery': options.delivery ?? randomUUID(),
      'x-gitea-signature': createHmac('sha256', options.secret)
        .update(text)
        .digest('hex'),
    },
    data: text,
  });
}

test.describe('a preview environment per pull request', () => {
  test.describe.configure({ timeout: 420_000 });

  test.afterAll(async ({ request }) => {
    const { url, token } = gitHost();
    await request.delete(`${url}/api/v1/repos/${ORG}/${NAME}`, {
      headers: { Authorization: `token ${token}` },
    });
    const headers = await as(request, 'erin');
    const location = await request.get(
      `${BACKEND}/api/catalog/locations/by-entity/component/default/${NAME}`,
      { headers },
    );
    if (location.ok()) {
      const { id } = await location.json();
      await request.delete(`${BACKEND}/api/catalog/locations/${id}`, {
        headers,
      });
    }
  });

  test('opened → preview running and a comment with its address; new commit → updated; merged → gone', async ({
    request,
  }) => {
    const token = await guestToken(request);
    await waitForTemplate(request, token, 'web-service');
    const task = await runTemplate(request, token, 'web-service', {
      cluster: 'local',
      owner: TEAM,
      namespace: 'checkout-dev',
      size: 'small',
      ci: {
        lint: false,
        test: false,
        buildImage: false,
        scan: false,
        deploy: true,
      },
      name: NAME,
      source: { image: `${IMAGE}:1.0.0` },
      port: 8080,
      env: { LOG_LEVEL: 'info' },
      replicas: 1,
      autoscaling: { enabled: false, min: 1, max: 2 },
    });
    expect(task.status, task.log).toBe('completed');
    expect(task.log).toContain('get a preview environment (webhook to');
    const hooks = await gitApi(request, 'GET', `/repos/${ORG}/${NAME}/hooks`);
    expect(hooks).toEqual([
      expect.objectContaining({
        active: true,
        config: expect.objectContaining({
          url: `${BACKEND}/api/paved/git/webhook`,
        }),
      }),
    ]);

    // a developer pushes a branch that runs 1.1.0 and opens a pull request
    await commitImageTag(request, 'run-1.1.0', '1.1.0', true);
    const pr = await gitApi(request, 'POST', `/repos/${ORG}/${NAME}/pulls`, {
      head: 'run-1.1.0',
      base: 'main',
      title: 'Run 1.1.0',
    });
    const namespace = `checkout-pr-${pr.number}`;
    const opened = await eventually(
      () => previewDeployment(request, namespace),
      d => d.image === `${IMAGE}:1.1.0` && d.ready === true,
    );
    expect(opened).toEqual({
      status: 200,
      image: `${IMAGE}:1.1.0`,
      ready: true,
    });
    const [comment] = await eventually(
      () => comments(request, pr.number),
      c => c.length >= 1,
    );
    expect(comment).toContain(
      `Preview environment \`${namespace}\` is running \`${IMAGE}:1.1.0\``,
    );
    expect(comment).toContain(`/catalog/default/resource/local-${namespace}`);
    // the preview is in the catalog, as every environment is
    const resource = await eventually(
      () =>
        request.get(
          `${BACKEND}/api/catalog/entities/by-name/resource/default/local-${namespace}`,
          { headers: { Authorization: `Bearer ${token}` } },
        ),
      r => r.ok(),
    );
    expect(resource.status()).toBe(200);
    expect((await resource.json()).spec.owner).toBe(TEAM);

    // a new commit on the branch: the preview runs it
    await commitImageTag(request, 'run-1.1.0', '1.2.0', false);
    const synced = await eventually(
      () => previewDeployment(request, namespace),
      d => d.image === `${IMAGE}:1.2.0` && d.ready === true,
    );
    expect(synced).toEqual({
      status: 200,
      image: `${IMAGE}:1.2.0`,
      ready: true,
    });
    expect(
      await eventually(
        () => comments(request, pr.number),
        c => c.some(b => b.includes('updated')),
      ),
    ).toContainEqual(
      expect.stringContaining(
        `Preview environment \`${namespace}\` updated: it runs \`${IMAGE}:1.2.0\``,
      ),
    );

    // merged: the preview goes (the host answers 405 until it has checked that the branch merges cleanly)
    const { url, token: gitToken } = gitHost();
    const merge = await eventually(
      () =>
        request.post(
          `${url}/api/v1/repos/${ORG}/${NAME}/pulls/${pr.number}/merge`,
          {
            headers: { Authorization: `token ${gitToken}` },
            data: { Do: 'merge' },
          },
        ),
      r => r.status() !== 405,
    );
    expect(merge.status(), await merge.text()).toBe(200);
    const gone = await eventually(
      () => previewDeployment(request, namespace),
      d => d.status === 404,
    );
    expect(gone.status).toBe(404);
    expect(
      await eventually(
        () => comments(request, pr.number),
        c => c.some(b => b.includes('deleted')),
      ),
    ).toContainEqual(
      `Preview environment \`${namespace}\` deleted: the pull request was merged.`,
    );
  });

  test('a forged delivery gets 401 and makes nothing; a replayed one gets 409', async ({
    request,
  }) => {
    const body = {
      action: 'opened',
      number: 990_001,
      repository: { name: NAME, owner: { username: ORG } },
    };
    const forged = await deliver(request, body, {
      secret: 'not-the-webhook-secret',
    });
    expect(forged.status()).toBe(401);
    const delivery = randomUUID();
    const signed = await deliver(request, body, {
      secret: gitHost().secret,
      delivery,
    });
    expect(signed.status(), await signed.text()).toBe(202);
    const replayed = await deliver(request, body, {
      secret: gitHost().secret,
      delivery,
    });
    expect(replayed.status()).toBe(409);
    expect((await replayed.json()).error.message).toContain(
      'a replayed delivery is refused',
    );
    const headers = {
      ...(await as(request, 'erin')),
      'Backstage-Kubernetes-Cluster': 'local',
    };
    const namespace = await request.get(
      `${BACKEND}/api/kubernetes/proxy/api/v1/namespaces/checkout-pr-990001`,
      { headers },
    );
    expect(namespace.status()).toBe(404);
  });
});
