import { EntityEvents } from '@paved/plugin-paved-common';
import { Entity } from '@backstage/catalog-model';
import {
  ClusterIdentity,
  ClusterRegistry,
  listEvents,
  listPods,
  listWorkloads,
  sortEvents,
} from '@paved/plugin-paved-node';
import { entityScope } from '../entity/entityScope';
import {
  EnvironmentRead,
  readEntityEnvironments,
  skipDenied,
} from '../entity/entityEnvironments';
import { UnavailableClusters } from '../entity/UnavailableClusters';
import { SummarizedEvent, summarizeEvents } from './eventSummary';

/** Most event entries answered; `total` says how many there were. */
export const MAX_EVENTS = 100;

/**
 * Events about an entity's workloads, their ReplicaSets and pods in the environments of its owning teams,
 * read as the signed-in user with namespace-scoped calls only.
 */
export class EventsService {
  constructor(private readonly clusters: ClusterRegistry) {}

  /**
   * Events about the entity's workloads, their ReplicaSets and pods: warnings first, newest first. Every
   * Warning is its own entry; Normal events with the same reason about objects of one workload (a pod
   * scheduled, a pod created — one per replica) are one entry with their summed count and the latest
   * message. At most `limit` entries; `total` says how many there were.
   */
  async events(
    entity: Entity,
    identity: ClusterIdentity,
    filters: { environment?: string; limit?: number },
  ): Promise<EntityEvents> {
    const { teams, selector } = entityScope(entity);
    if (!selector) return { events: [], total: 0 };
    const unavailable = new UnavailableClusters();
    const all = await readEntityEnvironments(
      this.clusters,
      {
        teams,
        selector,
        identity,
        environment: filters.environment,
        skip: skipDenied,
        unavailable,
      },
      eventsAbout,
    );
    const sorted = sortEvents(all);
    return {
      events: sorted.slice(0, filters.limit ?? MAX_EVENTS),
      total: sorted.length,
      ...unavailable.answer(),
    };
  }
}

/** The summarized events of one environment about the entity's pods, workloads and their ReplicaSets. */
async function eventsAbout({
  asUser,
  namespace,
  environment,
  labelSelector,
}: EnvironmentRead): Promise<SummarizedEvent[]> {
  // the namespace's events are read alongside the entity's objects and matched afterwards
  const [pods, workloads, events] = await Promise.all([
    listPods(asUser, { namespace, labelSelector }),
    listWorkloads(asUser, { namespace, environment, labelSelector }),
    listEvents(asUser, { namespace, about: () => true }),
  ]);
  const podNames = new Set(pods.map(p => p.name));
  const workloadNames = workloads.map(w => w.name);
  const about = events.filter(
    ({ object: { kind, name } }) =>
      podNames.has(name) ||
      workloadNames.includes(name) ||
      (kind === 'ReplicaSet' &&
        workloadNames.some(w => name.startsWith(`${w}-`))),
  );
  return summarizeEvents(about, workloadNames);
}
