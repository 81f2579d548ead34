import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  encodeEntityRefLabel,
  EnvironmentSummary,
  PAVED_LABELS,
} from '@paved/plugin-paved-common';
import {
  ClusterRegistry,
  CostInput,
  CostLoadOptions,
  CostPrices,
  PodSamples,
  PrometheusClient,
} from '@paved/plugin-paved-node';
import { CostSource } from '../CostLoader';
import { CostService } from '../CostService';

/** 2025-06-11 00:01 UTC: the loader's window ends a minute earlier, at midnight (240 of June's 720 hours). */
export const NOW_MS = Date.UTC(2025, 5, 11, 0, 1);
/** The end of the loaded window, unix seconds. */
export const END = Date.UTC(2025, 5, 11) / 1000;
/** 2025-06-01 00:00 UTC, unix seconds. */
export const MONTH_START = Date.UTC(2025, 5, 1) / 1000;
/** An hour, seconds: the samples' interval. */
export const H = 3600;
const GIB = 1024 ** 3;

/** One core-hour costs 0.04, memory is free, a load balancer costs 0.025 an hour. */
export const PRICES: CostPrices = {
  cpuCoreHour: 0.04,
  memoryGiBHour: 0,
  storageGiBMonth: 0.1,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};

/** The teams with environments on `local`. */
export const CHECKOUT = 'group:default/team-checkout';
export const SEARCH = 'group:default/team-search';

/**
 * A pod running `cores` and 1 GiB for the last `hours` before {@link END}, labelled with its component; with
 * `usageCores`, using that and 0.9 GiB.
 */
export function pod(
  name: string,
  namespace: string,
  options: {
    hours: number;
    cores: number;
    component?: string;
    usageCores?: number;
  },
): PodSamples {
  const n = options.hours;
  const from = END - n * H;
  const workload = name.replace(/-\d+$/, '');
  return {
    namespace,
    pod: name,
    container: 'main',
    workload,
    labels: {
      'app.kubernetes.io/name': workload,
      ...(options.component && {
        'backstage.io/kubernetes-id': options.component,
      }),
    },
    start: from,
    timestamps: Float64Array.from({ length: n }, (_, k) => from + k * H),
    cpuRequestCores: new Float64Array(n).fill(options.cores),
    memoryRequestBytes: new Float64Array(n).fill(GIB),
    ...(options.usageCores !== undefined && {
      cpuUsageCores: new Float64Array(n).fill(options.usageCores),
      memoryUsageBytes: new Float64Array(n).fill(0.9 * GIB),
    }),
    interval: H,
  };
}

/**
 * The cluster `local` as its Prometheus would describe it (memory is free at {@link PRICES}):
 * - `checkout-dev` (team-checkout, ephemeral): checkout-api, 1 core for 10 h (0.40), using 0.1 core;
 * - `checkout-production` (team-checkout): checkout-api, 2 cores for 10 h (0.80), checkout-worker,
 *   0.5 core for 10 h (0.20), and checkout-api's load balancer since the month began (240 h: 6.00);
 * - `search-dev` (team-search): search-api, 1 core for 20 h (0.80);
 * - `kube-system` (no team): coredns, 0.25 core for 10 h (0.10).
 */
export function clusterInput(): CostInput {
  const team = (ref: string) => ({
    [PAVED_LABELS.team]: encodeEntityRefLabel(ref),
  });
  return {
    cluster: 'local',
    pods: [
      pod('checkout-api-0', 'checkout-dev', {
        hours: 10,
        cores: 1,
        component: 'checkout-api',
        usageCores: 0.1,
      }),
      pod('checkout-api-1', 'checkout-production', {
        hours: 10,
        cores: 2,
        component: 'checkout-api',
      }),
      pod('checkout-worker-0', 'checkout-production', {
        hours: 10,
        cores: 0.5,
        component: 'checkout-worker',
      }),
      pod('search-api-0', 'search-dev', {
        hours: 20,
        cores: 1,
        component: 'search-api',
      }),
      pod('coredns-0', 'kube-system', { hours: 10, cores: 0.25 }),
    ],
    volumes: [],
    loadBalancers: [
      {
        namespace: 'checkout-production',
        name: 'checkout-api',
        labels: { 'backstage.io/kubernetes-id': 'checkout-api' },
        start: MONTH_START,
      },
    ],
    namespaceLabels: {
      'checkout-dev': {
        ...team(CHECKOUT),
        [PAVED_LABELS.lifecycle]: 'ephemeral',
      },
      'checkout-production': team(CHECKOUT),
      'search-dev': team(SEARCH),
      'kube-system': {},
    },
  };
}

