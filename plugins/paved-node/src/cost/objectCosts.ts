import { InputError } from '@backstage/errors';
import { spread } from './accrue';
import { CostPrices, HOURS_PER_MONTH } from './prices';
import { CostItem, LoadBalancerInput, VolumeInput } from './types';
import { componentOf, workloadOf } from './workload';

/** The allocation's window and its rows of `nb` buckets. */
export interface BucketWindow {
  start: number;
  end: number;
  bucketSeconds: number;
  nb: number;
}

/**
 * The item of an object charged by the hour of its lifetime inside the window, spreading `hourlyCost` over
 * row `i` of `target`. Its cost is in `total`; the caller puts it under its resource.
 */
function lifetimeItem(
  window: BucketWindow,
  i: number,
  kind: 'volume' | 'loadBalancer',
  object: VolumeInput | LoadBalancerInput,
  hourlyCost: number,
  target: Float64Array,
): CostItem {
  const { start, end, bucketSeconds, nb } = window;
  const from = object.start > start ? object.start : start;
  const to = object.end !== undefined && object.end < end ? object.end : end;
  const hours = to > from ? (to - from) / 3600 : 0;
  if (hours > 0) {
    spread(target, i * nb, from, to, hourlyCost, start, bucketSeconds);
  }
  const labels = object.labels ?? {};
  const component = componentOf(labels);
  const cost = hours * hourlyCost;
  return {
    kind,
    namespace: object.namespace,
    name: object.name,
    container: undefined,
    labels,
    workload: workloadOf({ name: object.name, kind, labels }),
    component,
    hours,
    cpuCoreHours: 0,
    memoryGiBHours: 0,
    storageGiBHours: 0,
    loadBalancerHours: 0,
    cpu: 0,
    memory: 0,
    storage: 0,
    loadBalancer: 0,
    idle: 0,
    total: cost,
  };
}

/**
 * Allocates volumes (hours × size × `storageGiBMonth` / 730) and load balancers (hours × `loadBalancerHour`)
 * into `items` from index `first` (volumes, then load balancers) and into their rows of the `storage` and
 * `loadBalancer` series.
 *
 * @throws InputError for a volume whose size is not a number of GiB.
 */
export function allocateObjects(
  objects: { volumes: VolumeInput[]; loadBalancers: LoadBalancerInput[] },
  prices: CostPrices,
  window: BucketWindow,
  into: {
    first: number;
    items: CostItem[];
    storage: Float64Array;
    loadBalancer: Float64Array;
  },
): void {
  const { volumes, loadBalancers } = objects;
  const { first, items } = into;
  const storagePrice = prices.storageGiBMonth / HOURS_PER_MONTH;
  volumes.forEach((volume, v) => {
    if (!(volume.sizeGiB >= 0)) {
      throw new InputError(
        `${volume.namespace}/${volume.name}: volume size must be a number of GiB, got ${volume.sizeGiB}`,
      );
    }
    const i = first + v;
    const item = lifetimeItem(
      window,
      i,
      'volume',
      volume,
      volume.sizeGiB * storagePrice,
      into.storage,
    );
    item.storageGiBHours = item.hours * volume.sizeGiB;
    item.storage = item.total;
    items[i] = item;
  });
  loadBalancers.forEach((service, l) => {
    const i = first + volumes.length + l;
    const item = lifetimeItem(
      window,
      i,
      'loadBalancer',
      service,
      prices.loadBalancerHour,
      into.loadBalancer,
    );
    item.loadBalancerHours = item.hours;
    item.loadBalancer = item.total;
    items[i] = item;
  });
}
