import {
  createTestDatabases,
  testDatabaseService,
} from '../__testUtils__/testDatabases';
import { ApprovalStore } from './ApprovalStore';
import { RunLeaseStore } from './RunLeaseStore';

jest.setTimeout(60_000);

const T0 = new Date('2026-12-02T10:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const approver = {
  user: 'user:default/alice',
  groups: ['group:default/team-checkout'],
};

describe('RunLeaseStore', () => {
  const databases = createTestDatabases();

  async function approvedRequest(
    databaseId: Parameters<typeof testDatabaseService>[1],
  ) {
    const database = await testDatabaseService(databases, databaseId);
    const store = await ApprovalStore.create({ database });
    const leases = await RunLeaseStore.create({ database });
    const request = await store.createRequest({
      kind: 'apply',
      cluster: 'local',
      namespace: 'checkout-production',
      team: 'group:default/team-checkout',
      requestedBy: 'user:default/bob',
      summary: 'ConfigMap settings created',
      diff: '+ name: settings',
      payload: { manifests: [] },
      requestedAt: T0,
      expiresAt: at(86_400),
    });
    await store.decide(request.id, {
      decision: 'approve',
      decidedBy: approver.user,
      now: at(1),
    });
    return { store, leases, id: request.id };
  }

  it.each(databases.eachSupportedId())(
    'hands a run whose heartbeat stopped to exactly one other backend, on %s',
    async databaseId => {
      const { store, leases, id } = await approvedRequest(databaseId);
      expect(
        await leases.claim(id, { owner: 'a', identity: approver, now: at(2) }),
      ).toBe(true);
      // a second claim (the other replica deciding too) loses
      expect(
        await leases.claim(id, { owner: 'b', identity: approver, now: at(2) }),
      ).toBe(false);
      expect(await leases.heartbeat(id, 'a', at(10))).toBe(true);
      // within the lease, nothing is abandoned
      expect(await leases.abandoned({ leaseSeconds: 15, now: at(20) })).toEqual(
        [],
      );
      // past it, the run is abandoned, with the approver to finish it as
      const [run] = await leases.abandoned({ leaseSeconds: 15, now: at(30) });
      expect(run).toEqual({ id, owner: 'a', identity: approver, attempts: 1 });
      // two backends take it over at once: one wins
      const wins = await Promise.all([
        leases.takeOver(run, { owner: 'b', leaseSeconds: 15, now: at(30) }),
        leases.takeOver(run, { owner: 'c', leaseSeconds: 15, now: at(30) }),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      const winner = wins[0] ? 'b' : 'c';
      // the old owner's late heartbeat no longer renews it
      expect(await leases.heartbeat(id, 'a', at(31))).toBe(false);
      expect(await leases.heartbeat(id, winner, at(31))).toBe(true);
      expect(await leases.abandoned({ leaseSeconds: 15, now: at(40) })).toEqual(
        [],
      );
      // the stopping owner records the runs it holds as failed, at once
      expect(await leases.failOwned('a', 'interrupted: a')).toEqual([]);
      expect(await leases.failOwned(winner, 'interrupted: stopped')).toEqual([
        id,
      ]);
      expect(await store.get(id)).toMatchObject({
        outcome: 'failed',
        outcomeMessage: 'interrupted: stopped',
      });
      expect(
        await leases.abandoned({ leaseSeconds: 15, now: at(400) }),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'finds an approved run never started once its lease time has passed since the decision, on %s',
    async databaseId => {
      const { leases, id } = await approvedRequest(databaseId);
      expect(await leases.abandoned({ leaseSeconds: 15, now: at(10) })).toEqual(
        [],
      );
      expect(await leases.abandoned({ leaseSeconds: 15, now: at(20) })).toEqual(
        [{ id, attempts: 0 }],
      );
    },
  );
});
