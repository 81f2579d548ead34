import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  createTestNamespace,
  localAdminClient,
  localClusterRegistry,
} from '@paved/plugin-paved-node/testUtils';
import { KubernetesClient } from '@paved/plugin-paved-node';
import { createKubernetesApplyAction } from './apply';

const bob: UserInfoService = {
  getUserInfo: async () => ({
    userEntityRef: 'user:default/bob',
    ownershipEntityRefs: ['user:default/bob', 'group:default/team-checkout'],
  }),
};

const configMapYaml = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  LOG_LEVEL: info\n`;

describe('kubernetes:apply (local cluster)', () => {
  const workspace = createMockDirectory();
  let admin: KubernetesClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  const action = createKubernetesApplyAction({
    clusters: localClusterRegistry(),
    userInfo: bob,
  });

  beforeAll(async () => {
    admin = await localAdminClient();
  });
  beforeEach(async () => {
    ns = await createTestNamespace(admin, { prefix: 'action' });
    // team-checkout may edit workloads here, as in its own environments
    await admin.request({
      method: 'POST',
      path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns.name}/rolebindings`,
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'team-checkout' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'paved:developer',
        },
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Group',
            name: 'group:default/team-checkout',
          },
        ],
      },
    });
    workspace.clear();
  });
  afterEach(async () => {
    await ns.cleanup();
  });

  const configMapExists = (name: string) =>
    admin
      .request({ path: `/api/v1/namespaces/${ns.name}/configmaps/${name}` })
      .then(() => true)
      .catch(e => {
        if (e instanceof NotFoundError) return false;
        throw e;
      });

  it('applies workspace files as the user who started the task', async () => {
    workspace.setContent({
      'manifests/a.yaml': configMapYaml('a'),
      'manifests/sub/b.yml': configMapYaml('b'),
    });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        cluster: 'local',
        namespace: ns.name,
        paths: ['manifests'],
        force: false,
      },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('applied', [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns.name,
        name: 'a',
        result: 'created',
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns.name,
        name: 'b',
        result: 'created',
      },
    ]);
    expect(await configMapExists('a')).toBe(true);
    const live = await admin.request<any>({
      path: `/api/v1/namespaces/${ns.name}/configmaps/b`,
    });
    expect(live.metadata.managedFields.map((f: any) => f.manager)).toEqual([
      'paved',
    ]);
  });

  it('previews with a server-side dry run in the scaffolder dry-run mode', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      isDryRun: true,
      input: {
        cluster: 'local',
        namespace: ns.name,
        manifests: configMapYaml('preview'),
        force: false,
      },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('applied', [
      expect.objectContaining({ name: 'preview', result: 'created' }),
    ]);
    expect(await configMapExists('preview')).toBe(false);
  });

  it('writes nothing when any manifest is invalid, and lists every problem', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        cluster: 'local',
        namespace: ns.name,
        manifests: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'good' } },
          { kind: 'ConfigMap', metadata: { name: 'No_Good' } },
        ],
        force: false,
      },
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('manifests[1]: apiVersion: missing');
    expect(error.message).toContain(
      'manifests[1]: metadata.name: "No_Good" is not a valid name',
    );
    expect(await configMapExists('good')).toBe(false);
  });

  it('lets the API server refuse another team\u2019s namespace through impersonation', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        cluster: 'local',
        namespace: 'search-dev',
        manifests: configMapYaml('intruder'),
        force: false,
      },
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain('user:default/bob');
  });

  it('names a missing workspace path', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        cluster: 'local',
        namespace: ns.name,
        paths: ['nowhere'],
        force: false,
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'path "nowhere": no such file or folder in the task workspace',
    );
  });
});
