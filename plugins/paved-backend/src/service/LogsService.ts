import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  ClusterIdentity,
  ClusterRegistry,
  DEFAULT_PAVED_LIMITS,
  Diagnosis,
  PavedLimits,
  diagnoseNamespace,
  PodContainers,
  followLogs,
  listEvents,
  listPods,
  listWorkloads,
  matchesSearch,
  readLogsBounded,
  sortEvents,
} from '@paved/plugin-paved-node';
import { entityScope } from './entityScope';
import { entityEnvironments, forEachEnvironment } from './entityEnvironments';
import { newestLines } from './logTail';
import { SummarizedEvent, summarizeEvents } from './eventSummary';

/** Which containers to read. */
export interface LogFilters {
  environment?: string;
  pod?: string;
  container?: string;
}

/** Where log lines come from: one container of the entity. */
export interface LogSource {
  cluster: string;
  namespace: string;
  environment: string;
  pod: string;
  container: string;
}

/** One container of the entity. */
export type LogTarget = LogSource;

/** The containers to read for a request, and why not all of them when there are too many. */
export interface LogSelection {
  targets: LogTarget[];
  /** Set when more containers matched than are read. */
  notice?: string;
}

/** A log line: `t` the API server's timestamp, `s` the index of its container in `sources`. */
export interface CompactLogLine {
  t: string;
  s: number;
  text: string;
}

/** The answer of the logs endpoint: each container described once, lines pointing at it. */
export interface EntityLogs {
  sources: LogSource[];
  lines: CompactLogLine[];
  notice?: string;
}

/** A diagnosis with its place. */
export type EntityDiagnosis = Diagnosis & {
  cluster: string;
  namespace: string;
  environment: string;
};

/** An event with its place; Normal events about several objects of one workload are one entry. */
export type EntityEvent = SummarizedEvent & {
  cluster: string;
  namespace: string;
  environment: string;
};

/**
 * Most containers read for one request; beyond it the most relevant are read, and the answer says so. Every
 * container read is one request through the API server to the node (a few milliseconds each, whatever the
 * number of lines), so this bounds what one request of the Logs card costs.
 */
export const MAX_LOG_CONTAINERS = 30;
/** Containers read at once. */
const LOG_READS = MAX_LOG_CONTAINERS;
/**
 * Lines of each container a search looks through at least (more when more lines are asked for): a search
 * finds matches in a container's recent past even when the answer is a screenful.
 */
export const SEARCH_DEPTH = 300;
/** Most event entries answered; `total` says how many there were. */
export const MAX_EVENTS = 100;

/**
 * How much a pod's log is likely wanted, lowest first: pods in trouble (not ready, restarted, failed),
 * then healthy running ones, then finished ones, then pods that have not started (no log yet).
 */
function relevance(pod: PodContainers): number {
  const troubled = pod.ready === false || (pod.restarts ?? 0) > 0;
  if (pod.phase === 'Failed' || (pod.phase === 'Running' && troubled)) return 0;
  if (pod.phase === 'Running') return 1;
  if (pod.phase === 'Succeeded') return 2;
  return 3;
}

interface Candidate {
  pod: PodContainers;
  target: LogTarget;
}

/**
 * The `max` containers most worth reading: those of pods in trouble first; then running pods, then finished
 * ones, then ones that have not started — within each, taking the environments in turn so that each is
 * represented, each environment's next newest.
 */
export function mostRelevant<C extends Candidate>(
  candidates: C[],
  max: number,
): C[] {
  const newest = (a: C, b: C) =>
    (b.pod.created ?? '').localeCompare(a.pod.created ?? '') ||
    a.target.pod.localeCompare(b.target.pod) ||
    a.target.container.localeCompare(b.target.container);
  const chosen: C[] = [];
  for (const tier of [0, 1, 2, 3]) {
    const inTier = candidates.filter(c => relevance(c.pod) === tier);
    if (tier === 0) {
      chosen.push(...inTier.sort(newest).slice(0, max - chosen.length));
      continue;
    }
    const byEnvironment = new Map<string, C[]>();
    for (const c of inTier) {
      const key = `${c.target.cluster}/${c.target.namespace}`;
      const queue = byEnvironment.get(key) ?? [];
      queue.push(c);
      byEnvironment.set(key, queue);
    }
    const queues = [...byEnvironment.values()].map(q => q.sort(newest));
    while (chosen.length < max && queues.some(q => q.length > 0)) {
      for (const queue of queues) {
        const next = queue.shift();
        if (next && chosen.length < max) chosen.push(next);
      }
    }
  }
  return chosen;
}

