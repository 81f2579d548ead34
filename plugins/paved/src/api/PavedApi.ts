import { createApiRef } from '@backstage/core-plugin-api';
import type { PlatformPageView } from './platformPage';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ApprovalRequestView,
  AuditTrailPage,
  ChangePreview,
  GitTargetView,
  GoldenPath,
  LogFollowSourceState,
  LogSource,
  RevisionDiff,
  RevisionList,
  RevisionView,
  RollbackResult,
  RouteBodyInput,
  RouteQueryInput,
  RouteResponse,
  SignalSeries,
  TeamsCost,
  approvalRoutes,
  auditRoutes,
  costRoutes,
  entityRoutes,
  EnvironmentSecretsView,
  SecretRotationBody,
  SecretRotationResult,
  SecretRotationView,
  SecretValuesBody,
  SecretWriteResult,
  secretRoutes,
  revisionRoutes,
  previewRoutes,
  PartialClusterAnswer,
  PlatformPartName,
} from '@paved/plugin-paved-common';

/**
 * The Paved backend as the frontend sees it. Requests and answers are the `/api/paved` contract's
 * (`@paved/plugin-paved-common`); logs and golden signals are unpacked for display.
 *
 * @public
 */
export interface PavedApi {
  /** Where the entity runs, or why nothing can be shown yet. */
  getOverview: EntityRead<typeof entityRoutes.overview>;
  /**
   * The last lines of the entity's logs, oldest first; `notice` says when only some of its containers were
   * read (too many matched the query); `unavailableClusters` names the clusters whose containers are missing.
   */
  getLogs(
    entity: CompoundEntityRef,
    query: LogQuery,
  ): Promise<
    { lines: EntityLogLine[]; notice?: string } & PartialClusterAnswer
  >;
  /**
   * Streams new log lines to `onLine` until `signal` aborts; `onSource` hears when one container's stream
   * fails (and is retried or stopped) or comes back while the others go on.
   */
  followLogs(
    entity: CompoundEntityRef,
    query: LogQuery,
    onLine: (line: EntityLogLine) => void,
    signal: AbortSignal,
    onSource?: (change: LogSourceChange) => void,
  ): Promise<void>;
  /** Current CPU and memory of the entity's pods. */
  getCurrentMetrics: EntityRead<typeof entityRoutes.currentMetrics>;
  /** Golden signals of the entity per environment over a range (`15m`, `1h`, `6h`, `24h`). */
  getGoldenSignals(
    entity: CompoundEntityRef,
    query: RouteQueryInput<typeof entityRoutes.goldenSignals>,
  ): Promise<{ series: SignalPoints[] } & PartialClusterAnswer>;
  /** Why the entity's pods or rollouts are unhealthy, with causes and fixes. */
  getDiagnoses: EntityRead<typeof entityRoutes.diagnoses>;
  /**
   * Each environment of the entity at a glance over a window (a preset `range` ending now, or `start` and
   * `end`): rollout, ready/desired, error ratio and p95 against the period before, open diagnoses, last
   * change and month-to-date cost.
   */
  getHealth: EntityRead<typeof entityRoutes.health>;
  /**
   * The Platform tab's first paint in one request: the overview, and the `parts` asked for (diagnoses,
   * events, current metrics, 1h golden signals; all when left out), each with its value or why it is left
   * out. Optional: without it each card of the tab reads its own data.
   */
  getPlatformPage?(
    entity: CompoundEntityRef,
    parts?: readonly PlatformPartName[],
  ): Promise<PlatformPageView>;
  /**
   * Events about the entity's objects, warnings first, at most `limit` (default 100) of `total`; Normal
   * events about several objects of one workload come as one entry.
   */
  getEvents: EntityRead<typeof entityRoutes.events>;
  /** The entity's environments delivered by GitOps: the applied commit and Flux's state or failure reason. */
  getDelivery: EntityRead<typeof entityRoutes.delivery>;
  /** Recent traces through the entity's service, newest first (status, duration and operation filters). */
  getTraces: EntityRead<typeof entityRoutes.traces>;
  /** One trace through the entity's service: its spans, other teams' as opaque hops. */
  getTrace(
    entity: CompoundEntityRef,
    traceId: string,
    query: RouteQueryInput<typeof entityRoutes.trace>,
  ): Promise<RouteResponse<typeof entityRoutes.trace>>;
  /** Approval requests the user may see (their teams'; every team's for platform admins). */
  listApprovals(
    query: RouteQueryInput<typeof approvalRoutes.list>,
  ): Promise<{ requests: ApprovalRequestView[] }>;
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
    /** For a request to set secret values: the value of every requested key, entered by the approver. */
    values?: Record<string, string>,
  ): Promise<ApprovalRequestView>;
  /**
   * The requester's answer to a change an AI agent asked for on their behalf: `confirm` runs it (or, in a
   * protected environment, sends it to a team lead); `cancel` withdraws it. A 409 with `body.error.review`
   * asks to confirm again with `confirm` set to its digest, as an approval does.
   */
  confirmAgentRequest(
    id: string,
    decision: 'confirm' | 'cancel',
    confirm?: string,
  ): Promise<ApprovalRequestView>;
  /** A page of the audit trail, newest first (platform admins only). */
  getAuditTrail(
    query: RouteQueryInput<typeof auditRoutes.list>,
  ): Promise<AuditTrailPage>;
  /** A component's cost this month: projection, daily trend, drivers and rightsizing suggestions. */
  getComponentCost: EntityRead<typeof costRoutes.componentCost>;
  /** A team's (group entity's) cost per environment and component, with its budget status. */
  getTeamCost: EntityRead<typeof costRoutes.teamCost>;
  /** One environment's (Resource entity's) cost per component and workload. */
  getEnvironmentCost: EntityRead<typeof costRoutes.environmentCost>;
  /** Every team's cost and budget status (platform admins only). */
  getTeamsCost(): Promise<TeamsCost>;
  /**
   * The secrets of the entity's environments (a component's, or every environment of a group's team):
   * which keys the workloads reference, which exist, who changed them and when — never a value.
   */
  getEntitySecrets: EntityRead<typeof secretRoutes.entitySecrets>;
  /** The secrets of one environment (namespace) of a cluster. */
  getEnvironmentSecrets(
    cluster: string,
    namespace: string,
  ): Promise<EnvironmentSecretsView>;
  /**
   * Sets or replaces keys of a Secret, write-only: `applied`, or `requested` with the change request a
   * team lead approves (protected environments).
   */
  setSecretValues(
    place: SecretPlace,
    body: SecretValuesBody,
  ): Promise<SecretWriteResult>;
  /** Sets (or with `every: null` stops) the rotation of a Secret's generated keys. */
  setSecretRotation(
    place: SecretPlace,
    body: SecretRotationBody,
  ): Promise<{ rotation?: SecretRotationView }>;
  /** Rotates a Secret's generated keys now and restarts the workloads that read them. */
  rotateSecret(
    place: SecretPlace,
    entityRef?: string,
  ): Promise<SecretRotationResult>;
  /**
   * The revisions of the changes Paved applied to the entity's environments, newest first, at most
   * `limit` (default 50); `more` says whether older ones exist.
   */
  getEntityRevisions: EntityRead<typeof revisionRoutes.entityRevisions>;
  /** The fields of the entity's workloads that differ from the last revision Paved applied to them. */
  getEntityDrift: EntityRead<typeof revisionRoutes.entityDrift>;
  /** The revisions of one environment (namespace) of a cluster, newest first. */
  getEnvironmentRevisions(
    environment: EnvironmentRef,
    query?: RouteQueryInput<typeof revisionRoutes.environmentRevisions>,
  ): Promise<RevisionList>;
  /** One revision with its objects and the diff its dry run showed when it was applied. */
  getRevision(revision: RevisionPlace): Promise<RevisionView>;
  /** The difference between two revisions of one environment, as a unified diff of their manifests. */
  getRevisionDiff(
    environment: EnvironmentRef,
    from: number,
    to: number,
  ): Promise<RevisionDiff>;
  /**
   * Restores a revision's objects (of `body.component` only, when given), removes objects later revisions
   * added and waits for the rollout: `applied` with the new revision, or `requested` with the change request
   * a team lead approves (protected environments). Rolling back to the newest revision re-applies it.
   */
  rollback(
    revision: RevisionPlace,
    body: RollbackBody,
  ): Promise<RollbackResult>;
  /**
   * What a golden path's change would do in an environment before anything is applied: the dry run's
   * results and diff, the blast radius, the cost forecast and whether a team lead approves it. Refusals
   * (guardrails, an invalid spec) come back as errors whose message names the field.
   */
  previewGoldenPath(
    goldenPath: GoldenPath,
    body: ChangePreviewBody,
  ): Promise<ChangePreview>;
  /**
   * Where a golden path's code goes for the form's owner and name: the team's repository on the configured
   * git host, or the local catalog and why.
   */
  getGitTarget(query: {
    owner?: string;
    name?: string;
  }): Promise<GitTargetView>;
}

