import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError, NotFoundError } from '@backstage/errors';
import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
  rejectionOf,
} from '@paved/plugin-paved-node/testUtils';
import {
  ApplyEngine,
  DEFAULT_FORBIDDEN_KINDS,
  GuardrailPolicy,
  KubernetesClient,
} from '@paved/plugin-paved-node';
import {
  RevisionRecord,
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import { PavedBackendClient } from '@paved/plugin-paved-node';
import { createKubernetesApplyAction } from './apply';

// Talks to the local cluster.
jest.setTimeout(120_000);

const TEAM = 'group:default/test-apply-secrets';
const dev: UserInfoService = {
  getUserInfo: async () => ({
    userEntityRef: 'user:default/sam',
    ownershipEntityRefs: [
      'user:default/sam',
      'group:default/team-checkout',
      TEAM,
    ],
  }),
};

const policy: GuardrailPolicy = {
  podSecurityRestricted: true,
  requireResources: true,
  requireProbes: true,
  forbidLatestTag: true,
  allowedRegistries: ['registry.paved.local'],
  forbiddenKinds: DEFAULT_FORBIDDEN_KINDS,
  requireTeamEnvironment: true,
};

const VALUE = 's3cr3t-value-9f2c';
const VALUE_B64 = Buffer.from(VALUE).toString('base64');
const OTHER = 'an0ther-s3cr3t-77e1';
const OTHER_B64 = Buffer.from(OTHER).toString('base64');
const NEXT = 'r0tated-s3cr3t-41aa';
const NEXT_B64 = Buffer.from(NEXT).toString('base64');
const FORMS = [VALUE, VALUE_B64, OTHER, OTHER_B64, NEXT, NEXT_B64];

/** A developer: may apply to the team's environment, is not a platform admin. */
const developerPermissions = () =>
  mockServices.permissions.mock({
    authorize: async (requests: EvaluatePermissionRequest[]) =>
      requests.map(r => ({
        result:
          r.permission.name === pavedPlatformAdminPermission.name
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    authorizeConditional: async (requests: unknown[]) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  } as any);

describe('kubernetes:apply keeps Secret values out of logs, outputs and audit (local cluster)', () => {
  const workspace = createMockDirectory();
  let admin: KubernetesClient;
  let ns: { name: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    admin = await localAdminClient();
  });
  beforeEach(async () => {
    workspace.clear();
    ns = await createTestEnvironment(admin, {
      prefix: 'applysec',
      team: TEAM,
    });
  });
  afterEach(async () => {
    await ns.cleanup();
  });

  function setup() {
    const auditor = mockServices.auditor.mock();
    const trail: unknown[] = [];
    const revisions: RevisionRecord[] = [];
    const paved = {
      recordAudit: async (entry: unknown) => {
        trail.push(entry);
      },
      recordRevision: async (record: RevisionRecord) => {
        revisions.push(record);
        return revisions.length;
      },
    } as unknown as PavedBackendClient;
    const action = createKubernetesApplyAction({
      engine: new ApplyEngine(localClusterRegistry(), policy),
      userInfo: dev,
      auditor,
      permissions: developerPermissions(),
      clusters: localClusterRegistry(),
      paved,
    });
    return { action, auditor, trail, revisions };
  }

  function context(input: Record<string, unknown>, isDryRun: boolean) {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        cluster: 'local',
        namespace: ns.name,
        force: false,
        wait: true,
        timeout: 60,
        ...input,
      } as any,
    });
    const logger = ctx.logger as any;
    for (const level of ['info', 'warn', 'error', 'debug'])
      jest.spyOn(logger, level);
    return Object.assign(ctx, { isDryRun });
  }

  /** Everything the task log and the step's outputs received, as one text. */
  function taskText(ctx: ReturnType<typeof context>) {
    const logger = ctx.logger as any;
    const calls = ['info', 'warn', 'error', 'debug'].flatMap(
      level => logger[level].mock.calls,
    );
    return JSON.stringify([calls, (ctx.output as jest.Mock).mock.calls]);
  }

  const diffOutput = (ctx: ReturnType<typeof context>): string =>
    (ctx.output as jest.Mock).mock.calls.find(([name]) => name === 'diff')[1];

  const secret = (data: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db-credentials' },
    type: 'Opaque',
    data,
  });

  async function liveSecret() {
    return admin.request<{ data: Record<string, string> }>({
      path: `/api/v1/namespaces/${ns.name}/secrets/db-credentials`,
    });
  }

  it('shows only keys and markers in a dry run', async () => {
    const { action } = setup();
    workspace.setContent({
      'manifests/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
type: Opaque
stringData:
  password: ${VALUE}
data:
  api-key: ${OTHER_B64}
`,
    });
    const ctx = context({ paths: ['manifests'] }, true);
    await action.handler(ctx);

    const text = taskText(ctx);
    for (const form of FORMS) expect(text).not.toContain(form);
    const diff = diffOutput(ctx);
    expect(diff).toContain('+  password: redacted (added)');
    expect(diff).toContain('+  api-key: redacted (added)');
    expect(text).toContain('password: redacted (added)');
    await expect(liveSecret()).rejects.toBeInstanceOf(NotFoundError);
  });

  it('applies the real values while the log, outputs and audit show changed and unchanged keys only', async () => {
    const { action, auditor, trail, revisions } = setup();
    const first = context(
      { manifests: [secret({ password: VALUE_B64, 'api-key': OTHER_B64 })] },
      false,
    );
    await action.handler(first);
    expect((await liveSecret()).data).toEqual({
      password: VALUE_B64,
      'api-key': OTHER_B64,
    });

    const second = context(
      { manifests: [secret({ password: NEXT_B64, 'api-key': OTHER_B64 })] },
      false,
    );
    await action.handler(second);
    expect((await liveSecret()).data).toEqual({
      password: NEXT_B64,
      'api-key': OTHER_B64,
    });

    for (const ctx of [first, second]) {
      const text = taskText(ctx);
      for (const form of FORMS) expect(text).not.toContain(form);
    }
    expect(diffOutput(first)).toContain('+  password: redacted (added)');
    const diff = diffOutput(second);
    expect(diff).toContain('-  password: redacted\n');
    expect(diff).toContain('+  password: redacted (changed)');
    expect(diff).toContain('   api-key: redacted\n');
    expect(second.output).toHaveBeenCalledWith('applied', [
      expect.objectContaining({ name: 'db-credentials', result: 'configured' }),
    ]);

    const audit = JSON.stringify([auditor.createEvent.mock.calls, trail]);
    for (const form of FORMS) expect(audit).not.toContain(form);
    // each apply is a revision holding the Secret's key names, never a value
    expect(revisions).toHaveLength(2);
    const stored = JSON.stringify(revisions);
    for (const form of FORMS) expect(stored).not.toContain(form);
    expect(revisions[1].manifests[0]).toMatchObject({
      kind: 'Secret',
      data: { password: 'redacted', 'api-key': 'redacted' },
    });
    expect(trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'kubernetes.apply',
          outcome: 'succeeded',
          target: `Secret ${ns.name}/db-credentials`,
        }),
      ]),
    );
  });

  it('refuses a service-account-token Secret and a cluster-scoped kind for a developer; nothing is created', async () => {
    const { action } = setup();
    const storageClassName = `${ns.name}-fast`;
    const ctx = context(
      {
        manifests: [
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: {
              name: 'ci-token',
              annotations: { 'kubernetes.io/service-account.name': 'default' },
            },
            type: 'kubernetes.io/service-account-token',
          },
          {
            apiVersion: 'storage.k8s.io/v1',
            kind: 'StorageClass',
            metadata: { name: storageClassName },
            provisioner: 'example.com/fast',
          },
        ],
      },
      false,
    );
    const error = await rejectionOf(action.handler(ctx));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^2 guardrail violation/);
    expect(error.message).toContain(
      `Secret ${ns.name}/ci-token (manifests[0]): type: a Secret of type kubernetes.io/service-account-token mints a long-lived token`,
    );
    expect(error.message).toContain('[secret.service-account-token]');
    expect(error.message).toContain(
      `StorageClass ${storageClassName} (manifests[1]): kind: storage.k8s.io/v1 StorageClass is cluster-scoped`,
    );
    expect(error.message).toContain('[cluster-scoped]');

    await expect(
      admin.request({
        path: `/api/v1/namespaces/${ns.name}/secrets/ci-token`,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      admin.request({
        path: `/apis/storage.k8s.io/v1/storageclasses/${storageClassName}`,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
