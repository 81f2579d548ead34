import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { PAVED_ANNOTATIONS, PAVED_LABELS } from '@paved/plugin-paved-common';
import {
  allocateCosts,
  BudgetConfig,
  ClusterIdentity,
  ClusterRegistry,
  CostInput,
  CostPrices,
  CostReport,
  costReports,
  costWindow,
  evaluateBudgets,
  findIdleEnvironments,
  IDLE_GROUP,
  KubernetesClient,
  PodSamples,
  PrometheusClient,
  PrometheusCostSource,
  PromiseCache,
  readBudgetConfig,
  readCostPrices,
  readPavedLimits,
  suggestRequests,
  teamOf,
  UNALLOCATED_GROUP,
} from '@paved/plugin-paved-node';
import { entityScope } from '../entity/entityScope';
import { entityEnvironments } from '../entity/entityEnvironments';
import {
  Projection,
  addAmounts,
  addDaily,
  amountsOf,
  budgetView,
  lineOf,
  monitoredShares,
  observedHours,
  observedSince,
  project,
  projectionOf,
  topDrivers,
  withProjections,
  zeroAmounts,
} from './costViews';
import {
  BudgetView,
  ComponentCostResponse,
  CostAmounts,
  EnvironmentCostResponse,
  CostLine,
  CostTotals,
  IdleEnvironmentView,
  RightsizingView,
  TeamCostResponse,
  TeamCostSummary,
  TeamsCostResponse,
} from './types';

/** How long loaded cost input is reused, per cluster and set of namespaces. */
const DEFAULT_CACHE_TTL_MS = 60_000;
/** Days of usage rightsizing looks at. */
const RIGHTSIZING_DAYS = 7;
/** Window in which an ephemeral environment without HTTP requests counts as idle. */
const IDLE_WINDOW_SECONDS = 86_400;

/** Cost input of one cluster and set of namespaces, as loaded from Prometheus. */
interface Loaded {
  cluster: string;
  window: { start: number; end: number };
  input: CostInput;
  notes: string[];
}

/** One cluster's part of a scope: where to load from, and the environments (namespace → name) in it. */
interface ClusterScope {
  cluster: string;
  namespaces: string[];
  environments: Map<string, string>;
  lifecycles: Map<string, string>;
  asUser: KubernetesClient;
}

/**
 * Showback for components and teams: loads the cost model's input from each cluster's Prometheus (for the
 * namespaces of the scope's environments, cached for a minute), allocates it at the cluster's prices, and
 * shapes the month-to-date, projection, daily series, breakdowns, budgets and rightsizing suggestions.
 *
 * Environments are found with the backend's identity; PersistentVolumeClaims and LoadBalancer Services are
 * listed as the signed-in user. Callers authorize the entity first (`paved.entity.cost.read`, or
 * `paved.platform.admin` for every team): the cache is shared by everyone allowed to see a scope.
 */
export class CostService {
  private readonly cache: PromiseCache<Loaded>;

  constructor(
    private readonly options: {
      clusters: ClusterRegistry;
      prices: Map<string, CostPrices>;
      budgets: BudgetConfig;
      prometheus: Map<string, PrometheusClient>;
      /**
       * Per cluster, how often its Prometheus scrapes pod phases, seconds: the resolution at which pods'
       * running time is counted (a minute when absent).
       */
      scrapeIntervals?: Map<string, number>;
      logger: LoggerService;
      cacheTtlMs?: number;
      /** Milliseconds since the epoch; `Date.now` unless given. */
      now?: () => number;
    },
  ) {
    this.cache = new PromiseCache(
      options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
      () => options.now?.() ?? Date.now(),
    );
  }

