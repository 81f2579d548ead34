/**
 * Node library that holds all of Paved's Kubernetes I/O: which clusters exist, how to reach them as the
 * acting user, and the reads and writes the backend and the scaffolder actions share.
 *
 * @packageDocumentation
 */

export * from './cluster/types';
export * from './cluster/errors';
export { KubernetesClient } from './cluster/KubernetesClient';
export type {
  KubernetesClientLimits,
  KubernetesRequest,
} from './cluster/KubernetesClient';
export { DEFAULT_PAVED_LIMITS, readPavedLimits } from './limits/readLimits';
export type { PavedLimits } from './limits/readLimits';
export { TooManyRequestsError, UpstreamTimeoutError } from './limits/errors';
export {
  withCallTimeouts,
  withCatalogTimeout,
  withTimeout,
} from './limits/withTimeout';
export { ClusterRegistry } from './cluster/ClusterRegistry';
export { readPavedClusters } from './cluster/readClusters';
export { listEnvironments } from './environments/listEnvironments';
export { listWorkloads } from './workloads/listWorkloads';
export { deployedComponentIds, hasMatchingPod } from './workloads/componentIds';
export * from './apply/types';
export {
  parseManifests,
  validateObject,
  MAX_MANIFEST_BYTES,
} from './apply/parseManifests';
export { ResourceMapper } from './apply/ResourceMapper';
export type { ResourceInfo } from './apply/ResourceMapper';
export {
  applyObjects,
  objectPath,
  PAVED_FIELD_MANAGER,
} from './apply/applyObjects';
export type { ApplyOptions } from './apply/applyObjects';
export { ApplyEngine } from './apply/ApplyEngine';
export { GuardrailError } from './apply/guardrailGate';
export type {
  ApplyPlan,
  ApplyPlanRequest,
  ApplyTarget,
  GuardrailScope,
  PlanCheck,
} from './apply/plan';
export type { RolloutWaitOptions } from './apply/waitForRollout';
export { labelSelector } from './cluster/labelSelector';
export type { LabelRequirement } from './cluster/labelSelector';
export { objectDiff, stripServerFields } from './apply/diff';
export { removedFields } from './apply/removedFields';
export {
  REDACTED,
  isSecretObject,
  redactSecret,
  redactSecretPair,
  redactSecrets,
  scrubSecretError,
  scrubSecretValues,
  secretKeyChanges,
} from './secrets/redact';
export type { SecretKeyChange } from './secrets/redact';
export { rolloutState, diagnoseWorkload, ROLLOUT_KINDS } from './apply/rollout';
export * from './guardrails/types';
export { readGuardrailPolicy } from './guardrails/readPolicy';
export {
  checkGuardrails,
  formatViolations,
} from './guardrails/checkGuardrails';
export type {
  GuardrailContext,
  TargetNamespace,
} from './guardrails/checkGuardrails';
export { parseImage } from './guardrails/images';
export { KNOWN_CLUSTER_SCOPED_KINDS } from './guardrails/privileged';
export { EnvironmentService } from './environments/EnvironmentService';
export { hostRewriter } from './environments/cloneEnvironment';
export type {
  EnvironmentClonePlan,
  EnvironmentCloneRequest,
  EnvironmentCloneRunOptions,
} from './environments/cloneEnvironment';
export type { EnvironmentCreateRequest } from './environments/createEnvironment';
export type { EnvironmentDeleteRequest } from './environments/deleteEnvironment';
export type { EnvironmentCleanupRequest } from './environments/cleanupEnvironments';
export type { EnvironmentLog } from './environments/types';
export {
  isProtectedName,
  readEnvironmentSettings,
} from './environments/settings';
export type {
  EnvironmentSettings,
  EnvironmentSize,
} from './environments/settings';
export {
  environmentObjects,
  environmentNamespace,
  validateEnvironmentSpec,
  CREATED_BY_ANNOTATION,
} from './environments/environmentObjects';
export type { EnvironmentSpec } from './environments/environmentObjects';
export {
  cloneObjects,
  CLONED_KINDS,
  PLACEHOLDER_ANNOTATION,
} from './environments/cloneObjects';
export type {
  CloneOptions,
  ClonePlan,
  SecretPolicy,
} from './environments/cloneObjects';
export { teamLeadsOf } from './environments/teamLeads';
export type { GroupLookup } from './environments/teamLeads';
export { isExpiredEnvironment } from './environments/expiry';
export type { NamespaceFacts } from './environments/expiry';
export { isPlatformAdmin, requireTeamMember } from './environments/access';
export { summarizeEnvironment } from './environments/summary';
export { renderGoldenPath } from './render/renderGoldenPath';
export {
  DEFAULT_IMAGE_REGISTRY,
  GOLDEN_PATH_ANNOTATION,
  OPTIONAL_KIND_ANNOTATION,
} from './render/types';
export type { RenderOptions } from './render/types';
export { applyAppSpecPatches, strategicMerge } from './render/patches';
export {
  withoutMissingKinds,
  kindServedBy,
} from './render/withoutMissingKinds';
export type { SkippedObject } from './render/withoutMissingKinds';
export {
  listPods,
  readLogs,
  readLogsBounded,
  followLogs,
  matchesSearch,
  parseLogLine,
} from './observe/logs';
export type {
  BoundedLogRead,
  PodContainers,
  LogLine,
  LogOptions,
} from './observe/logs';
export { listEvents, sortEvents } from './observe/events';
export type { ObjectEvent } from './observe/events';
export { PrometheusClient, fillQuery } from './observe/prometheus';
export type { PromSeries } from './observe/prometheus';
export { podUsage, cpuMillicores, memoryBytes } from './observe/podMetrics';
export type { PodUsage } from './observe/podMetrics';
export {
  diagnosePods,
  diagnoseWorkloads,
  suggestMemory,
} from './observe/diagnose';
export type { Diagnosis, PodFacts, WorkloadFacts } from './observe/diagnose';
export { diagnoseNamespace } from './observe/diagnoseNamespace';
export { clusterIdentityOf } from './cluster/identity';
// permissions
export {
  pavedEnvironmentResourceRef,
  pavedEnvironmentPermissionRules,
  pavedEnvironmentConditions,
  createPavedEnvironmentConditionalDecision,
} from './permissions/environmentRules';
export type { PavedEnvironmentQuery } from './permissions/environmentRules';
export {
  isEnvironmentAllowed,
  decideEnvironmentChange,
  requireEnvironmentPermission,
  notGrantedError,
} from './permissions/authorizeEnvironment';
export type { ChangeDecision } from './permissions/authorizeEnvironment';
export { loadEnvironmentResource } from './permissions/environmentResource';
// cost
export {
  HOURS_PER_MONTH,
  readCostPrices,
  readClusterPrices,
} from './cost/prices';
export type { CostPrices } from './cost/prices';
export type {
  PodSamples,
  VolumeInput,
  LoadBalancerInput,
  CapacitySamples,
  CostInput,
  CostBreakdown,
  CostItem,
  CostSeries,
  IdleCost,
  AllocationResult,
} from './cost/types';
export { allocateCosts } from './cost/allocation';
export type { AllocationOptions } from './cost/allocation';
export { aggregateCosts, costReports } from './cost/aggregate';
export type { CostGroup, CostReport } from './cost/aggregate';
export { costWindow, projectMonth } from './cost/costCalendar';
export { teamOf, IDLE_GROUP, UNALLOCATED_GROUP } from './cost/costGroups';
export type { CostDimension } from './cost/costGroups';
export {
  readBudgetConfig,
  budgetOfGroup,
  budgetState,
  evaluateBudgets,
  MONTHLY_BUDGET_ANNOTATION,
  DEFAULT_BUDGET_WARNING_THRESHOLD,
} from './cost/budgets';
export type {
  BudgetConfig,
  BudgetGroup,
  BudgetState,
  BudgetStatus,
} from './cost/budgets';
export { suggestRequests, findIdleEnvironments } from './cost/rightsizing';
export type {
  RightsizingOptions,
  RightsizingSuggestion,
  ResourceSuggestion,
  IdleEnvironment,
} from './cost/rightsizing';
export { PrometheusCostSource } from './cost/prometheusCostSource';
export { COST_QUERIES } from './cost/costQueries';
export type { CostLoadOptions } from './cost/prometheusCostSource';
export { workloadOf, componentOf, WORKLOAD_NAME_LABEL } from './cost/workload';
export { mapWithConcurrency } from './observe/concurrency';
export { PromiseCache } from './util/PromiseCache';
export * from './audit/recordMutation';
