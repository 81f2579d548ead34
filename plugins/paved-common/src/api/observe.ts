import { z } from 'zod/v3';
import { kubernetesNameSchema } from '../names';
import type { PartialClusterAnswer } from './clusters';
import {
  MAX_QUERY_WINDOW_SECONDS,
  environmentName,
  refineWindow,
  unixSeconds,
} from './queryFields';

export { MAX_QUERY_WINDOW_SECONDS };

/** Where something of an entity lives: one environment (a Paved namespace) on one cluster. @public */
export interface EnvironmentPlace {
  cluster: string;
  namespace: string;
  environment: string;
}

/** One container of the entity that log lines come from. @public */
export interface LogSource extends EnvironmentPlace {
  pod: string;
  container: string;
}

/** A log line: `t` the API server's timestamp, `s` the index of its container in `sources`. @public */
export interface CompactLogLine {
  t: string;
  s: number;
  text: string;
}

/** The answer of the logs endpoint: each container described once, lines pointing at it by index. @public */
export interface EntityLogs extends PartialClusterAnswer {
  sources: LogSource[];
  lines: CompactLogLine[];
  /** Set when more containers matched than were read, or the read was cut short. */
  notice?: string;
}

/**
 * What happened to the stream of one container of a live log follow (`s` its index in `sources`):
 * - `retrying`: its stream failed (`message` says why, e.g. the container has not started yet or the
 *   connection was cut); it is opened again in `retryInSeconds`, from its last line on, while the other
 *   containers go on;
 * - `following`: its stream is open again after `retrying`;
 * - `stopped`: it is not followed any more (`message` says why: the pod is gone, or reading it is not
 *   allowed); the other containers go on.
 *
 * @public
 */
export type LogFollowSourceState =
  | { s: number; state: 'retrying'; message: string; retryInSeconds: number }
  | { s: number; state: 'following' }
  | { s: number; state: 'stopped'; message: string };

/**
 * The events of a live log follow (`text/event-stream`): `sources` once first (with the clusters whose
 * containers could not be listed), then a `line` each and a `source` when one container's stream fails or
 * comes back, and `error` (a limit was reached, or every container's stream stopped, in words) or `end`.
 *
 * @public
 */
export interface LogFollowEvents {
  sources: { sources: LogSource[] } & PartialClusterAnswer;
  line: CompactLogLine;
  source: LogFollowSourceState;
  error: { message: string };
  end: {};
}

/**
 * Why something is unhealthy, and what to do about it.
 *
 * @public
 */
export interface Diagnosis {
  /**
   * e.g. `crash-loop`, `oom-killed`, `image-pull`, `unschedulable`, `quota-exceeded`, `probe-failing`,
   * `rollout-stuck`; `failed-exit` (a container exited with an error code, e.g. a Job pod that does not
   * restart), `config-missing` (a Secret, ConfigMap or key the container reads is missing),
   * `container-create-failed` and `container-start-failed` (the runtime cannot create or start the
   * container), `container-waiting` (any other reason a container waits).
   */
  kind: string;
  object: { kind: string; name: string };
  container?: string;
  cause: string;
  fix: string;
  /** For crash loops and OOM kills: how many times the container was restarted. */
  restarts?: number;
  /** For OOM kills: the container's memory limit, its current use when known, and a limit to try. */
  memory?: { limit?: string; usage?: string; suggestedLimit?: string };
  /** For crash loops, OOM kills and failed exits: the last lines the crashed container wrote. */
  lastLogLines?: string[];
  /**
   * The revision that preceded the failure, when Paved applied one to the failing workload: what it changed
   * that explains the failure (e.g. `memory limit 512Mi → 256Mi`), and the revision a rollback would restore.
   */
  change?: {
    revision: number;
    at: string;
    actor: string;
    /** What the revision changed on the failing workload that bears on this diagnosis. */
    changes: string[];
    /** The revision before it, which a rollback restores. */
    rollbackTo?: number;
  };
}

/** A diagnosis with its place. @public */
export type EntityDiagnosis = Diagnosis & EnvironmentPlace;

/**
 * A Kubernetes event about one object.
 *
 * @public
 */
export interface ObjectEvent {
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  object: { kind: string; name: string };
  count: number;
  lastSeen: string;
}

/** An event with its place; Normal events about several objects of one workload are one entry. @public */
export interface EntityEvent extends ObjectEvent, EnvironmentPlace {
  /** How many objects the entry stands for, when more than one. */
  objects?: number;
  /** The workload those objects belong to, when more than one. */
  workload?: string;
}

/** The answer of the events endpoint: the newest events, and how many there were in all. @public */
export interface EntityEvents extends PartialClusterAnswer {
  events: EntityEvent[];
  total: number;
}

/** Current usage of one pod of the entity, from `metrics.k8s.io`. @public */
export interface EntityPodUsage extends EnvironmentPlace {
  pod: string;
  cpuMillicores: number;
  memoryBytes: number;
}

/** The golden signals Paved charts. @public */
export const GOLDEN_SIGNALS = [
  'requestRate',
  'errorRatio',
  'p50',
  'p95',
  'p99',
] as const;

