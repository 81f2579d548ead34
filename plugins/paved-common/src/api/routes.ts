import {
  ApprovalRequestView,
  AuditEventView,
  AuditTrailPage,
  EntityPlatformOverview,
} from '../types';
import {
  approvalDecisionBodySchema,
  approvalListQuerySchema,
  approvalRequestBodySchema,
} from './approvals';
import { auditEntrySchema, auditTrailQuerySchema } from './audit';
import { ComponentCost, EnvironmentCost, TeamCost, TeamsCost } from '../cost';
import { defineRoute } from './route';
import {
  EntityDiagnosis,
  EntityEvents,
  EntityLogs,
  EntityPodUsage,
  GoldenSignals,
  eventsQuery,
  goldenSignalsQuery,
  logFiltersQuery,
  logsQuery,
} from './observe';

const entity = '/entities/:namespace/:kind/:name';

/**
 * The entity routes of `/api/paved`: what the Platform tab of one catalog entity reads. Each answers only
 * for an entity the caller may see, and only about the namespaces of the entity's owner.
 *
 * @public
 */
export const entityRoutes = {
  overview: defineRoute<EntityPlatformOverview>()({
    method: 'GET',
    path: `${entity}/overview`,
  }),
  logs: defineRoute<EntityLogs>()({
    method: 'GET',
    path: `${entity}/logs`,
    query: logsQuery,
  }),
  /** A `text/event-stream` of {@link LogFollowEvents}, not JSON. */
  followLogs: defineRoute<never>()({
    method: 'GET',
    path: `${entity}/logs/follow`,
    query: logFiltersQuery,
  }),
  currentMetrics: defineRoute<{ pods: EntityPodUsage[] }>()({
    method: 'GET',
    path: `${entity}/metrics/current`,
  }),
  goldenSignals: defineRoute<GoldenSignals>()({
    method: 'GET',
    path: `${entity}/metrics/golden-signals`,
    query: goldenSignalsQuery,
  }),
  diagnoses: defineRoute<{ diagnoses: EntityDiagnosis[] }>()({
    method: 'GET',
    path: `${entity}/diagnoses`,
  }),
  events: defineRoute<EntityEvents>()({
    method: 'GET',
    path: `${entity}/events`,
    query: eventsQuery,
  }),
};

/**
 * The cost routes of `/api/paved`: a component's, an environment's (a `Resource` entity) and a team's cost,
 * and every team's for platform admins.
 *
 * @public
 */
export const costRoutes = {
  componentCost: defineRoute<ComponentCost>()({
    method: 'GET',
    path: '/entities/:namespace/component/:name/cost',
  }),
  environmentCost: defineRoute<EnvironmentCost>()({
    method: 'GET',
    path: '/entities/:namespace/resource/:name/cost',
  }),
  teamCost: defineRoute<TeamCost>()({
    method: 'GET',
    path: '/entities/:namespace/group/:name/cost',
  }),
  teamsCost: defineRoute<TeamsCost>()({
    method: 'GET',
    path: '/teams/cost',
  }),
};

/**
 * The approval routes of `/api/paved`: changes to protected environments that a user may only propose,
 * listed for and decided by the owning team's leads.
 *
 * @public
 */
export const approvalRoutes = {
  list: defineRoute<{ requests: ApprovalRequestView[] }>()({
    method: 'GET',
    path: '/approvals',
    query: approvalListQuerySchema,
  }),
  get: defineRoute<ApprovalRequestView>()({
    method: 'GET',
    path: '/approvals/:id',
  }),
  request: defineRoute<ApprovalRequestView>()({
    method: 'POST',
    path: '/approvals',
    body: approvalRequestBodySchema,
    status: 201,
  }),
  decide: defineRoute<ApprovalRequestView>()({
    method: 'POST',
    path: '/approvals/:id/decision',
    body: approvalDecisionBodySchema,
  }),
};

/**
 * The audit trail routes of `/api/paved`: reading it (platform admins) and recording an entry (other
 * backend plugins, with service credentials).
 *
 * @public
 */
export const auditRoutes = {
  list: defineRoute<AuditTrailPage>()({
    method: 'GET',
    path: '/audit',
    query: auditTrailQuerySchema,
  }),
  record: defineRoute<AuditEventView>()({
    method: 'POST',
    path: '/audit/events',
    body: auditEntrySchema,
    status: 201,
  }),
};
