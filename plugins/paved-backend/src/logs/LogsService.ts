import {
  CompactLogLine,
  EntityLogs,
  LogFollowSourceState,
  LogSource,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ClusterIdentity,
  ClusterRegistry,
  ClusterUnavailableError,
  DEFAULT_PAVED_LIMITS,
  PavedLimits,
  followLogs,
  listPods,
  matchesSearch,
  readLogsBounded,
} from '@paved/plugin-paved-node';
import { entityScope } from '../entity/entityScope';
import {
  readEntityEnvironments,
  skipDeniedOrGone,
} from '../entity/entityEnvironments';
import { UnavailableClusters } from '../entity/UnavailableClusters';
import { compactLines } from './compactLines';
import { newestLines } from './logTail';
import { linesInWindow, logWindow } from './logWindow';
import { mostRelevant } from './mostRelevant';
import { LogFilters, LogSelection } from './types';
import { SharedLogReads } from './SharedLogReads';
import { followSource } from './followSource';

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

/**
 * Logs of an entity's pods in the environments of its owning teams, read as the signed-in user with
 * namespace-scoped calls only: the newest lines across containers, or new lines as they are written.
 */
export class LogsService {
  /**
   * `limits`: `paved.limits.logs`, the bytes of one container's read and of one answer; `shared`: the log
   * tails shared between users (none unless given).
   */
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly limits: PavedLimits['logs'] = DEFAULT_PAVED_LIMITS.logs,
    private readonly shared: SharedLogReads = new SharedLogReads(0),
  ) {}

  /**
   * The containers of the entity that match the filters: all of them up to {@link MAX_LOG_CONTAINERS},
   * otherwise the most relevant ({@link mostRelevant}) with a notice saying so. Clusters that cannot be
   * read are named in `unavailableClusters`.
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
    const unavailable = new UnavailableClusters();
    const found = await readEntityEnvironments(
      this.clusters,
      {
        teams: scope.teams,
        selector: scope.selector,
        identity,
        environment: filters.environment,
        skip: skipDeniedOrGone,
        unavailable,
      },
      async ({ asUser, namespace, labelSelector }) =>
        (await listPods(asUser, { namespace, labelSelector }))
          .filter(p => !filters.pod || p.name === filters.pod)
          .flatMap(pod =>
            pod.containers
              .filter(c => !filters.container || c === filters.container)
              .map(container => ({ pod, container })),
          ),
    );
    const candidates = found.map(({ pod, container, ...place }) => ({
      pod,
      target: { ...place, pod: pod.name, container },
    }));
    if (candidates.length <= MAX_LOG_CONTAINERS) {
      return {
        targets: candidates.map(c => c.target),
        ...unavailable.answer(),
      };
    }
    return {
      targets: mostRelevant(candidates, MAX_LOG_CONTAINERS).map(c => c.target),
      ...unavailable.answer(),
      notice: `${candidates.length} containers match; showing the logs of ${MAX_LOG_CONTAINERS} of them (pods in trouble first, then the newest of each environment). Choose an environment or a pod to see the others.`,
    };
  }

  /**
   * The last `tail` lines across the matching containers, oldest first, optionally searched (within each
   * container's last `max(tail, SEARCH_DEPTH)` lines, read at once). Without a search each container is
   * asked only for about its share of the lines, and asked again only when it may hold more of them.
   * A container's read stops at `paved.limits.logs.readBytes` and the answer's lines at
   * `paved.limits.logs.answerBytes` (the oldest are left out); the notice then says what was cut.
   *
   * `since` (unix seconds) reads each container from that moment on (`sinceTime`) instead of `sinceSeconds`
   * ago. With `until` too, the lines are those of a window of the past: each container is read once from
   * `since` forward (the API server cannot tail from a start), lines after `until` are dropped, and the
   * newest `tail` of the rest are answered; a read cut at its byte limit before `until` is named in the notice.
   */
  async tail(
    entity: Entity,
    identity: ClusterIdentity,
    options: LogFilters & {
      tail: number;
      sinceSeconds?: number;
      since?: number;
      until?: number;
      previous?: boolean;
      search?: string;
    },
  ): Promise<EntityLogs> {
    const selection = await this.select(entity, identity, options);
    const { targets, notice } = selection;
    const unavailable = new UnavailableClusters();
    unavailable.add(...(selection.unavailableClusters ?? []));
    const depth = options.search
      ? Math.max(options.tail, SEARCH_DEPTH)
      : options.tail;
    const { sinceTime, until } = logWindow(options);
    const cut = new Set<number>();
    const { lines: newest } = await newestLines({
      sources: targets.length,
      tail: options.tail,
      depth,
      // reading more lines of a container costs little next to asking again; a window is read once
      ...(options.search || until ? { firstAsk: depth } : {}),
      concurrency: LOG_READS,
      keep: line => matchesSearch(line.text, options.search),
      read: async (source, tailLines) => {
        const t = targets[source];
        if (unavailable.has(t.cluster)) return [];
        const client = await this.clusters.client(t.cluster, identity);
        const logRead = {
          namespace: t.namespace,
          pod: t.pod,
          container: t.container,
          ...(until ? {} : { tailLines }),
          ...(sinceTime
            ? { sinceTime }
            : { sinceSeconds: options.sinceSeconds }),
          previous: options.previous,
          limitBytes: this.limits.readBytes,
        };
        // through the fan-out: a cluster that fails leaves its containers' lines out and is named
        return this.clusters.fanOut
          .call(t.cluster, () =>
            this.shared.read(t.cluster, identity, logRead, () =>
              readLogsBounded(client, logRead),
            ),
          )
          .then(
            read => {
              const kept = until
                ? linesInWindow(read, until, tailLines)
                : { lines: read.lines, cut: read.truncated };
              if (kept.cut) cut.add(source);
              else cut.delete(source);
              return kept.lines;
            },
            error => {
              if (error instanceof ClusterUnavailableError) {
                unavailable.add(error.unavailable);
                return [];
              }
              // a container that has not started yet, or has no previous instance, has no log
              if (
                isErrorNamed(error, 'InputError') ||
                isErrorNamed(error, 'NotFoundError')
              )
                return [];
              throw error;
            },
          );
      },
    });
    const notices = notice ? [notice] : [];
    for (const source of cut) {
      const t = targets[source];
      const where = `${t.namespace}/${t.pod}/${t.container}`;
      notices.push(
        until
          ? `The log of ${where} was cut at ${this.limits.readBytes} bytes (paved.limits.logs.readBytes) before the window's end (${until}), so its later lines in the window are missing; choose a shorter window.`
          : `The log of ${where} was cut at ${this.limits.readBytes} bytes (paved.limits.logs.readBytes), so its newest lines asked for are missing; ask for fewer lines or choose that pod.`,
      );
    }
    // the answer keeps its newest lines within the answer's byte limit
    const { sources, lines, leftOut } = compactLines(
      newest,
      targets,
      this.limits.answerBytes,
    );
    if (leftOut > 0) {
      notices.push(
        `${leftOut} older lines are left out: the answer holds at most ${this.limits.answerBytes} bytes of log lines (paved.limits.logs.answerBytes); ask for fewer lines or choose an environment or a pod.`,
      );
    }
    return {
      sources,
      lines,
      ...(notices.length > 0 ? { notice: notices.join(' ') } : {}),
      ...unavailable.answer(),
    };
  }

  /**
   * Streams new lines of `targets` (from {@link LogsService.select}) to `onLine` until `signal` aborts or
   * every container's stream ended; a line's `s` is the index of its container in `targets`. A container
   * whose stream fails is opened again (see {@link followSource}) or stopped while the others go on, and
   * `onSource` says so. Fails, with the first container's reason, only when every container was stopped.
   */
  async follow(
    identity: ClusterIdentity,
    targets: LogSource[],
    options: {
      search?: string;
      signal: AbortSignal;
      onLine: (line: CompactLogLine) => void;
      onSource?: (state: LogFollowSourceState) => void;
      /** Seconds before the `attempt`th retry of a failed stream; see {@link followSource}. */
      retryInSeconds?: (attempt: number) => number;
    },
  ): Promise<void> {
    const startedAt = new Date().toISOString();
    const results = await Promise.all(
      targets.map(async (t, s) => {
        const client = await this.clusters.client(t.cluster, identity);
        return followSource({
          open: (sinceTime, onConnected) =>
            followLogs(
              client,
              {
                namespace: t.namespace,
                pod: t.pod,
                container: t.container,
                ...(sinceTime ? { sinceTime } : { tailLines: 0 }),
                signal: options.signal,
              },
              onConnected,
            ),
          startedAt,
          signal: options.signal,
          retryInSeconds: options.retryInSeconds,
          onLine: line => {
            if (matchesSearch(line.text, options.search)) {
              options.onLine({ t: line.time, s, text: line.text });
            }
          },
          onState: state => options.onSource?.({ ...state, s }),
        });
      }),
    );
    const stopped = results.map(r => r.stopped);
    if (stopped.length > 0 && stopped.every(Boolean)) throw stopped[0];
  }
}
