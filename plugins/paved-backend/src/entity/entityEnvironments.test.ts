import { Entity } from '@backstage/catalog-model';
import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  ClusterUnavailableError,
  KubernetesClient,
  clusterCredentialsRefused,
  listEnvironments,
} from '@paved/plugin-paved-node';
import { UnavailableClusters } from './UnavailableClusters';
import { fakeClusters } from '../__testUtils__/fakeClusters';
import {
  EnvironmentRead,
  entityEnvironments,
  readEntityEnvironments,
  readEntityObjects,
  skipDenied,
  skipDeniedOrGone,
} from './entityEnvironments';

jest.mock('@paved/plugin-paved-node', () => ({
  ...jest.requireActual('@paved/plugin-paved-node'),
  listEnvironments: jest.fn(),
}));

/** Two environments on cluster `a`, one on `b`. */
const clusters = () =>
  fakeClusters({ a: ['shop-dev', 'shop-prod'], b: ['shop-stage'] });

const identity = { user: 'user:default/ann', groups: [] };
const request = {
  teams: ['group:default/shop'],
  selector: 'backstage.io/kubernetes-id=shop',
  identity,
};

describe('readEntityEnvironments', () => {
  it('reads every environment as the user and places each item found', async () => {
    const reads: EnvironmentRead[] = [];
    const found = await readEntityEnvironments(
      clusters(),
      { ...request, skip: skipDenied },
      async where => {
        reads.push(where);
        return [{ name: `${where.namespace}-pod` }];
      },
    );
    expect(found).toEqual([
      {
        name: 'shop-dev-pod',
        cluster: 'a',
        namespace: 'shop-dev',
        environment: 'dev',
      },
      {
        name: 'shop-prod-pod',
        cluster: 'a',
        namespace: 'shop-prod',
        environment: 'prod',
      },
      {
        name: 'shop-stage-pod',
        cluster: 'b',
        namespace: 'shop-stage',
        environment: 'stage',
      },
    ]);
    expect(reads.every(r => (r.asUser as any).asUser)).toBe(true);
    expect(reads.map(r => r.labelSelector)).toEqual(
      Array(3).fill('backstage.io/kubernetes-id=shop'),
    );
  });

  it('reads only the environment named by its name or namespace', async () => {
    for (const environment of ['prod', 'shop-prod']) {
      const found = await readEntityEnvironments(
        clusters(),
        { ...request, environment, skip: skipDenied },
        async where => [{ at: where.namespace }],
      );
      expect(found.map(f => f.at)).toEqual(['shop-prod']);
    }
  });

  it('leaves out the environments whose errors it skips, and fails on others', async () => {
    const read = async (where: EnvironmentRead) => {
      if (where.namespace === 'shop-dev') throw new NotAllowedError('denied');
      if (where.namespace === 'shop-stage') throw new NotFoundError('gone');
      return [{ at: where.namespace }];
    };
    await expect(
      readEntityEnvironments(
        clusters(),
        { ...request, skip: skipDenied },
        read,
      ),
    ).rejects.toThrow(NotFoundError);
    const found = await readEntityEnvironments(
      clusters(),
      { ...request, skip: skipDeniedOrGone },
      read,
    );
    expect(found.map(f => f.at)).toEqual(['shop-prod']);
  });
});

describe('readEntityObjects', () => {
  const entity = (annotations: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'shop', annotations },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/shop' }],
  });

  it('reads with the entity selector', async () => {
    const read = jest.fn(
      async (
        _client: KubernetesClient,
        options: { namespace: string; labelSelector: string },
      ) => [{ selector: options.labelSelector }],
    );
    const found = await readEntityObjects(
      clusters(),
      entity({ 'backstage.io/kubernetes-id': 'shop' }),
      identity,
      read,
    );
    expect(found).toHaveLength(3);
    expect(found[0]).toEqual({
      selector: 'backstage.io/kubernetes-id=shop',
      cluster: 'a',
      namespace: 'shop-dev',
      environment: 'dev',
    });
  });

  it('reads nothing for an entity without a kubernetes-id', async () => {
    const read = jest.fn();
    expect(
      await readEntityObjects(clusters(), entity({}), identity, read),
    ).toEqual([]);
    expect(read).not.toHaveBeenCalled();
  });
});

describe('partial answers when a cluster fails', () => {
  it('answers the other clusters and names the one that is unreachable', async () => {
    const unavailable = new UnavailableClusters();
    const found = await readEntityEnvironments(
      clusters(),
      { ...request, skip: skipDenied, unavailable },
      async where => {
        if (where.cluster === 'b') {
          throw new ServiceUnavailableError(
            'GET /api/v1/namespaces/shop-stage/pods: cluster "b" at https://b:6443 is unreachable (connect ECONNREFUSED)',
          );
        }
        return [{ at: where.namespace }];
      },
    );
    expect(found.map(f => f.at)).toEqual(['shop-dev', 'shop-prod']);
    expect(unavailable.answer()).toEqual({
      unavailableClusters: [
        {
          cluster: 'b',
          kind: 'unreachable',
          reason:
            'GET /api/v1/namespaces/shop-stage/pods: cluster "b" at https://b:6443 is unreachable (connect ECONNREFUSED)',
        },
      ],
    });
  });

  it('names a cluster whose environments cannot be listed, and fails without a collector', async () => {
    const registry = clusters();
    jest.mocked(listEnvironments).mockImplementation(async service => {
      if (service.cluster.name === 'a') {
        // the API server's timeout: a 504 ServiceUnavailableError
        throw Object.assign(
          new ServiceUnavailableError('cluster "a" did not answer'),
          { statusCode: 504 },
        );
      }
      return [
        {
          cluster: 'b',
          namespace: 'shop-stage',
          environment: 'stage',
          team: 'group:default/shop',
        } as any,
      ];
    });
    const unavailable = new UnavailableClusters();
    const found = await entityEnvironments(registry, {
      teams: request.teams,
      identity,
      unavailable,
    });
    expect(found.map(e => e.env.namespace)).toEqual(['shop-stage']);
    expect(unavailable.list()).toEqual([
      { cluster: 'a', kind: 'timeout', reason: 'cluster "a" did not answer' },
    ]);
    await expect(
      entityEnvironments(registry, { teams: request.teams, identity }),
    ).rejects.toThrow(ClusterUnavailableError);
  });

  it('names a cluster that refused Paved\u2019s credentials', async () => {
    const unavailable = new UnavailableClusters();
    await readEntityEnvironments(
      clusters(),
      { ...request, skip: skipDenied, unavailable },
      async where => {
        if (where.cluster === 'b') {
          throw clusterCredentialsRefused(
            'b',
            401,
            { message: 'Unauthorized' },
            'GET /api/v1/namespaces/shop-stage/pods',
          );
        }
        return [];
      },
    );
    expect(unavailable.list()).toEqual([
      {
        cluster: 'b',
        kind: 'forbidden',
        reason: expect.stringMatching(
          /^cluster b refused Paved's credentials \(401\): .*renew the token in paved\.clusters \(name: b\)/,
        ),
      },
    ]);
  });
});
