import {
  ApprovalRequestView,
  AuditEventView,
  AuditTrailPage,
  EntityPlatformOverview,
} from '../types';
import {
  agentConfirmationBodySchema,
  approvalDecisionBodySchema,
  approvalListQuerySchema,
  approvalRequestBodySchema,
} from './approvals';
import { auditEntrySchema, auditTrailQuerySchema } from './audit';
import { ComponentCost, EnvironmentCost, TeamCost, TeamsCost } from '../cost';
import { getRoute, postRoute } from './route';
import type { EntityDelivery } from './delivery';
import type { PartialClusterAnswer } from './clusters';
import {
  BudgetCheck,
  ChangePreview,
  EntityDrift,
  RevisionDiff,
  RevisionList,
  RevisionSummary,
  RevisionView,
  RollbackResult,
  budgetCheckBodySchema,
  changePreviewBodySchema,
  revisionDiffQuery,
  revisionListQuery,
  revisionRecordSchema,
  rollbackBodySchema,
} from './changes';
import {
  EntitySecrets,
  EnvironmentSecretsView,
  SecretRotationResult,
  SecretRotationView,
  SecretWriteResult,
  secretRotateBodySchema,
  secretRotationBodySchema,
  secretValuesBodySchema,
} from './secrets';
import {
  EntityDiagnosis,
  EntityEvents,
  EntityHealth,
  EntityLogs,
  EntityPodUsage,
  GoldenSignals,
  eventsQuery,
  goldenSignalsQuery,
  healthQuery,
  logFiltersQuery,
  logsQuery,
} from './observe';
import { EntityPlatformPage, platformQuery } from './platform';
import { EntityTrace, EntityTraces, traceQuery, tracesQuery } from './traces';
import { GitTargetView, gitTargetQuery } from './git';

const entity = '/entities/:namespace/:kind/:name';

/**
 * The entity routes of `/api/paved`: what the Platform tab of one catalog entity reads. Each answers only
 * for an entity the caller may see, and only about the namespaces of the entity's owner. `followLogs`
 * answers a `text/event-stream` of {@link LogFollowEvents}, not JSON.
 *
 * @public
 */
export const entityRoutes = {
  overview: getRoute<EntityPlatformOverview>()(`${entity}/overview`),
  logs: getRoute<EntityLogs>()(`${entity}/logs`, logsQuery),
  followLogs: getRoute<never>()(`${entity}/logs/follow`, logFiltersQuery),
  currentMetrics: getRoute<{ pods: EntityPodUsage[] } & PartialClusterAnswer>()(
    `${entity}/metrics/current`,
  ),
  goldenSignals: getRoute<GoldenSignals>()(
    `${entity}/metrics/golden-signals`,
    goldenSignalsQuery,
  ),
  /** Each environment of the entity at a glance (the tab's top line), over the golden signals' window. */
  health: getRoute<EntityHealth>()(`${entity}/health`, healthQuery),
  diagnoses: getRoute<
    { diagnoses: EntityDiagnosis[] } & PartialClusterAnswer
  >()(`${entity}/diagnoses`),
  events: getRoute<EntityEvents>()(`${entity}/events`, eventsQuery),
  /** Recent traces through the entity's service, from the trace store of each of its environments' clusters. */
  traces: getRoute<EntityTraces>()(`${entity}/traces`, tracesQuery),
  /** One trace through the entity's service (404 when none of its environments has it). */
  trace: getRoute<EntityTrace>()(`${entity}/traces/:traceId`, traceQuery),
  /** The entity's environments delivered by GitOps: the deployed commit and whether Flux has applied it. */
  delivery: getRoute<EntityDelivery>()(`${entity}/delivery`),
  /** The Platform tab's first paint in one answer: the overview and each card's first data, see {@link EntityPlatformPage}. */
  platform: getRoute<EntityPlatformPage>()(`${entity}/platform`, platformQuery),
};

/**
 * The cost routes of `/api/paved`: a component's, an environment's (a `Resource` entity) and a team's cost,
 * and every team's for platform admins.
 *
 * @public
 */
export const costRoutes = {
  componentCost: getRoute<ComponentCost>()(
    '/entities/:namespace/component/:name/cost',
  ),
  environmentCost: getRoute<EnvironmentCost>()(
    '/entities/:namespace/resource/:name/cost',
  ),
  teamCost: getRoute<TeamCost>()('/entities/:namespace/group/:name/cost'),
  teamsCost: getRoute<TeamsCost>()('/teams/cost'),
};

