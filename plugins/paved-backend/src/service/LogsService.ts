import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  ClusterIdentity,
  ClusterRegistry,
  Diagnosis,
  LogLine,
  diagnoseNamespace,
  ObjectEvent,
  followLogs,
  listEvents,
  listPods,
  listWorkloads,
  matchesSearch,
  readLogs,
  sortEvents,
} from '@paved/plugin-paved-node';
import { entityScope } from './entityScope';
import { entityEnvironments } from './entityEnvironments';

/** Which containers to read. */
export interface LogFilters {
  environment?: string;
  pod?: string;
  container?: string;
}

/** One container of the entity. */
export interface LogTarget {
  cluster: string;
  namespace: string;
  environment: string;
  pod: string;
  container: string;
}

/** A log line with its place. */
export type EntityLogLine = LogLine & {
  cluster: string;
  namespace: string;
  environment: string;
};

/** A diagnosis with its place. */
export type EntityDiagnosis = Diagnosis & {
  cluster: string;
  namespace: string;
  environment: string;
};

/** An event with its place. */
export type EntityEvent = ObjectEvent & {
  cluster: string;
  namespace: string;
  environment: string;
};

/** Most containers read for one request; more is a sign the filters are missing. */
const MAX_TARGETS = 60;

/**
 * Logs and events of an entity's pods in the environments of its owning teams, read as the signed-in user
 * with namespace-scoped calls only.
 */
export class LogsService {
  constructor(private readonly clusters: ClusterRegistry) {}

  /** The containers of the entity that match the filters. */
  async targets(
    entity: Entity,
    identity: ClusterIdentity,
    filters: LogFilters,
  ): Promise<LogTarget[]> {
    const scope = entityScope(entity);
    if (!scope.selector) {
      throw new InputError(
        `${scope.entityRef} has no backstage.io/kubernetes-id annotation, so it has no pods to read logs from`,
      );
    }
    const targets: LogTarget[] = [];
    for (const { cluster, env, asUser } of await entityEnvironments(
      this.clusters,
      {
        teams: scope.teams,
        identity,
        environment: filters.environment,
      },
    )) {
      const pods = await listPods(asUser, {
        namespace: env.namespace,
        labelSelector: scope.selector,
      }).catch(error => {
        if (error instanceof NotAllowedError || error instanceof NotFoundError)
          return [];
        throw error;
      });
      for (const pod of pods.filter(
        p => !filters.pod || p.name === filters.pod,
      )) {
        for (const container of pod.containers.filter(
          c => !filters.container || c === filters.container,
        )) {
          targets.push({
            cluster,
            namespace: env.namespace,
            environment: env.environment,
            pod: pod.name,
            container,
          });
        }
      }
    }
    if (targets.length > MAX_TARGETS) {
      throw new InputError(
        `${targets.length} containers match; narrow the request with environment, pod or container (at most ${MAX_TARGETS})`,
      );
    }
    return targets;
  }

  /** The last `tail` lines across the matching containers, oldest first, optionally searched. */
  async tail(
    entity: Entity,
    identity: ClusterIdentity,
    options: LogFilters & {
      tail: number;
      sinceSeconds?: number;
      previous?: boolean;
      search?: string;
    },
  ): Promise<EntityLogLine[]> {
    const targets = await this.targets(entity, identity, options);
    const perTarget = await Promise.all(
      targets.map(async t => {
        const client = await this.clusters.client(t.cluster, identity);
        const lines = await readLogs(client, {
          namespace: t.namespace,
          pod: t.pod,
          container: t.container,
          tailLines: options.tail,
          sinceSeconds: options.sinceSeconds,
          previous: options.previous,
        }).catch(error => {
          // a container that has not started yet, or has no previous instance, has no log
          if (error instanceof InputError || error instanceof NotFoundError)
            return [];
          throw error;
        });
        return lines.map(l => ({
          ...l,
          cluster: t.cluster,
          namespace: t.namespace,
          environment: t.environment,
        }));
      }),
    );
    return perTarget
      .flat()
      .filter(l => matchesSearch(l.text, options.search))
      .sort((a, b) => a.time.localeCompare(b.time))
      .slice(-options.tail);
  }

  /** Streams new lines of the matching containers to `onLine` until `signal` aborts. */
  async follow(
    entity: Entity,
    identity: ClusterIdentity,
    options: LogFilters & {
      search?: string;
      signal: AbortSignal;
      onLine: (line: EntityLogLine) => void;
    },
  ): Promise<void> {
    const targets = await this.targets(entity, identity, options);
    await Promise.all(
      targets.map(async t => {
        const client = await this.clusters.client(t.cluster, identity);
        const lines = followLogs(client, {
          namespace: t.namespace,
          pod: t.pod,
          container: t.container,
          tailLines: 0,
          signal: options.signal,
        });
        try {
          for await (const line of lines) {
            if (matchesSearch(line.text, options.search)) {
              options.onLine({
                ...line,
                cluster: t.cluster,
                namespace: t.namespace,
                environment: t.environment,
              });
            }
          }
        } catch (error) {
          if (!options.signal.aborted) throw error;
        }
      }),
    );
  }

  /** Why the entity's pods or rollouts are unhealthy, with causes and fixes, per environment. */
  async diagnoses(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<EntityDiagnosis[]> {
    const scope = entityScope(entity);
    if (!scope.selector) return [];
    const all: EntityDiagnosis[] = [];
    for (const { cluster, env, asUser } of await entityEnvironments(
      this.clusters,
      {
        teams: scope.teams,
        identity,
      },
    )) {
      try {
        const found = await diagnoseNamespace(asUser, {
          namespace: env.namespace,
          labelSelector: scope.selector,
        });
        all.push(
          ...found.map(d => ({
            ...d,
            cluster,
            namespace: env.namespace,
            environment: env.environment,
          })),
        );
      } catch (error) {
        if (!(error instanceof NotAllowedError)) throw error;
      }
    }
    return all;
  }

  /** Events about the entity's workloads, their ReplicaSets and pods: warnings first, newest first. */
  async events(
    entity: Entity,
    identity: ClusterIdentity,
    filters: { environment?: string },
  ): Promise<EntityEvent[]> {
    const scope = entityScope(entity);
    if (!scope.selector) return [];
    const all: EntityEvent[] = [];
    for (const { cluster, env, asUser } of await entityEnvironments(
      this.clusters,
      {
        teams: scope.teams,
        identity,
        environment: filters.environment,
      },
    )) {
      try {
        const [pods, workloads] = await Promise.all([
          listPods(asUser, {
            namespace: env.namespace,
            labelSelector: scope.selector,
          }),
          listWorkloads(asUser, {
            namespace: env.namespace,
            environment: env.environment,
            labelSelector: scope.selector,
          }),
        ]);
        const podNames = new Set(pods.map(p => p.name));
        const workloadNames = workloads.map(w => w.name);
        const events = await listEvents(asUser, {
          namespace: env.namespace,
          about: (kind, name) =>
            podNames.has(name) ||
            workloadNames.includes(name) ||
            (kind === 'ReplicaSet' &&
              workloadNames.some(w => name.startsWith(`${w}-`))),
        });
        all.push(
          ...events.map(e => ({
            ...e,
            cluster,
            namespace: env.namespace,
            environment: env.environment,
          })),
        );
      } catch (error) {
        if (!(error instanceof NotAllowedError)) throw error;
      }
    }
    return sortEvents(all);
  }
}
