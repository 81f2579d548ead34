import type { PartialClusterAnswer } from './api/clusters';
/**
 * The cost views the Paved backend answers with (`/entities/:ns/component/:name/cost`,
 * `/entities/:ns/group/:name/cost`, `/teams/cost`), shared by the backend and the frontend.
 */

/**
 * Cost split by resource, in the price table's currency (month to date in the cost views).
 *
 * @public
 */
export interface CostAmounts {
  cpu: number;
  memory: number;
  storage: number;
  loadBalancer: number;
  /** Share of idle node capacity (only when the price table shares idle cost). */
  idle: number;
  /** Sum of the above. */
  total: number;
}

/**
 * One row of a cost breakdown (a workload, environment or component), month to date.
 *
 * @public
 */
export interface CostLine extends CostAmounts {
  key: string;
  /** Workload, namespace or component id; `__unallocated__` for costs without one. */
  name: string;
  cluster: string;
  namespace?: string;
  environment?: string;
  projected: number;
  /** Cost per day, aligned with the response's `days`. */
  daily: number[];
}

/**
 * The totals of a cost response.
 *
 * @public
 */
export interface CostTotals extends PartialClusterAnswer {
  currency: string;
  /** RFC 3339. */
  monthStart: string;
  /** RFC 3339: end of the data. */
  now: string;
  /** RFC 3339: since when the scope's workloads are seen in the cost history this month. */
  observedSince: string;
  /** UTC dates of `daily`, oldest first (30 days). */
  days: string[];
  monthToDate: number;
  projected: number;
  breakdown: CostAmounts;
  daily: number[];
  /** Why some numbers may be incomplete. */
  notes: string[];
}

/**
 * A suggested request for one resource of a container.
 *
 * @public
 */
export interface ResourceSuggestion {
  /** Current request (of the latest sample that has one), cores or bytes; absent when none is set. */
  request?: number;
  /** The usage percentile over the window, cores or bytes. */
  usage: number;
  /** Suggested request, cores or bytes. */
  suggested: number;
  /** The suggestion as a Kubernetes quantity, e.g. `110m` or `192Mi`. */
  quantity: string;
  /** `lower`/`raise` the request, `keep` it, or `set` one where there is none. */
  change: 'lower' | 'raise' | 'keep' | 'set';
  /** Monthly saving at the price table (negative: the suggestion costs more). */
  monthlySaving: number;
}

/**
 * Suggested requests for one container of a workload.
 *
 * @public
 */
export interface RightsizingSuggestion {
  cluster: string;
  namespace: string;
  environment: string;
  workload: string;
  container?: string;
  /** Average number of pods running while the workload ran in the window. */
  replicas: number;
  cpu: ResourceSuggestion;
  memory: ResourceSuggestion;
  /** cpu + memory savings. */
  monthlySaving: number;
}

/**
 * A workload × resource that makes up much of a component's cost.
 *
 * @public
 */
export interface CostDriver {
  cluster: string;
  namespace: string;
  environment: string;
  workload: string;
  resource: 'cpu' | 'memory' | 'storage' | 'loadBalancer' | 'idle';
  monthToDate: number;
  /** 0–1 of the component's month to date. */
  share: number;
}

/**
 * A component's cost.
 *
 * @public
 */
export interface ComponentCost extends CostTotals {
  entityRef: string;
  kubernetesId?: string;
  byEnvironment: CostLine[];
  byWorkload: CostLine[];
  topDrivers: CostDriver[];
  rightsizing: RightsizingSuggestion[];
  rightsizingDays: number;
}

/**
 * `ok` below the warning threshold, `warning` from it up to the budget, `over` above the budget.
 *
 * @public
 */
export type BudgetState = 'ok' | 'warning' | 'over';

/**
 * A team's spending against its monthly budget.
 *
 * @public
 */
export interface TeamBudget {
  budget: number;
  currency: string;
  /** Where the budget came from: the Group's annotation or `paved.cost.budgets`. */
  source: 'annotation' | 'config';
  warningThreshold: number;
  monthToDate: { amount: number; ratio: number; state: BudgetState };
  projected: { amount: number; ratio: number; state: BudgetState };
  /** The worse of the two states. */
  status: BudgetState;
}

/**
 * A team's cost.
 *
 * @public
 */
export interface TeamCost extends CostTotals {
  entityRef: string;
  byEnvironment: CostLine[];
  byComponent: CostLine[];
  budget?: TeamBudget;
  idleEnvironments: Array<{
    cluster: string;
    namespace: string;
    environment: string;
    requests: number;
    cost: number;
  }>;
}

/**
 * One environment's cost: a `kubernetes-environment` Resource of the catalog, per component and workload.
 *
 * @public
 */
export interface EnvironmentCost extends CostTotals {
  entityRef: string;
  cluster: string;
  namespace: string;
  /** The environment's name, e.g. `dev`; absent when it no longer exists. */
  environment?: string;
  /** The owning team. */
  team: string;
  byComponent: CostLine[];
  byWorkload: CostLine[];
}

/**
 * Every team's cost (platform admins).
 *
 * @public
 */
export interface TeamsCost {
  currency: string;
  monthStart: string;
  now: string;
  observedSince: string;
  days: string[];
  teams: Array<{
    team: string;
    title?: string;
    monthToDate: number;
    projected: number;
    breakdown: CostAmounts;
    budget?: TeamBudget;
  }>;
  unallocated: number;
  idle: number;
  notes: string[];
}
