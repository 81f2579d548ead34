import { ConfigReader } from '@backstage/config';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { ApplyEngine } from '../apply/ApplyEngine';
import { applyObjects } from '../apply/applyObjects';
import { KubernetesObject } from '../apply/types';
import { EnvironmentService } from '../environments/EnvironmentService';
import { readGuardrailPolicy } from '../guardrails/readPolicy';
import {
  LocalGitHost,
  localAdminClient,
  localClusterRegistry,
  localGitHost,
} from '../testUtils';
import { PullRequestPreviews } from './PullRequestPreviews';
import { readPreviewSettings } from './settings';

/**
 * Pull request previews against the local cluster and the local git host (`yarn cluster:up`, `yarn git:up`):
 * each sync called directly (the webhook's part is the browser tests'), in team Search's organisation so no
 * other suite's previews count against its cap.
 */

jest.setTimeout(180_000);

const ORG = 'team-search';
const TEAM = `group:default/${ORG}`;
const run = Date.now().toString(36);
const REPO = `previews-${run}`;
const COMPONENT = `pr-app-${run}`;
const OTHER = `pr-other-${run}`;
const SOURCE = `prsrc-${run}`;

function deployment(name: string, image: string): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { 'backstage.io/kubernetes-id': name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, 'backstage.io/kubernetes-id': name } },
        spec: {
          securityContext: {
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name,
              image,
              livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              resources: {
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { cpu: '100m', memory: '128Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

const appSpec = (goldenPath: string, tag: string) =>
  [
    'apiVersion: paved.dev/v1alpha1',
    'kind: AppSpec',
    `goldenPath: ${goldenPath}`,
    'spec:',
    `  name: ${COMPONENT}`,
    `  owner: ${TEAM}`,
    ...(goldenPath === 'database'
      ? ['  storage: 1Gi']
      : [`  image: registry.paved.local/${COMPONENT}:${tag}`, '  port: 8080']),
    '',
  ].join('\n');

describe('PullRequestPreviews (local cluster and git host)', () => {
  const admin = localAdminClient();
  const clusters = localClusterRegistry();
  const config = new ConfigReader({
    paved: { access: { platformAdminGroups: ['group:default/team-platform'] } },
  });
  const engine = new ApplyEngine(clusters, readGuardrailPolicy(config));
  const environments = EnvironmentService.fromConfig(config, {
    clusters,
    engine,
  });
  const made: string[] = [];
  let host: LocalGitHost;
  const api = (method: string, route: string, body?: unknown) =>
    host.api(method, route, body);

  const previews = (maxPerTeam: number, sourceEnvironment = SOURCE) =>
    new PullRequestPreviews({
      environments,
      clusters,
      engine,
      git: host.client,
      settings: {
        ...readPreviewSettings(new ConfigReader({})),
        webhookSecret: 'x'.repeat(32),
        sourceEnvironment,
        maxPerTeam,
      },
      prices: new Map(),
      appBaseUrl: 'http://localhost:3000',
    });

  /** Opens a pull request from a new branch whose paved.yaml is `text`. */
  async function openPullRequest(branch: string, text: string) {
    const current = await api(
      'GET',
      `/repos/${ORG}/${REPO}/contents/paved.yaml?ref=main`,
    );
    await api('PUT', `/repos/${ORG}/${REPO}/contents/paved.yaml`, {
      content: Buffer.from(text).toString('base64'),
      sha: current.sha,
      message: branch,
      branch: 'main',
      new_branch: branch,
    });
    const pr = await api('POST', `/repos/${ORG}/${REPO}/pulls`, {
      head: branch,
      base: 'main',
      title: branch,
    });
    return pr.number as number;
  }

  const comments = async (number: number) =>
    (
      (await api(
        'GET',
        `/repos/${ORG}/${REPO}/issues/${number}/comments`,
      )) as Array<{ body: string }>
    ).map(c => c.body);

  const ref = (number: number) => ({
    organization: ORG,
    repository: REPO,
    number,
  });

  beforeAll(async () => {
    host = localGitHost();
    const source = await environments.create({
      cluster: 'local',
      actor: {
        user: 'user:default/erin',
        groups: ['group:default/team-platform'],
      },
      spec: {
        name: SOURCE,
        team: TEAM,
        size: 'small',
        lifecycle: 'persistent',
      },
    });
    made.push(source.namespace);
    await applyObjects(
      await admin,
      [
        deployment(COMPONENT, `registry.paved.local/${COMPONENT}:1.0.0`),
        deployment(OTHER, `registry.paved.local/${OTHER}:3.0.0`),
      ],
      { defaultNamespace: source.namespace },
    );
    await api('POST', `/orgs/${ORG}/repos`, {
      name: REPO,
      private: true,
      auto_init: true,
      default_branch: 'main',
    });
    await api('POST', `/repos/${ORG}/${REPO}/contents/paved.yaml`, {
      content: Buffer.from(appSpec('web-service', '1.0.0')).toString('base64'),
      message: 'App spec',
      branch: 'main',
    });
  });

  afterAll(async () => {
    await host?.api('DELETE', `/repos/${ORG}/${REPO}`).catch(() => undefined);
    const client = await admin;
    for (const namespace of made) {
      await client
        .request({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}` })
        .catch(() => undefined);
    }
  });

  it('makes, keeps, refuses over the cap, and removes previews as their pull requests change', async () => {
    const first = await openPullRequest(
      'run-2.0.0',
      appSpec('web-service', '2.0.0'),
    );
    const created = await previews(1).sync(ref(first));
    expect(created).toMatchObject({
      action: 'created',
      team: TEAM,
      image: `registry.paved.local/${COMPONENT}:2.0.0`,
    });
    const namespace = created.namespace!;
    made.push(namespace);
    const client = await admin;
    const ns = await client.request<KubernetesObject>({
      path: `/api/v1/namespaces/${namespace}`,
    });
    expect(ns.metadata.labels).toMatchObject({
      'paved.dev/pull-request': String(first),
      'paved.dev/lifecycle': 'ephemeral',
      'paved.dev/team': 'group.default.team-search',
    });
    expect(ns.metadata.annotations).toMatchObject({
      'paved.dev/pull-request': `${host.url}/${ORG}/${REPO}/pulls/${first}`,
      'paved.dev/expires-at': expect.any(String),
    });
    const image = async (name: string) => {
      const d = await client.request<any>({
        path: `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
      });
      return {
        image: d.spec.template.spec.containers[0].image,
        replicas: d.spec.replicas,
        ready: d.status.readyReplicas,
      };
    };
    expect(await image(COMPONENT)).toEqual({
      image: `registry.paved.local/${COMPONENT}:2.0.0`,
      replicas: 1,
      ready: 1,
    });
    // the rest of the team's source environment comes along as it is
    expect(await image(OTHER)).toMatchObject({
      image: `registry.paved.local/${OTHER}:3.0.0`,
      replicas: 1,
    });
    expect(await comments(first)).toEqual([
      expect.stringContaining(
        `Preview environment \`${namespace}\` is running \`registry.paved.local/${COMPONENT}:2.0.0\``,
      ),
    ]);

    // a delivery that changes nothing (a replay after the fact, an edit) leaves it and says nothing
    expect(await previews(1).sync(ref(first))).toMatchObject({
      action: 'unchanged',
      namespace,
    });
    expect(await comments(first)).toHaveLength(1);

    // a second pull request while the team has its one preview: refused, and told why
    const second = await openPullRequest(
      'run-2.1.0',
      appSpec('web-service', '2.1.0'),
    );
    const refused = await previews(1).sync(ref(second));
    expect(refused.action).toBe('refused');
    expect(refused.message).toContain(
      `${TEAM} already has 1 preview environment(s), the most it may have at once (paved.git.previews.maxPerTeam: 1)`,
    );
    expect(await comments(second)).toEqual([refused.message]);

    // a database's pull request gets no preview, and is told so
    const database = await openPullRequest('database', appSpec('database', ''));
    expect(await previews(3).sync(ref(database))).toMatchObject({
      action: 'refused',
      message: expect.stringContaining(`${REPO} is a database`),
    });

    // a team without the source environment: told which environment is missing
    const missing = await previews(3, 'nowhere').sync(ref(second));
    expect(missing).toMatchObject({
      action: 'refused',
      message: expect.stringContaining('No Paved environment search-nowhere'),
    });

    // closed: the preview goes
    await api('PATCH', `/repos/${ORG}/${REPO}/pulls/${first}`, {
      state: 'closed',
    });
    expect(await previews(1).sync(ref(first))).toMatchObject({
      action: 'deleted',
      namespace,
    });
    const gone = await client
      .request({ path: `/api/v1/namespaces/${namespace}` })
      .then(
        () => false,
        (e: unknown) => isErrorNamed(e, 'NotFoundError'),
      );
    expect(gone).toBe(true);
    expect((await comments(first)).at(-1)).toBe(
      `Preview environment \`${namespace}\` deleted: the pull request was closed.`,
    );
  });
});
