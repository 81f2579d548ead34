import { ComponentCost, CostLine, TeamCost } from '@paved/plugin-paved-common';

/** 30 UTC dates ending on 2026-11-21. */
export const days = Array.from({ length: 30 }, (_, d) =>
  new Date(Date.UTC(2026, 9, 23 + d)).toISOString().slice(0, 10),
);

/** Nothing until the last three days. */
export const daily = days.map((_, d) =>
  d < 27 ? 0 : [0.9, 1.1, 0.12][d - 27],
);

const period = {
  currency: 'USD',
  monthStart: '2026-11-01T00:00:00.000Z',
  now: '2026-11-21T09:13:00.000Z',
  observedSince: '2026-11-19T06:10:00.000Z',
  days,
  daily,
  notes: [],
};

function line(
  name: string,
  total: number,
  projected: number,
  extra: Partial<CostLine> = {},
): CostLine {
  return {
    key: `local/${name}`,
    name,
    cluster: 'local',
    cpu: total * 0.88,
    memory: total * 0.12,
    storage: 0,
    loadBalancer: 0,
    idle: 0,
    total,
    projected,
    daily,
    ...extra,
  };
}

/** The line of one environment (namespace). */
function environmentLine(
  namespace: string,
  environment: string,
  total: number,
  projected: number,
): CostLine {
  return line(namespace, total, projected, { namespace, environment });
}

/** A breakdown of costs that are all CPU and memory. */
function cpuAndMemory(cpu: number, memory: number, total: number) {
  return { cpu, memory, storage: 0, loadBalancer: 0, idle: 0, total };
}

export const componentCost: ComponentCost = {
  ...period,
  entityRef: 'component:default/checkout-api',
  kubernetesId: 'checkout-api',
  monthToDate: 2.12,
  projected: 32.98,
  breakdown: cpuAndMemory(1.87, 0.25, 2.12),
  byEnvironment: [
    environmentLine('checkout-production', 'production', 1.27, 19.79),
    environmentLine('checkout-dev', 'dev', 0.85, 13.19),
  ],
  byWorkload: [
    line('checkout-api', 1.27, 19.79, { namespace: 'checkout-production' }),
    line('checkout-api', 0.85, 13.19, { namespace: 'checkout-dev' }),
  ],
  topDrivers: [
    {
      cluster: 'local',
      namespace: 'checkout-production',
      environment: 'production',
      workload: 'checkout-api',
      resource: 'cpu',
      monthToDate: 1.12,
      share: 0.53,
    },
    {
      cluster: 'local',
      namespace: 'checkout-dev',
      environment: 'dev',
      workload: 'checkout-api',
      resource: 'memory',
      monthToDate: 0.1,
      share: 0.047,
    },
  ],
  rightsizing: [
    {
      cluster: 'local',
      namespace: 'checkout-production',
      environment: 'production',
      workload: 'checkout-api',
      container: 'api',
      replicas: 3,
      cpu: {
        request: 0.25,
        usage: 0.092,
        suggested: 0.11,
        quantity: '110m',
        change: 'lower',
        monthlySaving: 9.69,
      },
      memory: {
        request: 256 * 1024 ** 2,
        usage: 160 * 1024 ** 2,
        suggested: 192 * 1024 ** 2,
        quantity: '192Mi',
        change: 'lower',
        monthlySaving: 0.58,
      },
      monthlySaving: 10.27,
    },
  ],
  rightsizingDays: 7,
};

export const teamCost: TeamCost = {
  ...period,
  entityRef: 'group:default/team-search',
  monthToDate: 4.25,
  projected: 73.71,
  breakdown: cpuAndMemory(3.36, 0.89, 4.25),
  byEnvironment: [
    environmentLine('search-production', 'production', 2.55, 44.2),
    environmentLine('search-dev', 'dev', 1.7, 29.51),
  ],
  byComponent: [
    line('search-api', 4.2, 72.9),
    line('__unallocated__', 0.05, 0.81),
  ],
  budget: {
    budget: 40,
    currency: 'USD',
    source: 'annotation',
    warningThreshold: 0.8,
    monthToDate: { amount: 4.25, ratio: 0.10625, state: 'ok' },
    projected: { amount: 73.71, ratio: 1.84275, state: 'over' },
    status: 'over',
  },
  idleEnvironments: [],
};

/** What the client throws for the backend's 403, with the backend's reason. */
export function forbidden(reason: string): Error {
  return Object.assign(new Error('Request failed with 403 Forbidden'), {
    name: 'ResponseError',
    statusCode: 403,
    cause: { name: 'NotAllowedError', message: reason },
  });
}
