import { TestDatabaseId } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  createTestDatabases,
  testDatabaseService,
} from '../__testUtils__/testDatabases';
import { AuditEvent, AuditTrailStore, NewAuditEvent } from './AuditTrailStore';

jest.setTimeout(60_000);

const T0 = new Date('2026-11-21T10:00:00.456Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const BOB = 'user:default/bob';
const ALICE = 'user:default/alice';

describe('AuditTrailStore', () => {
  const databases = createTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    return AuditTrailStore.create({
      database: await testDatabaseService(databases, databaseId),
    });
  }

  // Nine events; two pairs share a timestamp, and they are recorded out of time order.
  const fixtures: NewAuditEvent[] = [
    {
      at: at(0),
      actor: BOB,
      action: 'environment.create',
      cluster: 'local',
      namespace: 'checkout-dev',
      outcome: 'succeeded',
    },
    {
      at: at(1),
      actor: BOB,
      action: 'kubernetes.apply',
      cluster: 'local',
      namespace: 'checkout-dev',
      target: 'Deployment/checkout',
      outcome: 'succeeded',
      details: { applied: 3, objects: ['Deployment/checkout'] },
    },
    {
      at: at(2),
      actor: BOB,
      action: 'kubernetes.apply',
      cluster: 'local',
      namespace: 'checkout-prod',
      outcome: 'requested',
      message: 'Approval request created',
    },
    {
      at: at(2),
      actor: BOB,
      action: 'approval.request',
      cluster: 'local',
      namespace: 'checkout-prod',
      outcome: 'succeeded',
    },
    {
      at: at(5),
      actor: ALICE,
      action: 'approval.approve',
      cluster: 'local',
      namespace: 'checkout-prod',
      outcome: 'succeeded',
    },
    {
      at: at(4),
      actor: BOB,
      action: 'kubernetes.apply',
      cluster: 'eu-west',
      namespace: 'payments-dev',
      outcome: 'refused',
      message: '1 guardrail violation(s); nothing was applied',
    },
    {
      at: at(6),
      actor: ALICE,
      action: 'kubernetes.apply',
      cluster: 'local',
      namespace: 'checkout-prod',
      outcome: 'failed',
      message: 'admission webhook denied the request',
    },
    {
      at: at(6),
      actor: 'plugin:paved',
      action: 'environment.cleanup',
      cluster: 'local',
      namespace: 'checkout-pr-12',
      outcome: 'succeeded',
    },
    {
      at: at(7),
      actor: ALICE,
      action: 'environment.delete',
      cluster: 'eu-west',
      namespace: 'payments-pr-3',
      outcome: 'succeeded',
    },
  ];

  async function seed(store: AuditTrailStore): Promise<AuditEvent[]> {
    const recorded: AuditEvent[] = [];
    for (const event of fixtures) recorded.push(await store.record(event));
    return recorded;
  }

  async function readAll(
    store: AuditTrailStore,
    options: Parameters<AuditTrailStore['list']>[0],
  ) {
    const pages: AuditEvent[][] = [];
    let before: string | undefined;
    do {
      const page = await store.list({ ...options, before });
      pages.push(page.events);
      before = page.nextCursor;
    } while (before && pages.length < 20);
    return pages;
  }

  it.each(databases.eachSupportedId())(
    'records events and lists them newest first on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const recorded = await seed(store);

      expect(recorded[1]).toEqual({
        id: expect.stringMatching(/^\d+$/),
        at: '2026-11-21T10:01:00.456Z',
        actor: BOB,
        action: 'kubernetes.apply',
        cluster: 'local',
        namespace: 'checkout-dev',
        target: 'Deployment/checkout',
        outcome: 'succeeded',
        details: { applied: 3, objects: ['Deployment/checkout'] },
      });

      const { events, nextCursor } = await store.list();
      expect(nextCursor).toBeUndefined();
      expect(events).toEqual(
        // newest first; equal times in reverse recording order
        [8, 7, 6, 4, 5, 3, 2, 1, 0].map(i => recorded[i]),
      );

      const defaulted = await store.record({
        actor: BOB,
        action: 'environment.clone',
        outcome: 'succeeded',
      });
      expect(Date.now() - Date.parse(defaulted.at)).toBeLessThan(60_000);
      expect(defaulted).not.toHaveProperty('cluster');
      expect(defaulted).not.toHaveProperty('details');
    },
  );

  it.each(databases.eachSupportedId())(
    'pages through the trail with a cursor, without gaps or repeats, on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const recorded = await seed(store);
      const newestFirst = [8, 7, 6, 4, 5, 3, 2, 1, 0].map(i => recorded[i]);

      for (const limit of [1, 2, 3, 4, 8, 9, 10]) {
        const pages = await readAll(store, { limit });
        expect(pages.flat()).toEqual(newestFirst);
        expect(pages.length).toBe(Math.max(1, Math.ceil(9 / limit)));
        expect(pages.every(p => p.length <= limit)).toBe(true);
      }

      // a page boundary between two events with the same timestamp
      const first = await store.list({ limit: 2 });
      expect(first.events.map(e => e.id)).toEqual([
        recorded[8].id,
        recorded[7].id,
      ]);
      const second = await store.list({ limit: 2, before: first.nextCursor });
      expect(second.events.map(e => e.id)).toEqual([
        recorded[6].id,
        recorded[4].id,
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'filters by actor, cluster, namespace, action and outcome on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      const recorded = await seed(store);
      const ids = async (options: Parameters<AuditTrailStore['list']>[0]) =>
        (await readAll(store, { limit: 2, ...options }))
          .flat()
          .map(e => fixtures[recorded.findIndex(r => r.id === e.id)]);

      expect((await ids({ actor: ALICE })).map(e => e.action)).toEqual([
        'environment.delete',
        'kubernetes.apply',
        'approval.approve',
      ]);
      expect(
        (await ids({ cluster: 'local', namespace: 'checkout-prod' })).map(
          e => `${e.action}:${e.outcome}`,
        ),
      ).toEqual([
        'kubernetes.apply:failed',
        'approval.approve:succeeded',
        'approval.request:succeeded',
        'kubernetes.apply:requested',
      ]);
      expect(
        (await ids({ action: 'kubernetes.apply' })).map(e => e.namespace),
      ).toEqual([
        'checkout-prod',
        'payments-dev',
        'checkout-prod',
        'checkout-dev',
      ]);
      expect(
        (
          await ids({ action: ['environment.delete', 'environment.cleanup'] })
        ).map(e => e.namespace),
      ).toEqual(['payments-pr-3', 'checkout-pr-12']);
      expect(
        (await ids({ action: 'kubernetes.apply', outcome: 'refused' })).map(
          e => e.message,
        ),
      ).toEqual(['1 guardrail violation(s); nothing was applied']);
      expect(await store.list({ action: [] })).toEqual({ events: [] });
      expect(await store.list({ actor: 'user:default/nobody' })).toEqual({
        events: [],
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses bad input the same way on %s',
    async databaseId => {
      const store = await createStore(databaseId);
      await expect(store.list({ before: 'not-a-cursor' })).rejects.toThrow(
        /Invalid audit trail cursor "not-a-cursor"; pass the nextCursor/,
      );
      await expect(store.list({ limit: 0 })).rejects.toThrow(InputError);
      await expect(
        store.list({ outcome: 'maybe' as unknown as 'failed' }),
      ).rejects.toThrow(InputError);
      await expect(
        store.record({
          actor: '',
          action: 'kubernetes.apply',
          outcome: 'failed',
        }),
      ).rejects.toThrow(/An audit event needs actor/);
      await expect(
        store.record({
          actor: BOB,
          action: 'kubernetes.apply',
          outcome: 'done' as unknown as 'failed',
        }),
      ).rejects.toThrow(/Unknown audit outcome "done"/);
      await expect(
        store.record({
          actor: BOB,
          action: 'kubernetes.apply',
          outcome: 'failed',
          namespace: 'n'.repeat(300),
        }),
      ).rejects.toThrow(/namespace is too long/);
      expect(await store.list()).toEqual({ events: [] });
    },
  );
});
