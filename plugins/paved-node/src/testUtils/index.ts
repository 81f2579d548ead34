/**
 * Helpers for tests that run against the local control plane (`yarn cluster:up`).
 *
 * @packageDocumentation
 */

export * from './localCluster';
export * from './testNamespace';
export * from './waitFor';
export * from './rawCost';
export * from './stoppableForwarder';
// production helpers tests in other packages check their results with
export { aggregateCosts } from './aggregateCosts';
export * from './localSecretManager';
