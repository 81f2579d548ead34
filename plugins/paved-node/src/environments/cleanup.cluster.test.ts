import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { randomBytes } from 'node:crypto';
import { ApplyEngine } from '../apply/ApplyEngine';
import { readGuardrailPolicy } from '../guardrails/readPolicy';
import { localAdminClient, localClusterRegistry } from '../testUtils';
import { EnvironmentService } from './EnvironmentService';

// Talks to the local cluster.
jest.setTimeout(180_000);

/** A small seeded generator, so a failing case can be replayed with PAVED_SEED. */
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('expired environment cleanup (local cluster, randomised)', () => {
  it('deletes exactly the expired, managed, ephemeral, unprotected environments', async () => {
    const seed = Number(process.env.PAVED_SEED ?? Date.now() % 100000);
    const random = rng(seed);
    const pick = <T>(values: T[]) =>
      values[Math.floor(random() * values.length)];
    const admin = await localAdminClient();
    const clusters = localClusterRegistry();
    const service = new EnvironmentService(
      clusters,
      new ApplyEngine(clusters, readGuardrailPolicy(new ConfigReader({}))),
      {
        sizes: {},
        protectedNames: ['production'],
        ingressControllerNamespace: 'ingress-nginx',
        roles: {
          developer: 'paved:developer',
          protectedDeveloper: 'paved:viewer',
          protectedSecretWriter: 'paved:secret-writer',
          teamLead: 'paved:team-lead',
          platformAdmin: 'admin',
          backend: 'paved:backend-secrets',
        },
        platformAdminGroups: [],
        defaultTtlHours: 72,
      },
    );
    const run = randomBytes(3).toString('hex');
    const now = new Date();
    const expected = new Set<string>();
    const created: string[] = [];
    for (let i = 0; i < 24; i++) {
      const name = `clean-${run}-${i}`;
      const managed = random() < 0.8;
      const lifecycle = pick([
        'ephemeral',
        'ephemeral',
        'persistent',
        undefined,
      ]);
      const isProtected = random() < 0.2;
      const expiry = pick(['past', 'past', 'future', 'missing', 'garbage']);
      const labels: Record<string, string> = { 'paved.dev/test-run': run };
      if (managed) labels['paved.dev/managed-by'] = 'paved';
      else if (random() < 0.5) labels['paved.dev/managed-by'] = 'someone-else';
      labels['paved.dev/team'] = 'group.default.team-cleanup-test';
      if (lifecycle) labels['paved.dev/lifecycle'] = lifecycle;
      if (isProtected) labels['paved.dev/protected'] = 'true';
      const offset = Math.floor(random() * 1000 * 3600_000) + 60_000;
      const annotations: Record<string, string> = {};
      if (expiry === 'past')
        annotations['paved.dev/expires-at'] = new Date(
          now.getTime() - offset,
        ).toISOString();
      if (expiry === 'future')
        annotations['paved.dev/expires-at'] = new Date(
          now.getTime() + offset,
        ).toISOString();
      if (expiry === 'garbage')
        annotations['paved.dev/expires-at'] = pick([
          'tomorrow',
          '',
          '2026-13-45T99:00:00Z',
        ]);
      await admin.request({
        method: 'POST',
        path: '/api/v1/namespaces',
        body: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name, labels, annotations },
        },
      });
      created.push(name);
      if (
        managed &&
        lifecycle === 'ephemeral' &&
        !isProtected &&
        expiry === 'past'
      )
        expected.add(name);
    }
    try {
      const reported: string[] = [];
      const deleted = await service.cleanupExpired({
        cluster: 'local',
        now,
        onDelete: env => {
          reported.push(env.namespace);
        },
      });
      const ours = deleted
        .map(d => d.namespace)
        .filter(n => n.startsWith(`clean-${run}-`))
        .sort();
      expect({ seed, deleted: ours }).toEqual({
        seed,
        deleted: [...expected].sort(),
      });
      expect(
        reported.filter(n => n.startsWith(`clean-${run}-`)).sort(),
      ).toEqual([...expected].sort());
      for (const name of created) {
        const state = await admin
          .request<{ status: { phase: string } }>({
            path: `/api/v1/namespaces/${name}`,
          })
          .then(
            ns => ns.status.phase,
            e => (e instanceof NotFoundError ? 'gone' : Promise.reject(e)),
          );
        expect({ seed, name, removed: state !== 'Active' }).toEqual({
          seed,
          name,
          removed: expected.has(name),
        });
      }
    } finally {
      for (const name of created) {
        await admin
          .request({ method: 'DELETE', path: `/api/v1/namespaces/${name}` })
          .catch(() => undefined);
      }
    }
  });

  it('reports but keeps everything in dry-run mode', async () => {
    const admin = await localAdminClient();
    const clusters = localClusterRegistry();
    const service = EnvironmentService.fromConfig(new ConfigReader({}), {
      clusters,
      engine: new ApplyEngine(
        clusters,
        readGuardrailPolicy(new ConfigReader({})),
      ),
    });
    const name = `clean-dry-${randomBytes(3).toString('hex')}`;
    await admin.request({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: {
            'paved.dev/managed-by': 'paved',
            'paved.dev/lifecycle': 'ephemeral',
            'paved.dev/team': 'group.default.team-cleanup-test',
          },
          annotations: { 'paved.dev/expires-at': '2020-01-01T00:00:00Z' },
        },
      },
    });
    try {
      const found = await service.cleanupExpired({
        cluster: 'local',
        dryRun: true,
      });
      expect(found.map(f => f.namespace)).toContain(name);
      const ns = await admin.request<{ status: { phase: string } }>({
        path: `/api/v1/namespaces/${name}`,
      });
      expect(ns.status.phase).toBe('Active');
    } finally {
      await admin.request({
        method: 'DELETE',
        path: `/api/v1/namespaces/${name}`,
      });
    }
  });
});
