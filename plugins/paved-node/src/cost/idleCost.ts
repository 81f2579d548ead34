import { NO_VALUES, accrue } from './accrue';
import { BYTES_PER_GIB, CostPrices } from './prices';
import { CapacitySamples, CostItem } from './types';
import type { BucketWindow } from './objectCosts';

/** Node capacity per bucket: core-hours and byte-hours. */
function capacityPerBucket(
  capacity: CapacitySamples,
  window: BucketWindow,
  sampleInterval: number,
) {
  const { start, end, bucketSeconds, nb } = window;
  const cpuHours = new Float64Array(nb);
  const memHours = new Float64Array(nb);
  accrue(
    capacity.timestamps,
    capacity.cpuCores,
    NO_VALUES,
    capacity.memoryBytes,
    NO_VALUES,
    NO_VALUES,
    capacity.interval ?? sampleInterval,
    start,
    end,
    { start, bucketSeconds, cpuHours, memHours },
    0,
  );
  return { cpuHours, memHours };
}

/**
 * Idle cost: per bucket, capacity cost − the pods' allocated cost, for CPU and for memory (never below 0).
 * With `idleSharing` each pod gets the share of its CPU and memory cost in each bucket (into the `idle`
 * series and its item); a bucket without allocated cost keeps its idle cost unshared. Without sharing all
 * of it is unshared.
 */
export function allocateIdle(
  capacity: CapacitySamples,
  prices: CostPrices,
  window: BucketWindow & { sampleInterval: number },
  pods: {
    count: number;
    cpu: Float64Array;
    memory: Float64Array;
    idle: Float64Array;
    items: CostItem[];
  },
): { cpu: number; memory: number; unshared: number[] } {
  const { nb } = window;
  const { cpu, memory, idle, items } = pods;
  const memoryPrice = prices.memoryGiBHour / BYTES_PER_GIB;
  const unshared = new Array<number>(nb).fill(0);
  let idleCpu = 0;
  let idleMemory = 0;
  const perBucket = capacityPerBucket(capacity, window, window.sampleInterval);
  const allocatedCpu = new Float64Array(nb);
  const allocatedMemory = new Float64Array(nb);
  for (let i = 0; i < pods.count; i++) {
    const row = i * nb;
    for (let b = 0; b < nb; b++) {
      allocatedCpu[b] += cpu[row + b];
      allocatedMemory[b] += memory[row + b];
    }
  }
  const cpuShare = new Float64Array(nb);
  const memoryShare = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    const cpuIdle = Math.max(
      0,
      perBucket.cpuHours[b] * prices.cpuCoreHour - allocatedCpu[b],
    );
    const memoryIdle = Math.max(
      0,
      perBucket.memHours[b] * memoryPrice - allocatedMemory[b],
    );
    idleCpu += cpuIdle;
    idleMemory += memoryIdle;
    if (prices.idleSharing) {
      // shared in proportion to cost; a bucket without allocated cost keeps its idle cost unshared
      cpuShare[b] = allocatedCpu[b] > 0 ? cpuIdle / allocatedCpu[b] : 0;
      memoryShare[b] =
        allocatedMemory[b] > 0 ? memoryIdle / allocatedMemory[b] : 0;
      unshared[b] =
        (allocatedCpu[b] > 0 ? 0 : cpuIdle) +
        (allocatedMemory[b] > 0 ? 0 : memoryIdle);
    } else {
      unshared[b] = cpuIdle + memoryIdle;
    }
  }
  if (prices.idleSharing) {
    for (let i = 0; i < pods.count; i++) {
      const row = i * nb;
      let share = 0;
      for (let b = 0; b < nb; b++) {
        const value =
          cpu[row + b] * cpuShare[b] + memory[row + b] * memoryShare[b];
        idle[row + b] = value;
        share += value;
      }
      items[i].idle = share;
      items[i].total += share;
    }
  }
  return { cpu: idleCpu, memory: idleMemory, unshared };
}
