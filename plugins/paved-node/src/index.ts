/**
 * Node library that holds all of Paved's Kubernetes I/O: which clusters exist, how to reach them as the
 * acting user, and the reads and writes the backend and the scaffolder actions share.
 *
 * @packageDocumentation
 */

// Services and seams: the shared instances (cluster registry, limits, backend client) and the points where an
// admin's instance differs (cluster supplier, auth strategies, guardrail rules, price source).
export * from './services';
export type { PavedClusterSupplier } from './cluster/ConfigClusterSupplier';
export { ConfigClusterSupplier } from './cluster/ConfigClusterSupplier';
export type { PavedAuthStrategy } from './cluster/auth/types';
export { FileTokenReader } from './cluster/auth/fileToken';
export { serviceAccountAuthStrategy } from './cluster/auth/serviceAccountStrategy';
export { oidcAuthStrategy } from './cluster/auth/oidcStrategy';
export type {
  PavedGuardrailRule,
  PavedGuardrailRuleContext,
  PavedGuardrailFinding,
} from './guardrails/rules';
export type { PavedPriceSource } from './cost/priceSource';
export { configPriceSource } from './cost/priceSource';
export { PavedBackendClient } from './backendClient/PavedBackendClient';

// Library

export * from './cluster/types';
export * from './cluster/errors';
export * from './cluster/KubernetesClient';
export * from './limits/readLimits';
export * from './limits/errors';
export * from './limits/withTimeout';
export * from './cluster/ClusterRegistry';
export * from './cluster/readClusters';
export * from './environments/listEnvironments';
export * from './workloads/listWorkloads';
export * from './workloads/componentIds';
export * from './apply/types';
export * from './apply/parseManifests';
export * from './apply/ResourceMapper';
export * from './apply/applyObjects';
export * from './apply/ApplyEngine';
export { GuardrailError } from './apply/guardrailGate';
export * from './apply/plan';
export type { RolloutWaitOptions } from './apply/waitForRollout';
export * from './cluster/labelSelector';
export * from './apply/diff';
export * from './apply/removedFields';
export * from './secrets/redact';
export * from './apply/rollout';
export * from './guardrails/types';
export * from './guardrails/readPolicy';
export * from './guardrails/checkGuardrails';
export { parseImage } from './guardrails/images';
export { KNOWN_CLUSTER_SCOPED_KINDS } from './guardrails/privileged';
export { EnvironmentService } from './environments/EnvironmentService';
export { hostRewriter } from './environments/cloneEnvironment';
export * from './environments/types';
export * from './environments/settings';
export * from './environments/environmentObjects';
export * from './environments/cloneObjects';
export * from './environments/teamLeads';
export * from './environments/expiry';
export * from './environments/access';
export * from './environments/summary';
export * from './render/renderGoldenPath';
export {
  DEFAULT_IMAGE_REGISTRY,
  GOLDEN_PATH_ANNOTATION,
  OPTIONAL_KIND_ANNOTATION,
} from './render/types';
export type { RenderOptions } from './render/types';
export * from './render/patches';
export * from './render/withoutMissingKinds';
export * from './observe/logs';
export * from './observe/events';
export * from './observe/prometheus';
export * from './observe/clusterPrometheus';
export * from './observe/podMetrics';
export {
  diagnosePods,
  diagnoseWorkloads,
  suggestMemory,
} from './observe/diagnose';
export type { PodFacts, WorkloadFacts } from './observe/diagnose';
export * from './observe/diagnoseNamespace';
export { diagnoseWorkload } from './observe/diagnoseWorkload';
export * from './cluster/identity';
// permissions
export * from './permissions/environmentRules';
export * from './permissions/authorizeEnvironment';
export * from './permissions/environmentResource';
// cost
export { HOURS_PER_MONTH, readCostPrices } from './cost/prices';
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
export { suggestRequests } from './cost/rightsizing';
export { findIdleEnvironments } from './cost/idleEnvironments';
export type {
  RightsizingOptions,
  RightsizingSuggestion,
  ResourceSuggestion,
} from './cost/rightsizing';
export type { IdleEnvironment } from './cost/idleEnvironments';
export { PrometheusCostSource } from './cost/prometheusCostSource';
export { COST_QUERIES } from './cost/costQueries';
export type { CostLoadOptions } from './cost/prometheusCostSource';
export { workloadOf, componentOf, WORKLOAD_NAME_LABEL } from './cost/workload';
export * from './observe/concurrency';
export * from './util/PromiseCache';
export * from './audit/recordMutation';