/**
 * One environment: a namespace of a cluster.
 *
 * @public
 */
export interface EnvironmentRef {
  /** The cluster's name in the Kubernetes plugin's configuration. */
  cluster: string;
  /** The environment's namespace. */
  namespace: string;
}

/**
 * One revision of one environment.
 *
 * @public
 */
export interface RevisionPlace extends EnvironmentRef {
  /** The revision's number, counted from 1 in its environment. */
  revision: number;
}

/**
 * What a rollback sends: the component whose objects to restore, whether to wait for the rollout and how
 * long, and a note for the team lead when it becomes a change request.
 *
 * @public
 */
export type RollbackBody = RouteBodyInput<typeof revisionRoutes.rollback>;

/**
 * What a golden path's preview sends: the cluster and namespace of the environment, the app spec built from
 * the template's form, and the expert patches as YAML or JSON text.
 *
 * @public
 */
export type ChangePreviewBody = RouteBodyInput<typeof previewRoutes.goldenPath>;

/**
 * One Secret of one environment: the cluster, the namespace and the Secret's name.
 *
 * @public
 */
export interface SecretPlace {
  /** The cluster's name in the Kubernetes plugin's configuration. */
  cluster: string;
  /** The environment's namespace. */
  namespace: string;
  /** The Secret's name. */
  secret: string;
}

