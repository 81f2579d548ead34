import { CostPrices } from '../cost/prices';
import { forecastCost } from './costForecast';
import { deployment, hpa } from './__fixtures__/objects';

/** The demo's price table (app-config.yaml, paved.cost.prices.local). */
const prices: CostPrices = {
  cpuCoreHour: 0.0316,
  memoryGiBHour: 0.0042,
  storageGiBMonth: 0.1,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};

const before = deployment('checkout-api', {
  replicas: 2,
  cpu: '250m',
  memory: '256Mi',
});
const after = deployment('checkout-api', {
  replicas: 3,
  cpu: '500m',
  memory: '512Mi',
});

describe('forecastCost', () => {
  it('forecasts a Deployment going from 2 × (250m, 256Mi) to 3 × (500m, 512Mi) to the cent', () => {
    // One pod before: 0.25 core × 0.0316 + 0.25 GiB × 0.0042 = 0.0079 + 0.00105 = 0.00895 per hour
    //   × 730 hours = 6.5335 a month; × 2 replicas = 13.067 → 13.07
    // One pod after: 0.5 core × 0.0316 + 0.5 GiB × 0.0042 = 0.0158 + 0.0021 = 0.0179 per hour
    //   × 730 hours = 13.067 a month; × 3 replicas = 39.201 → 39.20
    // Delta: 39.201 − 13.067 = 26.134 → 26.13
    const forecast = forecastCost({ live: [before], changed: [after], prices });
    expect(forecast).toEqual({
      currency: 'USD',
      before: { min: 13.07, max: 13.07 },
      after: { min: 39.2, max: 39.2 },
      delta: { min: 26.13, max: 26.13 },
      workloads: [
        {
          workload: 'Deployment/checkout-api',
          before: { min: 13.07, max: 13.07 },
          after: { min: 39.2, max: 39.2 },
        },
      ],
    });
  });

  it("gives a changed HPA's range to its live target", () => {
    // 6.5335 a month per pod (above); HPA 2..4: 13.067 .. 26.134
    const forecast = forecastCost({
      live: [before],
      changed: [hpa('checkout-api', { min: 2, max: 4 })],
      prices,
    });
    expect(forecast.before).toEqual({ min: 13.07, max: 13.07 });
    expect(forecast.after).toEqual({ min: 13.07, max: 26.13 });
    expect(forecast.delta).toEqual({ min: 0, max: 13.07 });
  });

  it('prices a new workload from 0 and a removed one to 0', () => {
    // new: 1 replica of (500m, 512Mi) = 13.067 → 13.07; removed: 2 × 6.5335 = 13.067 → 13.07
    const forecast = forecastCost({
      live: [before],
      changed: [
        deployment('checkout-worker', {
          replicas: 1,
          cpu: '500m',
          memory: '512Mi',
        }),
      ],
      removed: [{ kind: 'Deployment', name: 'checkout-api' }],
      prices,
    });
    expect(forecast.workloads).toEqual([
      {
        workload: 'Deployment/checkout-api',
        before: { min: 13.07, max: 13.07 },
        after: { min: 0, max: 0 },
      },
      {
        workload: 'Deployment/checkout-worker',
        before: { min: 0, max: 0 },
        after: { min: 13.07, max: 13.07 },
      },
    ]);
    expect(forecast.delta).toEqual({ min: 0, max: 0 });
  });

  it('uses the HPA range min..max (minReplicas 1 when unset) on both sides', () => {
    const autoscaler = hpa('checkout-api', { max: 3 });
    // before: HPA 1..3 of 6.5335 = 6.5335 .. 19.6005; after: 1..3 of 13.067 = 13.067 .. 39.201
    const forecast = forecastCost({
      live: [before, autoscaler],
      changed: [after],
      prices,
    });
    expect(forecast.before).toEqual({ min: 6.53, max: 19.6 });
    expect(forecast.after).toEqual({ min: 13.07, max: 39.2 });
    expect(forecast.delta).toEqual({ min: 6.53, max: 19.6 });
  });

  it('counts a DaemonSet as one pod, prices a limit without a request and ignores init containers', () => {
    const agent = deployment('log-agent', {
      kind: 'DaemonSet',
      cpu: '1',
      memory: '1Gi',
    });
    const container = (agent.spec as any).template.spec.containers[0];
    container.resources = { limits: { cpu: '1', memory: '1Gi' } };
    (agent.spec as any).template.spec.initContainers = [
      { name: 'init', resources: { requests: { cpu: '4', memory: '8Gi' } } },
    ];
    // 1 core × 0.0316 + 1 GiB × 0.0042 = 0.0358 per hour × 730 = 26.134 → 26.13
    const forecast = forecastCost({ live: [], changed: [agent], prices });
    expect(forecast.after).toEqual({ min: 26.13, max: 26.13 });
  });

  it('answers zeros and no workloads when nothing changes', () => {
    expect(forecastCost({ live: [before], changed: [], prices })).toEqual({
      currency: 'USD',
      before: { min: 0, max: 0 },
      after: { min: 0, max: 0 },
      delta: { min: 0, max: 0 },
      workloads: [],
    });
  });

  it('leaves out objects that are not running workloads', () => {
    const forecast = forecastCost({
      live: [],
      changed: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: { name: 'report' },
          spec: {},
        },
      ],
      prices,
    });
    expect(forecast.workloads).toEqual([]);
  });
});
