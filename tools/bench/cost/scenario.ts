import { CostDimension, CostPrices } from '../../../plugins/paved-node/src';

/**
 * The cost bench's scenario: how much data, how many runs, the price table and the window.
 * `BENCH_PODS`, `BENCH_RUNS` and `BENCH_NAIVE_RUNS` override the defaults (fewer pods for a quick check).
 */

/** Pods in the generated cluster. */
export const PODS = Number(process.env.BENCH_PODS ?? 10_000);
/** Days of hourly samples. */
export const DAYS = 30;
/** Samples per pod. */
export const HOURS = DAYS * 24;
/** Measured runs of Paved's allocation and reports. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 20);
/** Measured runs of the naive baseline. */
export const NAIVE_RUNS = Number(process.env.BENCH_NAIVE_RUNS ?? 3);
/** The goal for Paved's median, milliseconds. */
export const GOAL_MS = 100;
/** Seconds in an hour. */
export const H = 3600;
/** The four report dimensions. */
export const DIMENSIONS: CostDimension[] = [
  'workload',
  'component',
  'environment',
  'team',
];

/** A cloud-like price table without idle sharing. */
export const prices: CostPrices = {
  cpuCoreHour: 0.0316,
  memoryGiBHour: 0.0042,
  storageGiBMonth: 0.1,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};

/** 30 days ending 2025-06-30 00:00 UTC (month-to-date: June 1–29). */
export const end = Date.UTC(2025, 5, 30) / 1000;
export const start = end - DAYS * 86400;
