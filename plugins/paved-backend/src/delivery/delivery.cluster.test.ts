import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
  localGitHost,
  LocalGitHost,
  restrictedDeployment,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import { FluxDelivery } from '@paved/plugin-paved-node';
import http from 'node:http';
import request from 'supertest';
import {
  component,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';

// Talks to the local cluster, its Flux controllers and the local git host (yarn git:up).
jest.setTimeout(300_000);

const TEAM = 'group:default/test-delivery';
const ID = 'delivery-api';
const REPO = `delivery-${Math.random().toString(36).slice(2, 7)}`;
const PATH = 'environments/dev';
const route = `/api/paved/entities/default/component/${ID}/delivery`;
const auth = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

/** The overlay: one Deployment of the component, and its kustomization. */
function overlay(image: string) {
  const labels = {
    'app.kubernetes.io/name': ID,
    'backstage.io/kubernetes-id': ID,
  };
  return {
    [`${PATH}/kustomization.yaml`]: JSON.stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['api.yaml'],
    }),
    [`${PATH}/api.yaml`]: JSON.stringify(
      restrictedDeployment({ name: ID, image, labels }),
    ),
  };
}

describe('GET …/delivery (local cluster, Flux and git host)', () => {
  let git: LocalGitHost;
  let env: { name: string; cleanup: () => Promise<void> };
  let server: http.Server;
  let flux: FluxDelivery;

  beforeAll(async () => {
    git = localGitHost();
    const admin = await localAdminClient();
    await git.api('POST', '/user/repos', {
      name: REPO,
      private: true,
      auto_init: true,
      default_branch: 'main',
    });
    env = await createTestEnvironment(admin, {
      team: TEAM,
      prefix: 'delivery',
    });
    await admin.request({
      method: 'POST',
      path: `/api/v1/namespaces/${env.name}/secrets`,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'deploy-git' },
        stringData: { username: git.user, password: git.token },
      },
    });
    flux = new FluxDelivery(await localClusterRegistry().client('local'));
    server = await startPavedBackend({
      entities: [component(ID, 'test-delivery', ID)],
      teams: { 'user:default/member': [TEAM] },
    });
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise(resolve => server?.close(resolve));
    await git?.api('DELETE', `/repos/${git.user}/${REPO}`).catch(() => {});
    await env?.cleanup();
  });

  it('lists no environment while none is delivered by GitOps', async () => {
    const res = await request(server)
      .get(route)
      .set('Authorization', auth('member'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ environments: [] });
  });

  it("shows the team the commit its environment runs and Flux's state; another team sees nothing of it", async () => {
    const sha = await git.commitFiles(
      `${git.user}/${REPO}`,
      overlay('registry.paved.local/delivery-api:1.0.0'),
      { message: 'delivery-api 1.0.0' },
    );
    await flux.connect(env.name, {
      url: `${git.url}/${git.user}/${REPO}.git`,
      branch: 'main',
      path: `./${PATH}`,
      secretName: 'deploy-git',
      intervalMinutes: 60,
    });
    const body = await waitFor(
      async () => {
        const res = await request(server)
          .get(route)
          .set('Authorization', auth('member'));
        return res.status === 200 && res.body.environments[0]?.state === 'ready'
          ? res.body
          : undefined;
      },
      { timeoutMs: 120_000, what: `${env.name} reconciled at ${sha}` },
    );
    expect(body).toEqual({
      environments: [
        {
          cluster: 'local',
          namespace: env.name,
          environment: 'test',
          state: 'ready',
          fetchedCommit: sha,
          appliedCommit: sha,
        },
      ],
    });
    // the cluster's RBAC decides: another team's member may not read this environment's Flux objects
    const outsider = await request(server)
      .get(route)
      .set('Authorization', auth('outsider'));
    expect(outsider.status).toBe(200);
    expect(outsider.body).toEqual({ environments: [] });
  });
});