/** One of {@link GOLDEN_SIGNALS}. @public */
export type GoldenSignal = (typeof GOLDEN_SIGNALS)[number];

/** The time ranges the golden-signals endpoint accepts. @public */
export const SIGNAL_RANGES = ['15m', '1h', '6h', '24h'] as const;

/**
 * One golden signal in one environment: the value at `start`, `start + step`, … (`null` where Prometheus
 * has no sample), rounded to 5 significant digits.
 *
 * @public
 */
export interface SignalSeries extends EnvironmentPlace {
  signal: GoldenSignal;
  /** Unix seconds of the first value (the range's start when there is none). */
  start: number;
  values: Array<number | null>;
}

/** The answer of the golden-signals endpoint: every series shares `step` (seconds). @public */
export interface GoldenSignals extends PartialClusterAnswer {
  step: number;
  series: SignalSeries[];
}

/** Which containers' logs to read (the follow endpoint's query). @public */
export const logFiltersQuery = z.object({
  environment: environmentName.optional(),
  pod: kubernetesNameSchema('pod', 'subdomain').optional(),
  container: kubernetesNameSchema('container', 'label').optional(),
  search: z.string().max(200, 'search: at most 200 characters').optional(),
});

/**
 * The logs endpoint's query. `since` and `until` (unix seconds) bound the lines to a window of the past,
 * e.g. the minute around a moment picked on a chart: the lines are then read from `since` forward, and the
 * newest `tail` of those not after `until` are answered.
 *
 * @public
 */
export const logsQuery = logFiltersQuery
  .extend({
    tail: z.coerce.number().int().min(1).max(5000).default(200),
    sinceSeconds: z.coerce.number().int().min(1).optional(),
    since: unixSeconds('since').optional(),
    until: unixSeconds('until').optional(),
    previous: z
      .enum(['true', 'false'])
      .transform(v => v === 'true')
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (q.until !== undefined && q.since === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['since'],
        message:
          "until needs since: give the window's start as since (unix seconds)",
      });
    }
    if (q.since !== undefined && q.sinceSeconds !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['sinceSeconds'],
        message:
          'give either since (unix seconds) or sinceSeconds (seconds ago), not both',
      });
    }
    if (q.since !== undefined && q.until !== undefined && q.until <= q.since) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['until'],
        message: 'until must be after since',
      });
    }
  });

/**
 * The golden-signals endpoint's query: a preset `range` ending now, or a custom window from `start` to `end`
 * (unix seconds, both or neither, at most {@link MAX_QUERY_WINDOW_SECONDS}), which then wins over `range`.
 *
 * @public
 */
export const goldenSignalsQuery = z
  .object({
    environment: environmentName.optional(),
    range: z.enum(SIGNAL_RANGES).default('1h'),
    start: unixSeconds('start').optional(),
    end: unixSeconds('end').optional(),
  })
  .superRefine(refineWindow);

/** A value now and in the period before, e.g. the error ratio of the last hour and of the hour before. @public */
export interface PeriodComparison {
  now: number | null;
  previous: number | null;
}

/**
 * One environment of an entity at a glance: the top line of the Platform tab.
 *
 * @public
 */
export interface EnvironmentHealth extends EnvironmentPlace {
  protected: boolean;
  /**
   * The rollout of the entity's workloads there: `failed` (a workload's rollout exceeded its deadline or a
   * pod crash-loops), `progressing`, `complete`, `scaled-down` (desired 0), or `none` (no workload).
   */
  rollout: 'failed' | 'progressing' | 'complete' | 'scaled-down' | 'none';
  /** Ready and desired replicas summed over the entity's workloads there. */
  ready: number;
  desired: number;
  /** Errors per request (0..1) over the range, and over the same length before it; absent without metrics. */
  errorRatio?: PeriodComparison;
  /** p95 latency in seconds, likewise. */
  p95Seconds?: PeriodComparison;
  /** Open diagnoses there, and the first one's kind, object and cause. */
  diagnoses: number;
  topDiagnosis?: Pick<Diagnosis, 'kind' | 'object' | 'cause'>;
  /** The last change Paved recorded there: who, when, and the revision once revisions exist. */
  lastChange?: {
    actor: string;
    at: string;
    revision?: number;
    action?: string;
  };
  /** Month-to-date cost, when prices are configured. */
  monthToDateCost?: { amount: number; currency: string };
}

/** The health endpoint's answer: one line per environment of the entity. @public */
export interface EntityHealth extends PartialClusterAnswer {
  /** The window the comparison covers (unix seconds). */
  window: { start: number; end: number };
  environments: EnvironmentHealth[];
  /** Parts that could not be read (e.g. Prometheus down), in words; the rest of the answer stands. */
  notices?: string[];
}

/** The health endpoint's query: the same window as the golden signals'. @public */
export const healthQuery = goldenSignalsQuery;

/** The events endpoint's query. @public */
export const eventsQuery = z.object({
  environment: environmentName.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
