import { ApplyEngine } from '../apply/ApplyEngine';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { ClusterIdentity } from '../cluster/types';
import { EnvironmentSettings } from './settings';

/**
 * Where an environment operation reports what it does, line by line (a scaffolder task log, for example).
 *
 * @public
 */
export type EnvironmentLog = (line: string) => void;

/** A log that drops every line, for callers that pass none. */
export const silentLog: EnvironmentLog = () => {};

/**
 * What the environment operations work with: the clusters (reached with Paved's identity or the actor's),
 * the deployment engine that applies a clone's copies as the actor, and the settings of `paved.environments`.
 */
export interface EnvironmentDeps {
  clusters: ClusterRegistry;
  engine: ApplyEngine;
  settings: EnvironmentSettings;
}

/**
 * What every environment operation is asked with: the cluster, the acting user, and where progress lines go.
 *
 * @public
 */
export interface EnvironmentRequest {
  cluster: string;
  actor: ClusterIdentity;
  log?: EnvironmentLog;
}