  /**
   * Reads `paved.cost` (prices per cluster, budgets, warning threshold) and each cluster's
   * `paved.clusters[].prometheusUrl`.
   *
   * @throws InputError when a price table or budget is invalid.
   */
  static fromConfig(
    config: RootConfigService,
    deps: { clusters: ClusterRegistry; logger: LoggerService },
  ): CostService {
    const prometheus = new Map<string, PrometheusClient>();
    const scrapeIntervals = new Map<string, number>();
    const timeoutMs = readPavedLimits(config).timeouts.prometheusMs;
    for (const entry of config.getOptionalConfigArray('paved.clusters') ?? []) {
      const name = entry.getString('name');
      const url = entry.getOptionalString('prometheusUrl');
      if (url) prometheus.set(name, new PrometheusClient(url, { timeoutMs }));
      const interval = entry.getOptionalNumber(
        'prometheusScrapeIntervalSeconds',
      );
      if (interval !== undefined) {
        // running time is counted per hour, so the resolution must divide it
        if (
          !(Number.isInteger(interval) && interval > 0 && 3600 % interval === 0)
        ) {
          throw new InputError(
            `paved.clusters[${name}].prometheusScrapeIntervalSeconds: ${interval} must be a whole number of seconds that divides an hour, e.g. 15, 30 or 60`,
          );
        }
        scrapeIntervals.set(name, interval);
      }
    }
    return new CostService({
      ...deps,
      prometheus,
      scrapeIntervals,
      prices: readCostPrices(config),
      budgets: readBudgetConfig(config),
    });
  }

