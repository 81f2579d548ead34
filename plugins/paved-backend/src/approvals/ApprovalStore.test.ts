import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  createTestDatabases,
  testDatabaseService,
} from '../__testUtils__/testDatabases';
import { NewApprovalRequest } from './ApprovalRequest';
import { ApprovalStore } from './ApprovalStore';

jest.setTimeout(60_000);

const T0 = new Date('2026-11-21T10:00:00.123Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const BOB = 'user:default/bob';
const ALICE = 'user:default/alice';
const CAROL = 'user:default/carol';
const CHECKOUT = 'group:default/team-checkout';
const PAYMENTS = 'group:default/team-payments';

function request(
  overrides: Partial<NewApprovalRequest> = {},
): NewApprovalRequest {
  return {
    kind: 'apply',
    cluster: 'local',
    namespace: 'checkout-prod',
    team: CHECKOUT,
    requestedBy: BOB,
    summary: 'Deploy checkout 1.4.2 to production',
    diff: '--- Deployment/checkout\n+++ Deployment/checkout\n-image: checkout:1.4.1\n+image: checkout:1.4.2\n',
    payload: {
      objects: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'checkout' },
          spec: { replicas: 3 },
        },
      ],
      force: false,
      note: 'ünïcødé ✓',
    },
    requestedAt: T0,
    expiresAt: at(60),
    ...overrides,
  };
}

