/**
 * Node library that holds all of Paved's Kubernetes I/O: which clusters exist, how to reach them as the
 * acting user, and the reads and writes the backend and the scaffolder actions share.
 *
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------------------------------------
// Services and seams. Shared instances every Paved plugin and module depends on (one cluster registry, one
// parse of paved.limits, the backend client), and the points an admin replaces or extends from their
// backend with `backend.add(...)`: cluster supplier, auth strategies, guardrail rules (root services, shared
// across plugins) and the paved plugin's price source (an extension point).
// ---------------------------------------------------------------------------------------------------------
export {
  pavedAuthStrategiesServiceRef,
  pavedBackendClientServiceRef,
  pavedClusterSupplierServiceRef,
  pavedClustersServiceRef,
  pavedGuardrailRulesServiceRef,
  pavedLimitsServiceRef,
  pavedPriceSourceExtensionPoint,
} from './services';
export type { PavedPriceSourceExtensionPoint } from './services';
export {
  AGENT_CLIENT_HEADER,
  agentClientName,
  currentAgentClient,
  runWithAgentClient,
} from './agents/agentClient';
export { ConfigClusterSupplier } from './cluster/ConfigClusterSupplier';
export type { PavedClusterSupplier } from './cluster/ConfigClusterSupplier';
export type { PavedAuthStrategy } from './cluster/auth/types';
export { FileTokenReader } from './cluster/auth/fileToken';
export type {
  PavedGuardrailFinding,
  PavedGuardrailRule,
  PavedGuardrailRuleContext,
} from './guardrails/rules';
export { configPriceSource } from './cost/priceSource';
export type { PavedPriceSource } from './cost/priceSource';
export { PavedBackendClient } from './backendClient/PavedBackendClient';

// Clusters and limits
export { ClusterRegistry } from './cluster/ClusterRegistry';
export type { ClusterIdentity, PavedCluster } from './cluster/types';
export { KubernetesClient } from './cluster/KubernetesClient';
export type {
  KubernetesClientLimits,
  KubernetesCredentialSource,
  KubernetesRequest,
} from './cluster/KubernetesClient';
export { clusterIdentityOf } from './cluster/identity';
export { mayHaveTakenEffect } from './cluster/KubernetesClient';
export {
  isIdempotentRequest,
  isRetryable,
  parseRetryAfter,
} from './cluster/retry';
export type { AttemptFailure, KubernetesRetryPolicy } from './cluster/retry';
export { ClusterCircuitBreaker } from './cluster/CircuitBreaker';
export type {
  CircuitBreakerOptions,
  CircuitDecision,
  CircuitState,
} from './cluster/CircuitBreaker';
export { ClusterFanOut } from './cluster/ClusterFanOut';
export type {
  ClusterFanOutLimits,
  ClusterFanOutResult,
} from './cluster/ClusterFanOut';
export {
  ClusterUnavailableError,
  classifyClusterFailure,
  prometheusUnavailable,
  traceStoreUnavailable,
} from './cluster/unavailable';
export {
  clusterCredentialsRefused,
  credentialsRefusedBy,
} from './cluster/errors';
export type { KubernetesStatus } from './cluster/errors';
export { labelSelector } from './cluster/labelSelector';
export type {
  LabelRequirement,
  NamespacedSelection,
} from './cluster/labelSelector';
export { DEFAULT_PAVED_LIMITS, readPavedLimits } from './limits/readLimits';
export type { PavedLimits } from './limits/readLimits';
export { TooManyRequestsError } from './limits/errors';
export { withCallTimeouts, withCatalogTimeout } from './limits/withTimeout';

// Applying changes
export { ApplyEngine } from './apply/ApplyEngine';
export type {
  ApplyPlan,
  ApplyPlanRequest,
  ApplyTarget,
  GuardrailScope,
  PlanCheck,
} from './apply/plan';
export type {
  AppliedObject,
  ApplyOutcome,
  KubernetesObject,
  SourcedObject,
} from './apply/types';
export type { RolloutWaitOptions } from './apply/waitForRollout';
export { parseManifests, validateObject } from './apply/parseManifests';
export { ResourceMapper } from './apply/ResourceMapper';
export type { ResourceInfo } from './apply/ResourceMapper';
export { applyObjects, objectPath } from './apply/applyObjects';
export type { ApplyOptions, ApplyResult } from './apply/applyObjects';
export {
  PartialApplyError,
  isPartialApplyError,
  partialApplyDetails,
} from './apply/PartialApplyError';
export type {
  FailedObject,
  ObjectRef,
  PartialApplyReport,
} from './apply/PartialApplyError';
export { readGuardrailPolicy } from './guardrails/readPolicy';
export { removedFields } from './apply/removedFields';
export { redactSecrets } from './secrets/redact';
export {
  SecretService,
  type SecretManager,
  type SecretManagerWrite,
  type SecretRotationOutcome,
  type SecretStoreKind,
} from './secrets/SecretService';
export { secretReferences, type SecretReference } from './secrets/references';
export type { MissingSecretKey } from './secrets/checkReferences';
export {
  VaultClient,
  readVaultConfig,
  type VaultClientOptions,
  type VaultConfig,
} from './secrets/vault';
export {
  VaultSecretManager,
  type VaultSyncSettings,
} from './secrets/vault/VaultSecretManager';
export { readVaultSync } from './secrets/vault/readVaultSync';
export {
  POD_TEMPLATE_KINDS,
  listPodTemplateWorkloads,
  workloadPath,
  type PodTemplateKind,
} from './workloads/podTemplateWorkloads';
export type { SecretInventoryEntry } from './secrets/inventory';
export {
  durationMs,
  nextRotation,
  type SecretKeyChange,
  type SecretRotationSchedule,
} from './secrets/secretMetadata';
export { DEFAULT_FORBIDDEN_KINDS } from './guardrails/types';
export type { GuardrailPolicy } from './guardrails/types';
export { renderGoldenPath } from './render/renderGoldenPath';
export {
  APP_SPEC_API_VERSION,
  APP_SPEC_KIND,
  appSpecDocument,
  parseAppSpecDocument,
} from './render/appSpecDocument';
export type { RenderOptions } from './render/types';
export { DEFAULT_OTLP_ENDPOINT } from './render/types';

// Environments, workloads and permissions
export { EnvironmentService } from './environments/EnvironmentService';
export {
  INCOMPLETE_LABEL,
  INCOMPLETE_UNTIL_ANNOTATION,
  isAbandonedEnvironment,
} from './environments/incomplete';
export type { NamespaceFacts } from './environments/expiry';
export type {
  EnvironmentCleanupReason,
  EnvironmentCleanupRequest,
  EnvironmentClonePlan,
  EnvironmentCloneRequest,
  EnvironmentCloneRunOptions,
  EnvironmentCreateRequest,
  EnvironmentDeleteRequest,
  EnvironmentLog,
  EnvironmentRequest,
} from './environments/types';
export { readEnvironmentSettings } from './environments/settings';
export type {
  EnvironmentSettings,
  EnvironmentSize,
} from './environments/settings';
export type { EnvironmentSpec } from './environments/environmentObjects';
export type { ImageOverride, SecretPolicy } from './environments/cloneObjects';
export { teamLeadsOf } from './environments/teamLeads';
export type { GroupLookup } from './environments/teamLeads';
export { isPlatformAdmin } from './environments/access';
export { listEnvironments } from './environments/listEnvironments';
export { listWorkloads } from './workloads/listWorkloads';
export { deployedComponentIds, hasMatchingPod } from './workloads/componentIds';
export {
  createPavedEnvironmentConditionalDecision,
  pavedEnvironmentConditions,
  pavedEnvironmentPermissionRules,
  pavedEnvironmentResourceRef,
} from './permissions/environmentRules';
export type { PavedEnvironmentQuery } from './permissions/environmentRules';
export {
  decideEnvironmentChange,
  decideForNamespaces,
  describeEnvironment,
  isEnvironmentAllowed,
  isPlatformAdminCaller,
  notGrantedError,
  requireEnvironmentPermission,
} from './permissions/authorizeEnvironment';
export type {
  ChangeDecision,
  EnvironmentPermissionCheck,
} from './permissions/authorizeEnvironment';
export { loadEnvironmentResource } from './permissions/environmentResource';
export { recordMutation, recordMutationOutcome } from './audit/recordMutation';
export type {
  AuditTrail,
  MutationAuditDeps,
  MutationDescription,
  MutationResultSummary,
} from './audit/recordMutation';

// Observing: logs, events, metrics, diagnoses
export {
  followLogs,
  listPods,
  matchesSearch,
  readLogsBounded,
} from './observe/logs';
export type {
  BoundedLogRead,
  LogLine,
  LogOptions,
  PodContainers,
} from './observe/logs';
export { listEvents, sortEvents } from './observe/events';
export { PrometheusClient, fillQuery } from './observe/prometheus';
export type { PromSeries } from './observe/prometheus';
export { clusterPrometheusClients } from './observe/clusterPrometheus';
export { JaegerClient } from './traces/JaegerClient';
export type { TraceSearch } from './traces/JaegerClient';
export type { StoredSpan, StoredTrace } from './traces/storedTrace';
export { clusterTraceStores } from './traces/clusterTraceStores';
export { cpuMillicores, memoryBytes, podUsage } from './observe/podMetrics';
export type { PodUsage } from './observe/podMetrics';
export { diagnoseNamespace } from './observe/diagnoseNamespace';
export { mapWithConcurrency } from './observe/concurrency';
// Live updates: watches of a namespace's pods, and selectors matched in memory
export { watchObjects, WatchExpiredError } from './cluster/watch';
export type { WatchEvent, WatchRequest } from './cluster/watch';
export { compileLabelSelector } from './cluster/selectorMatch';
export type { LabelMatcher } from './cluster/selectorMatch';
export { PodWatch } from './observe/PodWatch';
export type {
  PodWatchChange,
  PodWatchLimits,
  PodWatchOptions,
} from './observe/PodWatch';
export { isPodReady, podLiveState, podWorkload } from './observe/podLiveState';
export type {
  WatchedPod,
  WatchedContainerStatus,
} from './observe/podLiveState';
export { PromiseCache } from './util/PromiseCache';
export { SingleFlight } from './util/SingleFlight';

// Cost
export type { CostPrices } from './cost/prices';
export type {
  AllocationResult,
  CapacitySamples,
  CostBreakdown,
  CostInput,
  CostItem,
  CostSeries,
  IdleCost,
  LoadBalancerInput,
  PodSamples,
  VolumeInput,
} from './cost/types';
export { allocateCosts } from './cost/allocation';
export type { AllocationOptions } from './cost/allocation';
export { costReports } from './cost/aggregate';
export type { CostGroup, CostReport } from './cost/aggregate';
export { costWindow, projectMonth } from './cost/costCalendar';
export { IDLE_GROUP, UNALLOCATED_GROUP, teamOf } from './cost/costGroups';
export { workloadOf } from './cost/workload';
export type { CostDimension } from './cost/costGroups';
export { evaluateBudgets, readBudgetConfig } from './cost/budgets';
export type {
  BudgetConfig,
  BudgetGroup,
  BudgetState,
  BudgetStatus,
} from './cost/budgets';
export { suggestRequests } from './cost/rightsizing';
export type {
  RightsizingOptions,
  RightsizingSuggestion,
} from './cost/rightsizing';
export { findIdleEnvironments } from './cost/idleEnvironments';
export type { IdleEnvironment } from './cost/idleEnvironments';
export { PrometheusCostSource } from './cost/prometheusCostSource';
export type { CostLoadOptions } from './cost/prometheusCostSource';

// Change impact: blast radius and cost forecast before apply
export { computeBlastRadius } from './impact/blastRadius';
export type { BlastRadiusInput } from './impact/blastRadius';
export { forecastCost } from './impact/costForecast';
export type { CostForecastInput } from './impact/costForecast';
export { readLiveState } from './impact/readLiveState';
export { assessChange } from './impact/assessChange';
export type { ChangeAssessmentRequest } from './impact/assessChange';
export type {
  LiveState,
  LiveStateRead,
  RemovedObjectRef,
} from './impact/types';

// Revisions: what a revision keeps, recording, diffs between revisions and restoring one
export {
  componentOf,
  componentsOf,
  revisionObjectKey,
  revisionObjectName,
  toRevisionObject,
} from './revisions/revisionObjects';
export {
  recordRevisions,
  revisionRecords,
  withRevision,
} from './revisions/recordRevision';
export type {
  AppliedChange,
  RevisionRecorder,
} from './revisions/recordRevision';
export { revisionSetDiff } from './revisions/revisionDiff';
export { planRestore, runRestore } from './revisions/restoreRevision';
export type {
  RestorePlan,
  RestoreRequest,
  RestoreResult,
} from './revisions/restoreRevision';

// Drift: what differs from the last revision Paved applied, and the fields other managers added
export { computeDrift } from './revisions/drift';
export type { LiveKubernetesObject } from './revisions/drift';
export { describeDriftField } from './revisions/describeDrift';
export { foreignFieldRemovals, removalPatch } from './revisions/foreignFields';
export type {
  ForeignFieldRemoval,
  RemovalPatchOperation,
} from './revisions/foreignFields';
export { workloadChanges } from './revisions/workloadChanges';
export { readLiveObjects } from './apply/readLiveObjects';
export type { LiveObjects } from './apply/readLiveObjects';
export {
  appSpecFromForm,
  parsePatchesText,
  pruneSpec,
} from './render/appSpecInput';

// The git host golden paths publish to (integrations.gitea, chosen by paved.git.host)
export {
  GIT_HOST_KEY,
  gitOrganizationOf,
  gitTeamOf,
  isRepositoryName,
  readGitPublishTarget,
  repositoryContentsUrl,
  repositoryUrl,
} from './git/settings';
export type { GitHost, GitPublishTarget } from './git/settings';
export { GiteaClient } from './git/GiteaClient';
export type {
  GitFileChange,
  GitFolderEntry,
  GitPullRequest,
  GitRepository,
} from './git/GiteaClient';
export {
  MAX_WEBHOOK_BYTES,
  parsePullRequestDelivery,
  parsePushDelivery,
  verifyWebhookSignature,
} from './git/webhook';
export type { PullRequestDelivery, PushDelivery } from './git/webhook';
export { PullRequestPreviews } from './previews/PullRequestPreviews';
export type {
  PreviewOutcome,
  PullRequestRef,
} from './previews/PullRequestPreviews';
export {
  PREVIEWS_KEY,
  monthlyCostOfSize,
  previewSize,
  readPreviewSettings,
} from './previews/settings';
export type { PreviewSettings } from './previews/settings';
export { FluxDelivery } from './gitops/FluxDelivery';
export type { GitOpsSource, GitOpsStatus } from './gitops/FluxDelivery';
export { reconcileDeployRepository } from './gitops/reconcileDeployRepository';
export type { ReconciledEnvironment } from './gitops/reconcileDeployRepository';
export { DeployRepository, deployComponentOf } from './gitops/DeployRepository';
export type {
  DeployRepositoryRef,
  DeployRepositoryWrite,
} from './gitops/DeployRepository';
export { layoutDeployTree } from './gitops/deployTree';
export { findGitOpsTarget } from './gitops/gitOpsTarget';
export type { GitOpsTarget } from './gitops/gitOpsTarget';
export type { DeployTreeChange, DeployTreeFiles } from './gitops/deployTree';
