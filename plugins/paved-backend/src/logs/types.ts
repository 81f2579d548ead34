import { LogSource, UnavailableCluster } from '@paved/plugin-paved-common';

/** Which containers to read. */
export interface LogFilters {
  environment?: string;
  pod?: string;
  container?: string;
}

/** The containers to read for a request, and why not all of them when there are too many. */
export interface LogSelection {
  targets: LogSource[];
  /** Set when more containers matched than are read. */
  notice?: string;
  /** Clusters whose containers could not be listed. */
  unavailableClusters?: UnavailableCluster[];
}