  /** A component's cost: month to date, projection, daily series, breakdowns, drivers and rightsizing. */
  async componentCost(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<ComponentCostResponse> {
    const scope = entityScope(entity);
    const notes: string[] = [];
    const kubernetesId = scope.kubernetesId;
    let scopes: ClusterScope[] = [];
    if (!kubernetesId) {
      notes.push(
        `${scope.entityRef} has no backstage.io/kubernetes-id annotation, so no cost can be attributed to it. Add the annotation and label its workloads with it.`,
      );
    } else {
      scopes = await this.clusterScopes(scope.teams, identity, notes);
      if (scopes.length === 0 && notes.length === 0) {
        notes.push(
          scope.teams.length
            ? `No environment of ${scope.teams.join(
                ', ',
              )} exists, so nothing is charged.`
            : `${scope.entityRef} is not owned by a group, so it has no team environments.`,
        );
      }
    }
    const ofComponent = (labels?: Record<string, string>) =>
      labels?.['backstage.io/kubernetes-id'] === kubernetesId;
    const present = await this.scopeReports(
      scopes,
      ['workload', 'environment'],
      notes,
      input => ({
        cluster: input.cluster,
        pods: input.pods.filter(p => ofComponent(p.labels)),
        volumes: (input.volumes ?? []).filter(v => ofComponent(v.labels)),
        loadBalancers: (input.loadBalancers ?? []).filter(l =>
          ofComponent(l.labels),
        ),
        namespaceLabels: input.namespaceLabels,
      }),
    );
    const totals = this.totalsOf(present, notes);
    const rightsizing = present.flatMap(p => {
      const prices = this.options.prices.get(p.cluster)!;
      const end = p.loaded.window.end;
      return suggestRequests(p.input.pods, prices, {
        start: end - RIGHTSIZING_DAYS * 86_400,
        end,
      })
        .filter(s => s.cpu.change !== 'keep' || s.memory.change !== 'keep')
        .map(
          (s): RightsizingView => ({
            ...s,
            cluster: p.cluster,
            environment: p.environments.get(s.namespace) ?? s.namespace,
          }),
        );
    });
    return {
      entityRef: scope.entityRef,
      ...(kubernetesId && { kubernetesId }),
      ...totals,
      byEnvironment: linesOf(present, 1),
      byWorkload: linesOf(present, 0),
      topDrivers: present
        .flatMap(p =>
          topDrivers(p.allocation, {
            monthStart: p.reports[0].monthStart,
            total: totals.monthToDate,
            environments: p.environments,
          }),
        )
        .sort((a, b) => b.monthToDate - a.monthToDate)
        .slice(0, 5),
      rightsizing: rightsizing.sort(
        (a, b) => b.monthlySaving - a.monthlySaving,
      ),
      rightsizingDays: RIGHTSIZING_DAYS,
    };
  }

  /** A team's cost across its environments: per environment and component, budget, idle environments. */
  async teamCost(
    group: Entity,
    identity: ClusterIdentity,
  ): Promise<TeamCostResponse> {
    const team = stringifyEntityRef(group);
    const notes: string[] = [];
    const scopes = await this.clusterScopes([team], identity, notes);
    if (scopes.length === 0 && notes.length === 0) {
      notes.push(`${team} has no environments, so nothing is charged.`);
    }
    const present = await this.scopeReports(
      scopes,
      ['environment', 'component'],
      notes,
    );
    const idle = await Promise.all(
      present.map(p => this.idleEnvironments(p, p.loaded, p.reports[0])),
    );
    const totals = this.totalsOf(present, notes);
    const budget = this.budgetOf(
      team,
      group,
      totals.breakdown,
      totals.projected,
      totals.currency,
    );
    return {
      entityRef: team,
      ...totals,
      byEnvironment: linesOf(present, 0),
      byComponent: linesOf(present, 1),
      ...(budget && { budget }),
      idleEnvironments: idle.flat().sort((a, b) => b.cost - a.cost),
    };
  }

  /**
   * One environment's cost, per component and workload: a `kubernetes-environment` Resource of the catalog
   * (annotations `paved.dev/cluster` and `paved.dev/namespace`), charged while it is an environment of its
   * owner.
   */
  async environmentCost(
    resource: Entity,
    identity: ClusterIdentity,
  ): Promise<EnvironmentCostResponse> {
    const entityRef = stringifyEntityRef(resource);
    const annotations = resource.metadata.annotations ?? {};
    const cluster = annotations[PAVED_ANNOTATIONS.cluster];
    const namespace = annotations[PAVED_ANNOTATIONS.namespace];
    const owner = resource.spec?.owner;
    if (!cluster || !namespace || typeof owner !== 'string') {
      throw new InputError(
        `${entityRef} is not a Paved environment: it needs the paved.dev/cluster and paved.dev/namespace annotations and a spec.owner, as the environments Paved adds to the catalog have`,
      );
    }
    const team = stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
    const notes: string[] = [];
    const scopes = (await this.clusterScopes([team], identity, notes))
      .filter(s => s.cluster === cluster && s.namespaces.includes(namespace))
      .map(s => ({ ...s, namespaces: [namespace] }));
    if (scopes.length === 0) {
      notes.push(
        `${namespace} on ${cluster} is not an environment of ${team} now, so nothing is charged.`,
      );
    }
    const present = await this.scopeReports(
      scopes,
      ['component', 'workload'],
      notes,
    );
    const environment = scopes[0]?.environments.get(namespace);
    return {
      entityRef,
      cluster,
      namespace,
      ...(environment && { environment }),
      team,
      ...this.totalsOf(present, notes),
      byComponent: linesOf(present, 0),
      byWorkload: linesOf(present, 1),
    };
  }

  /**
   * Each cluster scope's allocation reported by the dimensions asked, with the history's start and the
   * projection (from the first report; the hours the history covers are those of the whole scope);
   * clusters without a Prometheus are left out.
   */
  private async scopeReports(
    scopes: ClusterScope[],
    dimensions: Parameters<typeof costReports>[1],
    notes: string[],
    /** The part of the loaded input to charge (a component's objects); all of it when absent. */
    select: (input: CostInput) => CostInput = input => input,
  ) {
    const parts = await Promise.all(
      scopes.map(async clusterScope => {
        const loaded = await this.load(clusterScope, notes);
        if (!loaded) return undefined;
        const prices = this.options.prices.get(clusterScope.cluster)!;
        const input = select(loaded.input);
        const allocation = allocateCosts(input, prices, loaded.window);
        const reports = costReports(allocation, dimensions);
        const since = observedSince(
          input.pods,
          reports[0].monthStart,
          reports[0].now,
        );
        const projection = projectionOf(
          reports[0],
          observedHours(
            monitoredShares(loaded.input.pods),
            since,
            reports[0].now,
          ),
        );
        return {
          ...clusterScope,
          loaded,
          input,
          allocation,
          reports,
          since,
          projection,
        };
      }),
    );
    return parts.filter(<T>(p: T | undefined): p is T => !!p);
  }

  /** The totals of some scope reports, or empty totals (with the notes) when there are none. */
  private totalsOf(
    present: Array<{
      reports: CostReport[];
      projection: Projection;
      since: number;
    }>,
    notes: string[],
  ): CostTotals {
    return present.length > 0
      ? this.totals(
          present.map(p => ({
            report: p.reports[0],
            projection: p.projection,
            since: p.since,
          })),
          notes,
        )
      : this.emptyTotals(notes);
  }

  /** Every team's totals and budget status, over the whole of every cluster (for platform admins). */
  async teamsCost(
    groups: Entity[],
    /** Who lists volumes and load balancers; Paved itself when absent (scheduled budget checks). */
    identity?: ClusterIdentity,
  ): Promise<TeamsCostResponse> {
    const notes: string[] = [];
    const perTeam = new Map<
      string,
      { amounts: CostAmounts; projected: number }
    >();
    let unallocated = 0;
    let idle = 0;
    const periods: CostTotals[] = [];
    for (const cluster of this.options.clusters.list()) {
      if (!this.usable(cluster.name, notes)) continue;
      const service = await this.options.clusters.client(cluster.name);
      const loaded = await this.load(
        {
          cluster: cluster.name,
          namespaces: [],
          environments: new Map(),
          lifecycles: new Map(),
          asUser: service.withIdentity(identity),
        },
        notes,
        true,
      );
      if (!loaded) continue;
      const prices = this.options.prices.get(cluster.name)!;
      const allocation = allocateCosts(loaded.input, prices, loaded.window);
      const [byTeam] = costReports(allocation, ['team']);
      const labels = loaded.input.namespaceLabels ?? {};
      const podsOf = new Map<string, PodSamples[]>();
      for (const pod of loaded.input.pods) {
        const key = teamOf(pod.namespace, labels) ?? UNALLOCATED_GROUP;
        podsOf.set(key, [...(podsOf.get(key) ?? []), pod]);
      }
      const shares = monitoredShares(loaded.input.pods);
      const hoursSince = (pods: PodSamples[]) =>
        observedHours(
          shares,
          observedSince(pods, byTeam.monthStart, byTeam.now),
          byTeam.now,
        );
      const report = withProjections(byTeam, g =>
        projectionOf(byTeam, hoursSince(podsOf.get(g.key) ?? [])),
      );
      const since = observedSince(
        loaded.input.pods,
        byTeam.monthStart,
        byTeam.now,
      );
      periods.push(
        this.totals(
          [
            {
              report,
              projection: projectionOf(byTeam, hoursSince(loaded.input.pods)),
              since,
            },
          ],
          [],
        ),
      );
      for (const g of report.groups) {
        if (g.key === UNALLOCATED_GROUP) {
          unallocated += g.total;
        } else if (g.key === IDLE_GROUP) {
          idle += g.total;
        } else {
          const entry = perTeam.get(g.key) ?? {
            amounts: zeroAmounts(),
            projected: 0,
          };
          entry.amounts = addAmounts(entry.amounts, amountsOf(g));
          entry.projected += g.projected;
          perTeam.set(g.key, entry);
        }
      }
    }
    const period = periods[0] ?? this.emptyTotals([]);
    const titles = new Map<string, string | undefined>();
    for (const group of groups) {
      const ref = stringifyEntityRef(group);
      const type = (group.spec as { type?: string } | undefined)?.type;
      const title =
        (group.spec as { profile?: { displayName?: string } } | undefined)
          ?.profile?.displayName ?? group.metadata.title;
      titles.set(ref, title);
      if (type === 'team' && !perTeam.has(ref)) {
        perTeam.set(ref, { amounts: zeroAmounts(), projected: 0 });
      }
    }
    const byRef = new Map(groups.map(g => [stringifyEntityRef(g), g]));
    const teams: TeamCostSummary[] = [...perTeam.entries()].map(
      ([team, entry]) => {
        const budget = this.budgetOf(
          team,
          byRef.get(team),
          entry.amounts,
          entry.projected,
          period.currency,
        );
        const title = titles.get(team);
        return {
          team,
          ...(title && { title }),
          monthToDate: entry.amounts.total,
          projected: entry.projected,
          breakdown: entry.amounts,
          ...(budget && { budget }),
        };
      },
    );
    teams.sort(
      (a, b) => b.monthToDate - a.monthToDate || a.team.localeCompare(b.team),
    );
    return {
      currency: period.currency,
      monthStart: period.monthStart,
      now: period.now,
      observedSince: period.observedSince,
      days: period.days,
      teams,
      unallocated,
      idle,
      notes: [...notes, ...periods.flatMap(p => p.notes)],
    };
  }

  /** The budget status of a team, from its group's annotation or `paved.cost.budgets`. */
  private budgetOf(
    team: string,
    group: Entity | undefined,
    monthToDate: CostAmounts,
    projected: number,
    currency: string,
  ): BudgetView | undefined {
    // a one-team report carrying the amounts as this service projects them
    const report: CostReport = {
      dimension: 'team',
      cluster: '',
      currency,
      monthStart: 0,
      now: 0,
      elapsedHours: 0,
      monthHours: 0,
      days: [],
      groups: [{ key: team, name: team, ...monthToDate, projected, daily: [] }],
      total: { ...monthToDate, projected, daily: [] },
    };
    const configured = this.options.budgets.budgets.get(team);
    const [status] = evaluateBudgets(report, {
      config: {
        budgets: new Map(configured === undefined ? [] : [[team, configured]]),
        warningThreshold: this.options.budgets.warningThreshold,
      },
      groups: group ? [group] : [],
    });
    return status ? budgetView(status) : undefined;
  }

  /** The month-to-date totals of a scope's reports on several clusters. */
  private totals(
    parts: Array<{ report: CostReport; projection: Projection; since: number }>,
    notes: string[],
  ): CostTotals {
    const currencies = new Set(parts.map(p => p.report.currency));
    if (currencies.size > 1) {
      throw new InputError(
        `The clusters' price tables use different currencies (${[
          ...currencies,
        ].join(
          ', ',
        )}); set the same paved.cost.prices.<cluster>.currency on every cluster`,
      );
    }
    const first = parts[0].report;
    let breakdown = zeroAmounts();
    let projected = 0;
    const daily = new Array<number>(first.days.length).fill(0);
    for (const { report, projection } of parts) {
      breakdown = addAmounts(breakdown, amountsOf(report.total));
      projected += project(report.total, projection);
      addDaily(daily, report.total.daily);
    }
    return {
      currency: first.currency,
      monthStart: new Date(first.monthStart * 1000).toISOString(),
      now: new Date(first.now * 1000).toISOString(),
      observedSince: new Date(
        Math.min(...parts.map(p => p.since)) * 1000,
      ).toISOString(),
      days: first.days,
      monthToDate: breakdown.total,
      projected,
      breakdown,
      daily,
      notes,
    };
  }

  /** Totals of nothing, for scopes without environments or prices. */
  private emptyTotals(notes: string[]): CostTotals {
    const end = this.nowSeconds();
    const window = costWindow(end);
    const date = new Date(end * 1000);
    const monthStart =
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
    const days = Array.from({ length: 30 }, (_, d) =>
      new Date((Math.floor(end / 86_400) - 29 + d) * 86_400_000)
        .toISOString()
        .slice(0, 10),
    );
    const currency = [...this.options.prices.values()][0]?.currency ?? 'USD';
    return {
      currency,
      monthStart: new Date(monthStart * 1000).toISOString(),
      now: new Date(window.end * 1000).toISOString(),
      observedSince: new Date(monthStart * 1000).toISOString(),
      days,
      monthToDate: 0,
      projected: 0,
      breakdown: zeroAmounts(),
      daily: new Array(30).fill(0),
      notes,
    };
  }

  /** Whether a cluster has prices and a Prometheus; says why not in `notes`. */
  private usable(cluster: string, notes: string[]): boolean {
    if (!this.options.prices.has(cluster)) {
      notes.push(
        `Cluster ${cluster} has no price table (paved.cost.prices.${cluster}), so its costs are left out.`,
      );
      return false;
    }
    if (!this.options.prometheus.has(cluster)) {
      notes.push(
        `Cluster ${cluster} has no Prometheus (paved.clusters[].prometheusUrl), so its costs are left out.`,
      );
      return false;
    }
    return true;
  }

  /** The environments of `teams` on each usable cluster, with a client acting as the user. */
  private async clusterScopes(
    teams: string[],
    identity: ClusterIdentity,
    notes: string[],
  ): Promise<ClusterScope[]> {
    const byCluster = new Map<string, ClusterScope>();
    for (const { cluster, env, asUser } of await entityEnvironments(
      this.options.clusters,
      { teams, identity },
    )) {
      let scope = byCluster.get(cluster);
      if (!scope) {
        if (!this.usable(cluster, notes)) continue;
        scope = {
          cluster,
          namespaces: [],
          environments: new Map(),
          lifecycles: new Map(),
          asUser,
        };
        byCluster.set(cluster, scope);
      }
      scope.namespaces.push(env.namespace);
      scope.environments.set(env.namespace, env.environment);
      scope.lifecycles.set(env.namespace, env.lifecycle);
    }
    return [...byCluster.values()];
  }

  /**
   * The cost input of some namespaces (or, with `wholeCluster`, all of them) from the cluster's
   * Prometheus, over {@link costWindow} ending a minute ago (so the latest scrapes have settled); reused for
   * {@link DEFAULT_CACHE_TTL_MS}.
   */
  private async load(
    scope: ClusterScope,
    notes: string[],
    wholeCluster = false,
  ): Promise<Loaded | undefined> {
    const prometheus = this.options.prometheus.get(scope.cluster);
    if (!prometheus) return undefined;
    const namespaces = wholeCluster ? undefined : [...scope.namespaces].sort();
    const key = `${scope.cluster}|${namespaces?.join(',') ?? '*'}`;
    const loaded = await this.cache.get(key, () =>
      this.loadFresh(
        scope,
        prometheus,
        namespaces,
        this.options.now?.() ?? Date.now(),
      ),
    );
    notes.push(...loaded.notes);
    return loaded;
  }

  private async loadFresh(
    scope: ClusterScope,
    prometheus: PrometheusClient,
    namespaces: string[] | undefined,
    nowMs: number,
  ): Promise<Loaded> {
    const end = Math.floor(nowMs / 60_000) * 60 - 60;
    const window = costWindow(end);
    const resolution = this.options.scrapeIntervals?.get(scope.cluster);
    const options = {
      ...window,
      ...(namespaces && { namespaces }),
      ...(resolution && { lifetimeResolution: resolution }),
    };
    const notes: string[] = [];
    const started = Date.now();
    let input: CostInput;
    try {
      input = await PrometheusCostSource.create({
        cluster: scope.cluster,
        prometheus,
        kubernetes: scope.asUser,
      }).load(options);
    } catch (error) {
      if (!(error instanceof NotAllowedError)) throw error;
      // volumes and load balancers are listed as the user; without that right, charge the pods alone
      notes.push(
        `Storage and load balancers on ${scope.cluster} are left out: ${error.message}`,
      );
      input = await PrometheusCostSource.create({
        cluster: scope.cluster,
        prometheus,
      }).load(options);
    }
    this.options.logger.debug(
      `Loaded cost input of ${scope.cluster} (${
        namespaces?.join(', ') ?? 'all namespaces'
      }): ${input.pods.length} container series in ${Date.now() - started} ms`,
    );
    return { cluster: scope.cluster, window, input, notes };
  }

  /** Ephemeral environments of the scope that served no HTTP request in the last day. */
  private async idleEnvironments(
    scope: ClusterScope,
    loaded: Loaded,
    byEnvironment: CostReport,
  ): Promise<IdleEnvironmentView[]> {
    const ephemeral = scope.namespaces.filter(
      ns => scope.lifecycles.get(ns) === 'ephemeral',
    );
    if (ephemeral.length === 0) return [];
    const prometheus = this.options.prometheus.get(scope.cluster)!;
    const end = loaded.window.end;
    const requests = await PrometheusCostSource.create({
      cluster: scope.cluster,
      prometheus,
    }).httpRequests({
      namespaces: ephemeral,
      start: end - IDLE_WINDOW_SECONDS,
      end,
    });
    const costs = Object.fromEntries(
      byEnvironment.groups.map(g => [g.key, g.total]),
    );
    const namespaceLabels = Object.fromEntries(
      ephemeral.map(ns => [
        ns,
        {
          ...loaded.input.namespaceLabels?.[ns],
          [PAVED_LABELS.lifecycle]: 'ephemeral',
        },
      ]),
    );
    return findIdleEnvironments({ namespaceLabels, requests, costs }).map(
      idle => ({
        cluster: scope.cluster,
        namespace: idle.namespace,
        environment: scope.environments.get(idle.namespace) ?? idle.namespace,
        requests: idle.requests,
        cost: idle.cost ?? 0,
      }),
    );
  }

  private nowSeconds() {
    return Math.floor((this.options.now?.() ?? Date.now()) / 1000);
  }
}

/** One report of every scope as cost lines, most expensive first. */
function linesOf(
  present: Array<{
    cluster: string;
    environments: Map<string, string>;
    reports: CostReport[];
    projection: Projection;
  }>,
  report: number,
): CostLine[] {
  return present
    .flatMap(p =>
      p.reports[report].groups.map(g =>
        lineOf(g, {
          cluster: p.cluster,
          projection: p.projection,
          environments: p.environments,
        }),
      ),
    )
    .sort((a, b) => b.total - a.total);
}
