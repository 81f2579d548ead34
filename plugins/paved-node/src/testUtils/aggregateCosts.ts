import type {
  AllocationResult,
  CostDimension,
  CostReport,
} from '@paved/plugin-paved-node';
import { aggregateCosts as aggregate } from '../cost/aggregate';

/**
 * Groups an allocation by one dimension, as the backend's cost routes do: tests in other packages check
 * their answers against it. The allocation must use daily buckets starting at UTC midnight and reach back
 * to the month's start.
 *
 * @public
 */
export const aggregateCosts: (
  result: AllocationResult,
  dimension: CostDimension,
  options?: { days?: number },
) => CostReport = aggregate;