/**
 * A call of one entity route of the contract whose answer is the route's response as it is: the entity,
 * and the route's query when it has one.
 *
 * @public
 */
export type EntityRead<R> = RouteQueryInput<R> extends undefined
  ? (entity: CompoundEntityRef) => Promise<RouteResponse<R>>
  : (
      entity: CompoundEntityRef,
      query: RouteQueryInput<R>,
    ) => Promise<RouteResponse<R>>;

/**
 * Which log lines to read: the logs endpoint's query (a follow ignores `tail`).
 *
 * @public
 */
export type LogQuery = RouteQueryInput<typeof entityRoutes.logs>;

/**
 * One log line of an entity's container, with the container it came from.
 *
 * @public
 */
export interface EntityLogLine extends LogSource {
  /** The API server's timestamp (RFC 3339). */
  time: string;
  text: string;
}

/**
 * What happened to the stream of one container of a live follow, with the container it is about.
 *
 * @public
 */
export type LogSourceChange = LogFollowSourceState & { source: LogSource };

/**
 * One golden signal in one environment as points to chart: `[unix seconds, value]`, gaps left out.
 *
 * @public
 */
export interface SignalPoints extends Omit<SignalSeries, 'start' | 'values'> {
  points: Array<[number, number]>;
}

/**
 * Reference to the {@link PavedApi}.
 *
 * @public
 */
export const pavedApiRef = createApiRef<PavedApi>({ id: 'plugin.paved.api' });