describe('ApprovalStore', () => {
  const databases = createTestDatabases();

  // Every expiry-sensitive call passes its own `now`; with the wall clock years away from T0 a call
  // that forgets to would judge the request expired and fail, whatever day the tests run on.
  beforeAll(() => {
    jest.useFakeTimers({
      now: new Date('2031-06-01T00:00:00Z'),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterAll(() => {
    jest.useRealTimers();
  });

  async function createStore(databaseId: TestDatabaseId) {
    return ApprovalStore.create({
      database: await testDatabaseService(databases, databaseId),
    });
  }

  it.each(databases.eachSupportedId())(
    'creates, gets and lists requests, newest first, on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const first = await store.createRequest(
        request({ taskId: 'task-1', entityRef: 'component:default/checkout' }),
      );
      const second = await store.createRequest(
        request({
          kind: 'environment-clone',
          namespace: 'checkout-prod-eu',
          requestedAt: at(5),
          expiresAt: at(65),
          requestedBy: CAROL,
        }),
      );
      const third = await store.createRequest(
        request({
          team: PAYMENTS,
          cluster: 'eu-west',
          namespace: 'payments-prod',
          requestedAt: at(10),
          expiresAt: at(70),
        }),
      );

      expect(first).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        kind: 'apply',
        cluster: 'local',
        namespace: 'checkout-prod',
        team: CHECKOUT,
        requestedBy: BOB,
        requestedAt: '2026-11-21T10:00:00.123Z',
        expiresAt: '2026-11-21T11:00:00.123Z',
        summary: 'Deploy checkout 1.4.2 to production',
        diff: request().diff,
        payload: request().payload,
        status: 'pending',
        taskId: 'task-1',
        entityRef: 'component:default/checkout',
      });
      await expect(store.get(first.id, { now: T0 })).resolves.toEqual(first);
      await expect(
        store.get('00000000-0000-0000-0000-000000000000'),
      ).resolves.toBeUndefined();
      await expect(store.get('not-a-uuid')).resolves.toBeUndefined();

      const ids = (list: { id: string }[]) => list.map(r => r.id);
      expect(ids(await store.list({ now: T0 }))).toEqual([
        third.id,
        second.id,
        first.id,
      ]);
      expect(ids(await store.list({ now: T0, limit: 2 }))).toEqual([
        third.id,
        second.id,
      ]);
      expect(ids(await store.list({ now: T0, team: CHECKOUT }))).toEqual([
        second.id,
        first.id,
      ]);
      expect(
        ids(await store.list({ now: T0, teams: [PAYMENTS, 'group:x/none'] })),
      ).toEqual([third.id]);
      expect(await store.list({ now: T0, teams: [] })).toEqual([]);
      expect(
        ids(
          await store.list({
            now: T0,
            cluster: 'local',
            namespace: 'checkout-prod',
          }),
        ),
      ).toEqual([first.id]);
      expect(ids(await store.list({ now: T0, requestedBy: CAROL }))).toEqual([
        second.id,
      ]);
      expect(
        ids(await store.list({ now: T0, status: ['approved', 'rejected'] })),
      ).toEqual([]);
      await expect(store.list({ limit: 0 })).rejects.toThrow(InputError);
      await expect(store.list({ limit: 501 })).rejects.toThrow(InputError);
      await expect(
        store.list({ status: 'done' as unknown as 'pending' }),
      ).rejects.toThrow(/Unknown approval status "done"/);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses invalid requests the same way on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      await expect(
        store.createRequest(request({ expiresAt: T0 })),
      ).rejects.toThrow(/must expire after it is made/);
      await expect(
        store.createRequest(request({ cluster: '' })),
      ).rejects.toThrow(InputError);
      // PostgreSQL would reject an over-long value and SQLite would keep it: the store refuses it first
      await expect(
        store.createRequest(
          request({ team: `group:default/${'x'.repeat(300)}` }),
        ),
      ).rejects.toThrow(/team is too long/);
      await expect(
        store.createRequest(
          request({ payload: [] as unknown as NewApprovalRequest['payload'] }),
        ),
      ).rejects.toThrow(/payload/);
      expect(await store.list()).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets a lead approve, recording who, when and why, on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const created = await store.createRequest(request());

      const approved = await store.decide(created.id, {
        decision: 'approve',
        decidedBy: ALICE,
        comment: 'Release notes checked',
        now: at(10),
      });

      expect(approved).toEqual({
        ...created,
        status: 'approved',
        decidedBy: ALICE,
        decidedAt: '2026-11-21T10:10:00.123Z',
        decisionComment: 'Release notes checked',
      });
      await expect(store.get(created.id, { now: at(10) })).resolves.toEqual(
        approved,
      );
      expect(
        (await store.list({ now: at(10), status: 'approved' })).map(r => r.id),
      ).toEqual([created.id]);
      expect(await store.list({ now: at(10), status: 'pending' })).toEqual([]);
      // a decided request does not expire later
      expect((await store.get(created.id, { now: at(600) }))?.status).toBe(
        'approved',
      );
      await expect(store.expireStale(at(600))).resolves.toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses self-approval but lets the requester withdraw, on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const created = await store.createRequest(request());

      const selfApproval = store.decide(created.id, {
        decision: 'approve',
        decidedBy: BOB,
        now: at(1),
      });
      await expect(selfApproval).rejects.toThrow(NotAllowedError);
      await expect(selfApproval).rejects.toThrow(
        /user:default\/bob asked for this change and cannot approve it: .*second person.*another lead of group:default\/team-checkout/,
      );
      expect((await store.get(created.id, { now: at(1) }))?.status).toBe(
        'pending',
      );

      const withdrawn = await store.decide(created.id, {
        decision: 'reject',
        decidedBy: BOB,
        comment: 'Wrong image tag',
        now: at(2),
      });
      expect(withdrawn).toMatchObject({
        status: 'rejected',
        decidedBy: BOB,
        decisionComment: 'Wrong image tag',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'rejects, and a rejected request cannot be approved afterwards, on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const created = await store.createRequest(request());

      const rejected = await store.decide(created.id, {
        decision: 'reject',
        decidedBy: ALICE,
        comment: 'Not during the freeze',
        now: at(3),
      });
      expect(rejected).toMatchObject({
        status: 'rejected',
        decidedBy: ALICE,
        decidedAt: '2026-11-21T10:03:00.123Z',
        decisionComment: 'Not during the freeze',
      });

      const late = store.decide(created.id, {
        decision: 'approve',
        decidedBy: CAROL,
        now: at(4),
      });
      await expect(late).rejects.toThrow(ConflictError);
      await expect(late).rejects.toThrow(
        /already rejected by user:default\/alice at 2026-11-21T10:03:00.123Z; it can no longer be approved/,
      );
      await expect(
        store.decide(created.id, {
          decision: 'maybe' as 'approve',
          decidedBy: CAROL,
        }),
      ).rejects.toThrow(InputError);
      await expect(
        store.decide('00000000-0000-0000-0000-000000000000', {
          decision: 'approve',
          decidedBy: ALICE,
        }),
      ).rejects.toThrow(NotFoundError);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets exactly one of two concurrent decisions win on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      for (let round = 0; round < 5; round++) {
        const created = await store.createRequest(request());
        const results = await Promise.allSettled([
          store.decide(created.id, {
            decision: 'approve',
            decidedBy: ALICE,
            now: at(1),
          }),
          store.decide(created.id, {
            decision: 'reject',
            decidedBy: CAROL,
            now: at(1),
          }),
        ]);
        const won = results.filter(r => r.status === 'fulfilled');
        const lost = results.filter(
          (r): r is PromiseRejectedResult => r.status === 'rejected',
        );
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toBeInstanceOf(ConflictError);

        const stored = await store.get(created.id, { now: at(1) });
        const winner = (won[0] as PromiseFulfilledResult<typeof stored>).value;
        expect(stored).toEqual(winner);
        expect(stored?.decidedBy).toBe(
          stored?.status === 'approved' ? ALICE : CAROL,
        );
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'marks an expired request expired when someone tries to decide it, on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const created = await store.createRequest(request());

      // past its expiry it reads as expired even before anything is written
      expect((await store.get(created.id, { now: at(60) }))?.status).toBe(
        'expired',
      );
      expect((await store.get(created.id, { now: at(59) }))?.status).toBe(
        'pending',
      );

      const attempt = store.decide(created.id, {
        decision: 'approve',
        decidedBy: ALICE,
        now: at(61),
      });
      await expect(attempt).rejects.toThrow(ConflictError);
      await expect(attempt).rejects.toThrow(
        /expired at 2026-11-21T11:00:00.123Z and can no longer be approved; user:default\/bob has to ask for the change again/,
      );

      // now written: it stays expired even when judged at an earlier time
      const stored = await store.get(created.id, { now: T0 });
      expect(stored?.status).toBe('expired');
      expect(stored?.decidedBy).toBeUndefined();
      await expect(
        store.decide(created.id, {
          decision: 'reject',
          decidedBy: ALICE,
          now: T0,
        }),
      ).rejects.toThrow(/expired/);
    },
  );

  it.each(databases.eachSupportedId())(
    'expires stale pending requests in bulk on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const soon = await store.createRequest(request({ expiresAt: at(30) }));
      const later = await store.createRequest(request({ expiresAt: at(90) }));
      const decided = await store.createRequest(request({ expiresAt: at(30) }));
      await store.decide(decided.id, {
        decision: 'reject',
        decidedBy: ALICE,
        now: at(1),
      });

      await expect(store.expireStale(at(29))).resolves.toBe(0);
      await expect(store.expireStale(at(30))).resolves.toBe(1);
      await expect(store.expireStale(at(31))).resolves.toBe(0);

      const statusOf = async (id: string) =>
        (await store.get(id, { now: T0 }))?.status;
      expect(await statusOf(soon.id)).toBe('expired');
      expect(await statusOf(later.id)).toBe('pending');
      expect(await statusOf(decided.id)).toBe('rejected');

      // a list judged later counts the unmarked `later` as expired too
      expect(
        (await store.list({ now: at(120), status: 'expired' }))
          .map(r => r.id)
          .sort(),
      ).toEqual([soon.id, later.id].sort());
      expect(await store.list({ now: at(120), status: 'pending' })).toEqual([]);
      expect(
        (await store.list({ now: at(31), status: 'pending' })).map(r => r.id),
      ).toEqual([later.id]);
    },
  );

  it.each(databases.eachSupportedId())(
    'records the outcome of an approved change once, on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const created = await store.createRequest(request());

      const early = store.recordOutcome(created.id, {
        outcome: 'applied',
        now: T0,
      });
      await expect(early).rejects.toThrow(ConflictError);
      await expect(early).rejects.toThrow(/is pending, not approved/);

      await store.decide(created.id, {
        decision: 'approve',
        decidedBy: ALICE,
        now: at(1),
      });
      const done = await store.recordOutcome(created.id, {
        outcome: 'failed',
        message: 'admission webhook denied the request',
        now: at(2),
      });
      expect(done).toMatchObject({
        status: 'approved',
        outcome: 'failed',
        outcomeMessage: 'admission webhook denied the request',
        outcomeAt: '2026-11-21T10:02:00.123Z',
      });

      await expect(
        store.recordOutcome(created.id, { outcome: 'applied', now: at(3) }),
      ).rejects.toThrow(
        /already has an outcome \(failed at 2026-11-21T10:02:00.123Z\)/,
      );
      await expect(
        store.recordOutcome('00000000-0000-0000-0000-000000000000', {
          outcome: 'applied',
        }),
      ).rejects.toThrow(NotFoundError);
      await expect(
        store.recordOutcome(created.id, {
          outcome: 'done' as unknown as 'applied',
        }),
      ).rejects.toThrow(InputError);
    },
  );

  it.each(databases.eachSupportedId())(
    'fails approved changes whose run never reported back, and nothing else, on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const approve = async (minutes: number) => {
        const created = await store.createRequest(request());
        await store.decide(created.id, {
          decision: 'approve',
          decidedBy: ALICE,
          now: at(minutes),
        });
        return created.id;
      };
      const interrupted = await approve(1);
      const recent = await approve(20);
      const finished = await approve(2);
      await store.recordOutcome(finished, { outcome: 'applied', now: at(3) });
      const pending = (await store.createRequest(request())).id;

      const failed = await store.failInterrupted({
        decidedBefore: at(10),
        now: at(30),
      });
      expect(failed.map(r => r.id)).toEqual([interrupted]);
      expect(failed[0]).toMatchObject({
        status: 'approved',
        outcome: 'failed',
        outcomeAt: '2026-11-21T10:30:00.123Z',
      });
      expect(failed[0].outcomeMessage).toMatch(/^interrupted: /);
      const get = async (id: string) => store.get(id, { now: at(30) });
      expect((await get(recent))?.outcome).toBeUndefined();
      expect((await get(finished))?.outcome).toBe('applied');
      expect((await get(pending))?.status).toBe('pending');
      // once failed, it is not failed again
      expect(
        await store.failInterrupted({ decidedBefore: at(10), now: at(40) }),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    "an agent's request: only its requester confirms it, once, before expiry; a lead approves only after, on %s",
    async databaseId => {
      const store = await createStore(databaseId);
      const direct = await store.createRequest(
        request({ agent: { client: 'claude-code', needsLead: false } }),
      );
      expect(direct.agent).toEqual({ client: 'claude-code', needsLead: false });
      // nobody else confirms it, and no lead approves it before its requester confirmed it
      await expect(
        store.confirm(direct.id, { confirmedBy: ALICE, now: at(1) }),
      ).rejects.toThrow(NotAllowedError);
      await expect(
        store.decide(direct.id, {
          decision: 'approve',
          decidedBy: ALICE,
          now: at(1),
        }),
      ).rejects.toThrow(/waits for user:default\/bob to confirm it/);
      // the requester's confirmation approves a change they may make themselves
      const confirmed = await store.confirm(direct.id, {
        confirmedBy: BOB,
        now: at(2),
      });
      expect(confirmed).toMatchObject({
        status: 'approved',
        decidedBy: BOB,
        agent: { confirmedBy: BOB, confirmedAt: at(2).toISOString() },
      });
      await expect(
        store.confirm(direct.id, { confirmedBy: BOB, now: at(3) }),
      ).rejects.toThrow(ConflictError);

      const protectedChange = await store.createRequest(
        request({ agent: { client: 'claude-code', needsLead: true } }),
      );
      const waiting = await store.confirm(protectedChange.id, {
        confirmedBy: BOB,
        now: at(2),
      });
      expect(waiting).toMatchObject({
        status: 'pending',
        agent: { confirmedBy: BOB },
      });
      // the requester still cannot approve it; a lead can
      await expect(
        store.decide(protectedChange.id, {
          decision: 'approve',
          decidedBy: BOB,
          now: at(3),
        }),
      ).rejects.toThrow(NotAllowedError);
      expect(
        await store.decide(protectedChange.id, {
          decision: 'approve',
          decidedBy: ALICE,
          now: at(3),
        }),
      ).toMatchObject({ status: 'approved', decidedBy: ALICE });

      // an expired request is never confirmed, so it never runs
      const late = await store.createRequest(
        request({ agent: { client: 'claude-code', needsLead: false } }),
      );
      await expect(
        store.confirm(late.id, { confirmedBy: BOB, now: at(61) }),
      ).rejects.toThrow(/expired/);
      expect(await store.get(late.id, { now: at(61) })).toMatchObject({
        status: 'expired',
      });
      // a person's request has nothing to confirm
      const person = await store.createRequest(request());
      await expect(
        store.confirm(person.id, { confirmedBy: BOB, now: at(1) }),
      ).rejects.toThrow(/not asked for by an AI agent/);
      // the agent's requests are listed on their own
      expect(
        (await store.list({ origin: 'agent', now: at(4) }))
          .map(r => r.id)
          .sort(),
      ).toEqual([direct.id, protectedChange.id, late.id].sort());
    },
  );

  it.each(databases.eachSupportedId())(
    'applies the migrations once, skips them when told to, and rolls back, on %s',
    async databaseId => {
      const database = await testDatabaseService(databases, databaseId);
      const [a, b] = await Promise.all([
        ApprovalStore.create({ database }),
        ApprovalStore.create({ database }),
      ]);
      await a.createRequest(request());
      expect(await b.list({ now: T0 })).toHaveLength(1);

      const knex = await database.getClient();
      const skipping = await ApprovalStore.create({
        database: { getClient: async () => knex, migrations: { skip: true } },
      });
      expect(await skipping.list({ now: T0 })).toHaveLength(1);

      // the migration can be rolled back and applied again
      const directory = resolvePackagePath(
        '@paved/plugin-paved-backend',
        'migrations',
      );
      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('paved_approval_requests')).toBe(false);
      expect(await knex.schema.hasTable('paved_audit_events')).toBe(false);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('paved_approval_requests')).toBe(true);
      expect(await knex.schema.hasTable('paved_audit_events')).toBe(true);
    },
  );
});
