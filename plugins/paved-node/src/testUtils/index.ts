/**
 * Helpers for tests: against the local control plane (`yarn cluster:up`) and git host (`yarn git:up`), and a
 * loopback HTTP double.
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
export * from './localGitHost';
// an HTTP double on 127.0.0.1 for unit tests of code that calls a server
export { loopbackServer } from './loopbackServer';
export * from './gitOpsEnvironment';
export { restrictedDeployment } from './restrictedDeployment';