/**
 * Logs and events of an entity's pods in the environments of its owning teams, read as the signed-in user
 * with namespace-scoped calls only.
 */
export class LogsService {
  /** `limits`: `paved.limits.logs`, the bytes of one container's read and of one answer. */
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly limits: PavedLimits['logs'] = DEFAULT_PAVED_LIMITS.logs,
  ) {}

  /**
   * The containers of the entity that match the filters: all of them up to {@link MAX_LOG_CONTAINERS},
   * otherwise the most relevant ({@link mostRelevant}) with a notice saying so.
   */
  async select(
    entity: Entity,
    identity: ClusterIdentity,
    filters: LogFilters,
  ): Promise<LogSelection> {
    const scope = entityScope(entity);
    if (!scope.selector) {
      throw new InputError(
        `${scope.entityRef} has no backstage.io/kubernetes-id annotation, so it has no pods to read logs from`,
      );
    }
    const environments = await entityEnvironments(this.clusters, {
      teams: scope.teams,
      identity,
      environment: filters.environment,
    });
    const candidates = await forEachEnvironment(
      environments,
      async ({ cluster, env, asUser }) => {
        const pods = await listPods(asUser, {
          namespace: env.namespace,
          labelSelector: scope.selector!,
        });
        return pods
          .filter(p => !filters.pod || p.name === filters.pod)
          .flatMap(pod =>
            pod.containers
              .filter(c => !filters.container || c === filters.container)
              .map(container => ({
                pod,
                target: {
                  cluster,
                  namespace: env.namespace,
                  environment: env.environment,
                  pod: pod.name,
                  container,
                },
              })),
          );
      },
      {
        skip: error =>
          error instanceof NotAllowedError || error instanceof NotFoundError,
      },
    );
    if (candidates.length <= MAX_LOG_CONTAINERS) {
      return { targets: candidates.map(c => c.target) };
    }
    return {
      targets: mostRelevant(candidates, MAX_LOG_CONTAINERS).map(c => c.target),
      notice: `${candidates.length} containers match; showing the logs of ${MAX_LOG_CONTAINERS} of them (pods in trouble first, then the newest of each environment). Choose an environment or a pod to see the others.`,
    };
  }

  /**
   * The last `tail` lines across the matching containers, oldest first, optionally searched (within each
   * container's last `max(tail, SEARCH_DEPTH)` lines, read at once). Without a search each container is
   * asked only for about its share of the lines, and asked again only when it may hold more of them.
   * A container's read stops at `paved.limits.logs.readBytes` and the answer's lines at
   * `paved.limits.logs.answerBytes` (the oldest are left out); the notice then says what was cut.
   */
  async tail(
    entity: Entity,
    identity: ClusterIdentity,
    options: LogFilters & {
      tail: number;
      sinceSeconds?: number;
      previous?: boolean;
      search?: string;
    },
  ): Promise<EntityLogs> {
    const { targets, notice } = await this.select(entity, identity, options);
    const depth = options.search
      ? Math.max(options.tail, SEARCH_DEPTH)
      : options.tail;
    const cut = new Set<number>();
    const { lines: newest } = await newestLines({
      sources: targets.length,
      tail: options.tail,
      depth,
      // reading more lines of a container costs little next to asking again
      ...(options.search ? { firstAsk: depth } : {}),
      concurrency: LOG_READS,
      keep: line => matchesSearch(line.text, options.search),
      read: async (source, tailLines) => {
        const t = targets[source];
        const client = await this.clusters.client(t.cluster, identity);
        return readLogsBounded(client, {
          namespace: t.namespace,
          pod: t.pod,
          container: t.container,
          tailLines,
          sinceSeconds: options.sinceSeconds,
          previous: options.previous,
          limitBytes: this.limits.readBytes,
        }).then(
          read => {
            if (read.truncated) cut.add(source);
            else cut.delete(source);
            return read.lines;
          },
          error => {
            // a container that has not started yet, or has no previous instance, has no log
            if (error instanceof InputError || error instanceof NotFoundError)
              return [];
            throw error;
          },
        );
      },
    });
    const notices = notice ? [notice] : [];
    for (const source of cut) {
      const t = targets[source];
      notices.push(
        `The log of ${t.namespace}/${t.pod}/${t.container} was cut at ${this.limits.readBytes} bytes (paved.limits.logs.readBytes), so its newest lines asked for are missing; ask for fewer lines or choose that pod.`,
      );
    }
    // the answer keeps its newest lines within the answer's byte limit
    let bytes = 0;
    let first = newest.length;
    while (first > 0) {
      bytes += Buffer.byteLength(newest[first - 1].line.text);
      if (bytes > this.limits.answerBytes) break;
      first -= 1;
    }
    if (first > 0) {
      notices.push(
        `${first} older lines are left out: the answer holds at most ${this.limits.answerBytes} bytes of log lines (paved.limits.logs.answerBytes); ask for fewer lines or choose an environment or a pod.`,
      );
    }
    const lines = newest.slice(first);
    // only the containers the answer has lines of, numbered in order of their first line
    const index = new Map<number, number>();
    const sources: LogSource[] = [];
    const compact = lines.map(({ line, source }) => {
      let s = index.get(source);
      if (s === undefined) {
        s = sources.length;
        index.set(source, s);
        sources.push(targets[source]);
      }
      return { t: line.time, s, text: line.text };
    });
    return {
      sources,
      lines: compact,
      ...(notices.length > 0 ? { notice: notices.join(' ') } : {}),
    };
  }

  /**
   * Streams new lines of `targets` (from {@link LogsService.select}) to `onLine` until `signal` aborts;
   * a line's `s` is the index of its container in `targets`.
   */
  async follow(
    identity: ClusterIdentity,
    targets: LogTarget[],
    options: {
      search?: string;
      signal: AbortSignal;
      onLine: (line: CompactLogLine) => void;
    },
  ): Promise<void> {
    await Promise.all(
      targets.map(async (t, s) => {
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
              options.onLine({ t: line.time, s, text: line.text });
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
    const environments = await entityEnvironments(this.clusters, {
      teams: scope.teams,
      identity,
    });
    return forEachEnvironment(
      environments,
      async ({ cluster, env, asUser }) => {
        const found = await diagnoseNamespace(asUser, {
          namespace: env.namespace,
          labelSelector: scope.selector!,
        });
        return found.map(d => ({
          ...d,
          cluster,
          namespace: env.namespace,
          environment: env.environment,
        }));
      },
      { skip: error => error instanceof NotAllowedError },
    );
  }

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
  ): Promise<{ events: EntityEvent[]; total: number }> {
    const scope = entityScope(entity);
    if (!scope.selector) return { events: [], total: 0 };
    const environments = await entityEnvironments(this.clusters, {
      teams: scope.teams,
      identity,
      environment: filters.environment,
    });
    const all = await forEachEnvironment(
      environments,
      async ({ cluster, env, asUser }) => {
        // the namespace's events are read alongside the entity's objects and matched afterwards
        const [pods, workloads, events] = await Promise.all([
          listPods(asUser, {
            namespace: env.namespace,
            labelSelector: scope.selector!,
          }),
          listWorkloads(asUser, {
            namespace: env.namespace,
            environment: env.environment,
            labelSelector: scope.selector!,
          }),
          listEvents(asUser, {
            namespace: env.namespace,
            about: () => true,
          }),
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
        return summarizeEvents(about, workloadNames).map(e => ({
          ...e,
          cluster,
          namespace: env.namespace,
          environment: env.environment,
        }));
      },
      { skip: error => error instanceof NotAllowedError },
    );
    const sorted = sortEvents(all);
    return {
      events: sorted.slice(0, filters.limit ?? MAX_EVENTS),
      total: sorted.length,
    };
  }
}