/**
 * The approval routes of `/api/paved`: changes to protected environments that a user may only propose,
 * listed for and decided by the owning team's leads.
 *
 * @public
 */
export const approvalRoutes = {
  list: getRoute<{ requests: ApprovalRequestView[] }>()(
    '/approvals',
    approvalListQuerySchema,
  ),
  get: getRoute<ApprovalRequestView>()('/approvals/:id'),
  request: postRoute<ApprovalRequestView>()(
    '/approvals',
    approvalRequestBodySchema,
    201,
  ),
  decide: postRoute<ApprovalRequestView>()(
    '/approvals/:id/decision',
    approvalDecisionBodySchema,
  ),
  /** The requester confirms (or cancels) a change an AI agent asked for on their behalf. */
  confirm: postRoute<ApprovalRequestView>()(
    '/approvals/:id/confirmation',
    agentConfirmationBodySchema,
  ),
};

/**
 * The audit trail routes of `/api/paved`: reading it (platform admins) and recording an entry (other
 * backend plugins, with service credentials).
 *
 * @public
 */
export const auditRoutes = {
  list: getRoute<AuditTrailPage>()('/audit', auditTrailQuerySchema),
  record: postRoute<AuditEventView>()('/audit/events', auditEntrySchema, 201),
};

const secret = '/environments/:cluster/:namespace/secrets/:secret';

/**
 * The secret routes of `/api/paved`: which keys an entity's environments' workloads reference and which
 * exist (never a value), setting values write-only, and rotating generated values. A developer's write to
 * a protected environment answers `requested` with the change request it made.
 *
 * @public
 */
export const secretRoutes = {
  entitySecrets: getRoute<EntitySecrets>()(`${entity}/secrets`),
  environmentSecrets: getRoute<EnvironmentSecretsView>()(
    '/environments/:cluster/:namespace/secrets',
  ),
  setValues: postRoute<SecretWriteResult>()(
    `${secret}/values`,
    secretValuesBodySchema,
  ),
  setRotation: postRoute<{ rotation?: SecretRotationView }>()(
    `${secret}/rotation`,
    secretRotationBodySchema,
  ),
  rotate: postRoute<SecretRotationResult>()(
    `${secret}/rotate`,
    secretRotateBodySchema,
  ),
};

const environment = '/environments/:cluster/:namespace';

/**
 * The change-safety routes of `/api/paved`: an entity's or environment's revisions, one revision with its
 * objects, the diff between two, a rollback to one (a change request when the caller may only propose it),
 * an entity's drift from its last revisions, recording a revision (other backend plugins, with service
 * credentials) and the budget check of a change's cost.
 *
 * @public
 */
export const revisionRoutes = {
  entityRevisions: getRoute<RevisionList>()(
    `${entity}/revisions`,
    revisionListQuery,
  ),
  entityDrift: getRoute<EntityDrift>()(`${entity}/drift`),
  environmentRevisions: getRoute<RevisionList>()(
    `${environment}/revisions`,
    revisionListQuery,
  ),
  get: getRoute<RevisionView>()(`${environment}/revisions/:revision`),
  diff: getRoute<RevisionDiff>()(
    `${environment}/revision-diff`,
    revisionDiffQuery,
  ),
  rollback: postRoute<RollbackResult>()(
    `${environment}/revisions/:revision/rollback`,
    rollbackBodySchema,
  ),
  record: postRoute<RevisionSummary>()('/revisions', revisionRecordSchema, 201),
  budgetCheck: postRoute<BudgetCheck>()(
    `${environment}/budget-check`,
    budgetCheckBodySchema,
  ),
};

/**
 * The preview routes of `/api/paved`: what a golden path's change would do in an environment (the diff, the
 * blast radius, the cost forecast and whether it needs approval), for the template's review step, and where
 * its code goes, for the Repository page. Nothing is applied.
 *
 * @public
 */
export const previewRoutes = {
  goldenPath: postRoute<ChangePreview>()(
    '/golden-paths/:goldenPath/preview',
    changePreviewBodySchema,
  ),
  /** Where a golden path's code goes: the team's repository on the git host, or the local catalog. */
  gitTarget: getRoute<GitTargetView>()(
    '/golden-paths/git-target',
    gitTargetQuery,
  ),
};
