import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { ObjectEvent } from '@paved/plugin-paved-common';
import { listEvents, listPods, listWorkloads } from '@paved/plugin-paved-node';
import { fakeClusters } from '../__testUtils__/fakeClusters';
import { EventsService, MAX_EVENTS } from './EventsService';

jest.mock('@paved/plugin-paved-node', () => ({
  ...jest.requireActual('@paved/plugin-paved-node'),
  listEnvironments: jest.fn(),
  listPods: jest.fn(),
  listWorkloads: jest.fn(),
  listEvents: jest.fn(),
}));

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    annotations: { 'backstage.io/kubernetes-id': 'shop' },
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/shop' }],
};
const identity = { user: 'user:default/ann', groups: [] };

const event = (
  kind: string,
  name: string,
  reason: string,
  lastSeen: string,
  type = 'Normal',
): ObjectEvent => ({
  type,
  reason,
  message: `${reason} ${name}`,
  object: { kind, name },
  count: 1,
  lastSeen,
});

beforeEach(() => {
  jest.clearAllMocks();
  jest.mocked(listPods).mockResolvedValue([
    { name: 'shop-7d9-a', containers: ['app'] },
    { name: 'shop-7d9-b', containers: ['app'] },
  ] as any);
  jest.mocked(listWorkloads).mockResolvedValue([{ name: 'shop' }] as any);
  jest
    .mocked(listEvents)
    .mockResolvedValue([
      event('Pod', 'shop-7d9-a', 'Scheduled', '2026-11-21T10:00:01Z'),
      event('Pod', 'shop-7d9-b', 'Scheduled', '2026-11-21T10:00:02Z'),
      event(
        'ReplicaSet',
        'shop-7d9',
        'SuccessfulCreate',
        '2026-11-21T10:00:00Z',
      ),
      event('Deployment', 'shop', 'ScalingReplicaSet', '2026-11-21T09:59:59Z'),
      event('Pod', 'shop-7d9-b', 'BackOff', '2026-11-21T09:00:00Z', 'Warning'),
      event('Pod', 'cart-55f-x', 'Scheduled', '2026-11-21T10:00:03Z'),
    ]);
});

describe('EventsService', () => {
  it('answers the events about the entity’s pods, workloads and their ReplicaSets, warnings first, with their place', async () => {
    const service = new EventsService(fakeClusters({ a: ['shop-dev'] }));
    const { events, total } = await service.events(entity, identity, {});
    expect(total).toBe(4);
    expect(
      events.map(e => [e.type, e.reason, e.object.name, e.count, e.objects]),
    ).toEqual([
      ['Warning', 'BackOff', 'shop-7d9-b', 1, undefined],
      // the two pods' Scheduled events are one entry for the workload
      ['Normal', 'Scheduled', 'shop-7d9-b', 2, 2],
      ['Normal', 'SuccessfulCreate', 'shop-7d9', 1, undefined],
      ['Normal', 'ScalingReplicaSet', 'shop', 1, undefined],
    ]);
    expect(events[0]).toMatchObject({
      cluster: 'a',
      namespace: 'shop-dev',
      environment: 'dev',
    });
    expect(jest.mocked(listWorkloads)).toHaveBeenCalledWith(
      expect.objectContaining({ asUser: true }),
      {
        namespace: 'shop-dev',
        environment: 'dev',
        labelSelector: 'backstage.io/kubernetes-id=shop',
      },
    );
  });

  it('answers at most `limit` entries and how many there were', async () => {
    const service = new EventsService(
      fakeClusters({ a: ['shop-dev', 'shop-prod'] }),
    );
    const { events, total } = await service.events(entity, identity, {
      limit: 3,
    });
    expect(events).toHaveLength(3);
    expect(total).toBe(8);
    expect(MAX_EVENTS).toBe(100);
  });

  it('leaves out an environment the user may not read', async () => {
    jest
      .mocked(listEvents)
      .mockRejectedValueOnce(new NotAllowedError('denied'));
    const service = new EventsService(
      fakeClusters({ a: ['shop-dev', 'shop-prod'] }),
    );
    const { events } = await service.events(entity, identity, {});
    expect(new Set(events.map(e => e.namespace)).size).toBe(1);
  });

  it('answers nothing for an entity without a kubernetes-id', async () => {
    const service = new EventsService(fakeClusters({ a: ['shop-dev'] }));
    const bare = { ...entity, metadata: { name: 'shop' } };
    expect(await service.events(bare, identity, {})).toEqual({
      events: [],
      total: 0,
    });
    expect(jest.mocked(listEvents)).not.toHaveBeenCalled();
  });
});
