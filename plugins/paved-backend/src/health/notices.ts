import { ComponentCost } from '@paved/plugin-paved-common';
import { SignalComparisons } from '../metrics/periodComparison';

/**
 * `read()`, or undefined when it fails: the part is then left out of the health lines and `notices` says
 * so, e.g. "The cost could not be read: …", while the rest of the answer stands.
 */
export async function readPart<T>(
  what: string,
  notices: string[],
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    notices.push(
      `${what} could not be read: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
    return undefined;
  }
}

/** What the error ratio and latency are missing for: clusters without a Prometheus, or whose Prometheus failed. */
export function metricNotices(signals: SignalComparisons): string[] {
  return [
    ...signals.unmonitored.map(
      cluster =>
        `Cluster ${cluster} has no Prometheus (paved.clusters[].prometheusUrl), so the error ratio and latency of its environments are not shown.`,
    ),
    ...signals.unavailable.map(u => u.reason),
  ];
}

/** Why some costs may be missing: the cost view's notes (no price table, no Prometheus, a cluster not read). */
export function costNotices(cost: ComponentCost): string[] {
  return cost.notes;
}
