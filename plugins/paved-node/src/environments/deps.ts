import { ApplyEngine } from '../apply/ApplyEngine';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { EnvironmentSettings } from './settings';
import { EnvironmentLog } from './types';

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
