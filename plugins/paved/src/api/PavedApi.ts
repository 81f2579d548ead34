import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ApprovalRequestView,
  AuditEventView,
  EntityPlatformOverview,
  ComponentCost,
  EnvironmentCost,
  TeamCost,
  TeamsCost,
} from '@paved/plugin-paved-common';

/**
 * The Paved backend as the frontend sees it.
 *
 * @public
 */
export interface PavedApi {
  /** Where the entity runs, or why nothing can be shown yet. */
  getOverview(entity: CompoundEntityRef): Promise<EntityPlatformOverview>;
  /**
   * The last lines of the entity's logs, oldest first; `notice` says when only some of its containers were
   * read (too many matched the query).
   */
  getLogs(
    entity: CompoundEntityRef,
    query: LogQuery,
  ): Promise<{ lines: EntityLogLine[]; notice?: string }>;
  /** Streams new log lines to `onLine` until `signal` aborts. */
  followLogs(
    entity: CompoundEntityRef,
    query: LogQuery,
    onLine: (line: EntityLogLine) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** Current CPU and memory of the entity's pods. */
  getCurrentMetrics(entity: CompoundEntityRef): Promise<{ pods: PodUsage[] }>;
  /** Golden signals of the entity per environment over a range (`15m`, `1h`, `6h`, `24h`). */
  getGoldenSignals(
    entity: CompoundEntityRef,
    query: { range: string; environment?: string },
  ): Promise<{ series: SignalSeries[] }>;
  /** Why the entity's pods or rollouts are unhealthy, with causes and fixes. */
  getDiagnoses(
    entity: CompoundEntityRef,
  ): Promise<{ diagnoses: EntityDiagnosis[] }>;
  /**
   * Events about the entity's objects, warnings first, at most `limit` (default 100) of `total`; Normal
   * events about several objects of one workload come as one entry.
   */
  getEvents(
    entity: CompoundEntityRef,
    query: { environment?: string; limit?: number },
  ): Promise<{ events: EntityEvent[]; total: number }>;
  /** Approval requests the user may see (their teams'; every team's for platform admins). */
  listApprovals(query: {
    status?: ApprovalRequestView['status'];
    namespace?: string;
  }): Promise<{ requests: ApprovalRequestView[] }>;
  /**
   * Approves (which runs the change) or rejects a request. An approval whose change now differs from the
   * requested one, or removes fields, fails with a 409 `ResponseError` whose `body.error.review` is an
   * `ApprovalReview`; approving again with `confirm` set to its digest runs exactly that change.
   */
  decideApproval(
    id: string,
    decision: 'approve' | 'reject',
    comment?: string,
    confirm?: string,
  ): Promise<ApprovalRequestView>;
  /** A page of the audit trail, newest first (platform admins only). */
  getAuditTrail(query: {
    limit?: number;
    before?: string;
    namespace?: string;
    actor?: string;
  }): Promise<{ events: AuditEventView[]; nextCursor?: string }>;
  /** A component's cost this month: projection, daily trend, drivers and rightsizing suggestions. */
  getComponentCost(entity: CompoundEntityRef): Promise<ComponentCost>;
  /** A team's (group entity's) cost per environment and component, with its budget status. */
  getTeamCost(entity: CompoundEntityRef): Promise<TeamCost>;
  /** One environment's (Resource entity's) cost per component and workload. */
  getEnvironmentCost(entity: CompoundEntityRef): Promise<EnvironmentCost>;
  /** Every team's cost and budget status (platform admins only). */
  getTeamsCost(): Promise<TeamsCost>;
}

/**
 * Which log lines to read.
 *
 * @public
 */
export interface LogQuery {
  environment?: string;
  pod?: string;
  container?: string;
  search?: string;
  tail?: number;
}

/**
 * One log line of an entity's container.
 *
 * @public
 */
export interface EntityLogLine {
  time: string;
  cluster: string;
  namespace: string;
  environment: string;
  pod: string;
  container: string;
  text: string;
}

/**
 * An event about one of the entity's objects.
 *
 * @public
 */
export interface EntityEvent {
  type: string;
  reason: string;
  message: string;
  object: { kind: string; name: string };
  count: number;
  lastSeen: string;
  cluster: string;
  namespace: string;
  environment: string;
  /** How many objects the entry stands for, when more than one (then `object` is the latest of them). */
  objects?: number;
  /** The workload those objects belong to, when more than one. */
  workload?: string;
}

/**
 * Reference to the {@link PavedApi}.
 *
 * @public
 */
export const pavedApiRef = createApiRef<PavedApi>({ id: 'plugin.paved.api' });

/**
 * Current usage of one pod.
 *
 * @public
 */
export interface PodUsage {
  cluster: string;
  namespace: string;
  environment: string;
  pod: string;
  cpuMillicores: number;
  memoryBytes: number;
}

/**
 * One golden signal in one environment: `[unix seconds, value]` points.
 *
 * @public
 */
export interface SignalSeries {
  cluster: string;
  namespace: string;
  environment: string;
  signal: 'requestRate' | 'errorRatio' | 'p50' | 'p95' | 'p99';
  points: Array<[number, number]>;
}

/**
 * Why something of the entity is unhealthy, and what to do about it.
 *
 * @public
 */
export interface EntityDiagnosis {
  kind: string;
  object: { kind: string; name: string };
  container?: string;
  cause: string;
  fix: string;
  lastLogLines?: string[];
  cluster: string;
  namespace: string;
  environment: string;
}

export type {
  CostAmounts,
  CostLine,
  CostTotals,
  ResourceSuggestion,
  RightsizingSuggestion,
  CostDriver,
  ComponentCost,
  BudgetState,
  TeamBudget,
  TeamCost,
  TeamsCost,
  EnvironmentCost,
} from '@paved/plugin-paved-common';