/**
 * A cost source serving fixed input (only the namespaces asked for) and HTTP request counts, recording the
 * loads it was asked for.
 */
export class FakeCostSource implements CostSource {
  readonly loads: CostLoadOptions[] = [];

  constructor(
    private readonly input: CostInput,
    private readonly requests: Record<string, number> = {},
  ) {}

  async load(options: CostLoadOptions): Promise<CostInput> {
    this.loads.push(options);
    const { namespaces } = options;
    const within = (o: { namespace: string }) =>
      !namespaces || namespaces.includes(o.namespace);
    return {
      ...this.input,
      pods: this.input.pods.filter(within),
      volumes: (this.input.volumes ?? []).filter(within),
      loadBalancers: (this.input.loadBalancers ?? []).filter(within),
    };
  }

  async httpRequests(options: {
    namespaces?: string[];
  }): Promise<Record<string, number>> {
    return Object.fromEntries(
      (options.namespaces ?? []).map(ns => [ns, this.requests[ns] ?? 0]),
    );
  }
}

/** The environments of the teams on `local`, as the clusters' namespaces list them. */
const ENVIRONMENTS: EnvironmentSummary[] = [
  environment('checkout-dev', 'dev', CHECKOUT, 'ephemeral'),
  environment('checkout-production', 'production', CHECKOUT, 'persistent'),
  environment('search-dev', 'dev', SEARCH, 'persistent'),
];

function environment(
  namespace: string,
  name: string,
  team: string,
  lifecycle: EnvironmentSummary['lifecycle'],
): EnvironmentSummary {
  return {
    cluster: 'local',
    namespace,
    environment: name,
    team,
    lifecycle,
    protected: false,
  };
}

/**
 * A cost service over the cluster `local` (no API server is reached): its input from a {@link FakeCostSource},
 * the teams' environments from a fixed list, a 100 budget for team-checkout in the configuration.
 */
export function fakeCostService(
  options: {
    source?: FakeCostSource;
    prices?: Map<string, CostPrices>;
  } = {},
) {
  const clusters = ClusterRegistry.fromClusters([
    {
      name: 'local',
      url: 'https://127.0.0.1:6443',
      skipTLSVerify: true,
      impersonate: false,
    },
  ]);
  const source =
    options.source ?? new FakeCostSource(clusterInput(), { 'checkout-dev': 0 });
  const service = new CostService({
    clusters,
    logger: mockServices.logger.mock(),
    prices: options.prices ?? new Map([['local', PRICES]]),
    budgets: { budgets: new Map([[CHECKOUT, 100]]), warningThreshold: 0.8 },
    prometheus: new Map([['local', new PrometheusClient('http://unused')]]),
    now: () => NOW_MS,
    source: () => source,
    environments: async teams => {
      const asUser = await clusters.client('local');
      return ENVIRONMENTS.filter(env => teams.includes(env.team)).map(env => ({
        cluster: env.cluster,
        env,
        asUser,
      }));
    },
  });
  return { service, source };
}

/** A catalog entity of `kind` owned by `owner`. */
export function entity(
  kind: string,
  name: string,
  options: {
    owner?: string;
    annotations?: Record<string, string>;
    spec?: Record<string, unknown>;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(options.annotations && { annotations: options.annotations }),
    },
    spec: { ...options.spec, ...(options.owner && { owner: options.owner }) },
    ...(options.owner && {
      relations: [{ type: 'ownedBy', targetRef: options.owner }],
    }),
  };
}

/** The identity the views are asked for. */
export const BOB = {
  user: 'user:default/bob',
  groups: [CHECKOUT],
};
