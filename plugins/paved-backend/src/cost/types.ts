import type {
  BudgetState,
  BudgetStatus,
  ResourceSuggestion,
} from '@paved/plugin-paved-node';

/**
 * Month-to-date cost split by resource, in the response's currency.
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
  total: number;
}

/**
 * One row of a cost breakdown: a workload, an environment, a component or a team.
 *
 * @public
 */
export interface CostLine extends CostAmounts {
  /** Unique within its list. */
  key: string;
  /** The workload, namespace, component id or group ref; `__unallocated__` for costs without one. */
  name: string;
  cluster: string;
  /** Namespace of a workload or an environment. */
  namespace?: string;
  /** Environment name (`paved.dev/environment`) of a workload or an environment. */
  environment?: string;
  /** The month projected from the month-to-date rate (see the README). */
  projected: number;
  /** Cost per day, aligned with the response's `days`. */
  daily: number[];
}

/**
 * What the numbers of a cost response cover.
 *
 * @public
 */
export interface CostPeriod {
  /** ISO 4217 code of every amount. */
  currency: string;
  /** Start of the current month (UTC), RFC 3339. */
  monthStart: string;
  /** End of the data, RFC 3339. */
  now: string;
  /** Since when this scope's workloads are seen in the cost history this month, RFC 3339. */
  observedSince: string;
  /** UTC dates of the daily series, oldest first; the last one is today (partial). */
  days: string[];
}

/**
 * The costs of one scope (a component or a team) this month.
 *
 * @public
 */
export interface CostTotals extends CostPeriod {
  monthToDate: number;
  projected: number;
  breakdown: CostAmounts;
  /** Total cost per day, aligned with `days`. */
  daily: number[];
  /** Why some numbers may be incomplete (a cluster without prices or Prometheus, objects not readable). */
  notes: string[];
}

/**
 * A workload and resource that make up a large part of a component's cost.
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
  /** Share of the component's month-to-date cost, 0–1. */
  share: number;
}

/**
 * Suggested requests for one container, with the monthly saving at the cluster's prices.
 *
 * @public
 */
export interface RightsizingView {
  cluster: string;
  namespace: string;
  environment: string;
  workload: string;
  container?: string;
  /** Average pods running while the workload ran. */
  replicas: number;
  cpu: ResourceSuggestion;
  memory: ResourceSuggestion;
  monthlySaving: number;
}

/**
 * `GET /entities/:namespace/component/:name/cost`.
 *
 * @public
 */
export interface ComponentCostResponse extends CostTotals {
  entityRef: string;
  kubernetesId?: string;
  byEnvironment: CostLine[];
  byWorkload: CostLine[];
  /** The largest workload × resource costs, most expensive first (at most five). */
  topDrivers: CostDriver[];
  /** Containers whose requests should change, largest saving first. */
  rightsizing: RightsizingView[];
  /** The usage window rightsizing looked at, days. */
  rightsizingDays: number;
}

/**
 * A team's spending against its budget; `status` is the worse of the month-to-date and projected states.
 *
 * @public
 */
export interface BudgetView extends Omit<BudgetStatus, 'team'> {
  status: BudgetState;
}

/**
 * An ephemeral environment that served no HTTP request in the last day.
 *
 * @public
 */
export interface IdleEnvironmentView {
  cluster: string;
  namespace: string;
  environment: string;
  /** HTTP requests in the last day. */
  requests: number;
  /** Month-to-date cost. */
  cost: number;
}

/**
 * `GET /entities/:namespace/group/:name/cost`.
 *
 * @public
 */
export interface TeamCostResponse extends CostTotals {
  entityRef: string;
  byEnvironment: CostLine[];
  byComponent: CostLine[];
  /** Absent when the team has no budget (annotation `paved.dev/monthly-budget` or `paved.cost.budgets`). */
  budget?: BudgetView;
  idleEnvironments: IdleEnvironmentView[];
}

/**
 * One team in `GET /teams/cost`.
 *
 * @public
 */
export interface TeamCostSummary {
  /** Group ref. */
  team: string;
  title?: string;
  monthToDate: number;
  projected: number;
  breakdown: CostAmounts;
  budget?: BudgetView;
}

/**
 * `GET /teams/cost` (platform admins).
 *
 * @public
 */
export interface TeamsCostResponse extends CostPeriod {
  /** Every team in the catalog or in the cost data, most expensive first. */
  teams: TeamCostSummary[];
  /** Month-to-date cost in namespaces without a team. */
  unallocated: number;
  /** Month-to-date idle node capacity that is not shared among workloads. */
  idle: number;
  notes: string[];
}
