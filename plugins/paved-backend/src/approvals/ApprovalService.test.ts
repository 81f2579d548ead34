import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  ApplyEngine,
  ClusterRegistry,
  EnvironmentService,
  SecretService,
  GroupLookup,
} from '@paved/plugin-paved-node';
import {
  createTestDatabases,
  testDatabaseService,
} from '../__testUtils__/testDatabases';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { ApprovalService } from './ApprovalService';
import { ApprovalStore } from './ApprovalStore';

jest.setTimeout(60_000);

const BOB = 'user:default/bob';
const ALICE = 'user:default/alice';
const CHECKOUT = 'group:default/team-checkout';

const manifests = [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings' },
    data: { mode: 'fast' },
  },
];

describe('ApprovalService deciding on a stored request its kind cannot read', () => {
  const databases = createTestDatabases();

  async function setup() {
    const database = await testDatabaseService(databases, 'SQLITE_3');
    const store = await ApprovalStore.create({ database });
    const trail = await AuditTrailStore.create({ database });
    const engine = {
      plan: jest.fn(),
      apply: jest.fn(),
      waitForRollout: jest.fn(),
    };
    const environments = {
      prospective: jest.fn(),
      runClone: jest.fn(),
    };
    const clusters = { client: jest.fn() };
    const secrets = { setValues: jest.fn() };
    const permissions = mockServices.permissions.mock();
    const service = new ApprovalService({
      store,
      trail,
      auditor: mockServices.auditor.mock(),
      logger: mockServices.logger.mock(),
      permissions,
      clusters: clusters as Partial<ClusterRegistry> as ClusterRegistry,
      engine: engine as Partial<ApplyEngine> as ApplyEngine,
      environments:
        environments as Partial<EnvironmentService> as EnvironmentService,
      catalog: {} as Partial<GroupLookup> as GroupLookup,
      secrets: secrets as Partial<SecretService> as SecretService,
      ttlHours: 1,
    });
    // everything that could run a change or read the cluster
    const runners = [
      engine.plan,
      engine.apply,
      engine.waitForRollout,
      environments.prospective,
      environments.runClone,
      clusters.client,
      secrets.setValues,
      permissions.authorizeConditional,
    ];
    return { store, trail, runners, service };
  }

  function approve(service: ApprovalService, id: string) {
    return service.decide(
      mockCredentials.user(ALICE),
      { user: ALICE, groups: [CHECKOUT] },
      id,
      'approve',
    );
  }

  const stored = {
    cluster: 'local',
    namespace: 'checkout-prod',
    team: CHECKOUT,
    requestedBy: BOB,
    summary: 'ConfigMap settings created',
    diff: '+ name: settings',
    expiresAt: new Date(Date.now() + 3600_000),
  };

  it.each([
    [
      'an unknown kind',
      {
        kind: 'bogus',
        payload: { manifests, force: false, wait: false, timeoutSeconds: 60 },
      },
      /is of kind "bogus", which Paved does not know how to run \(known kinds: apply, environment-clone, secret-values, rollback, environment-delete\); nothing was run/,
    ],
    [
      'a clone whose payload is an apply',
      {
        kind: 'environment-clone',
        payload: { manifests, force: false, wait: false, timeoutSeconds: 60 },
      },
      /\(environment-clone\) holds a change that is not a valid environment-clone change \(plan: Required\); nothing was run/,
    ],
  ])(
    'refuses to run %s, never as an apply, and keeps it pending',
    async (_, request, message) => {
      const { store, trail, runners, service } = await setup();
      const { id } = await store.createRequest({ ...stored, ...request });

      const decided = approve(service, id);
      await expect(decided).rejects.toThrow(ConflictError);
      await expect(decided).rejects.toThrow(message);

      for (const fn of runners) expect(fn).not.toHaveBeenCalled();
      expect(await store.get(id)).toMatchObject({ status: 'pending' });
      const { events } = await trail.list();
      expect(events).toEqual([
        expect.objectContaining({
          action: 'approval.approve',
          actor: ALICE,
          outcome: 'refused',
          message: expect.stringMatching(message),
        }),
      ]);
    },
  );

  it('shows a request its kind cannot read without objects', async () => {
    const { store, service } = await setup();
    const request = await store.createRequest({
      ...stored,
      kind: 'bogus',
      payload: { manifests, force: true, note: 'trust me' },
    });
    expect(service.view(request)).toMatchObject({
      id: request.id,
      objects: [],
      force: false,
    });
    expect(service.view(request)).not.toHaveProperty('requesterNote');
  });
});
