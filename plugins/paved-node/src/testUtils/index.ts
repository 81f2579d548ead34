/**
 * Helpers for tests that run against the local control plane (`yarn cluster:up`).
 *
 * @packageDocumentation
 */

export {
  localClusterEnv,
  localAdminClient,
  localClusterRegistry,
  repoRoot,
  clusterDir,
} from './localCluster';
export type { LocalClusterEnv } from './localCluster';
export { createTestNamespace, createTestEnvironment } from './testNamespace';
export { waitFor, rejectionOf } from './waitFor';
export { costFromRawSeries } from './rawCost';
export { startStoppableForwarder } from './stoppableForwarder';
export type { StoppableForwarder } from './stoppableForwarder';
