/**
 * The Paved backend plugin: entity-scoped views of workloads and environments on the clusters configured
 * under `kubernetes.clusterLocatorMethods`.
 *
 * @packageDocumentation
 */

export { pavedPlugin as default } from './plugin';
