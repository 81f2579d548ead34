import { Config } from '@backstage/config';
import {
  EnvironmentSummary,
  PavedEnvironmentResource,
} from '@paved/plugin-paved-common';
import { ApplyEngine } from '../apply/ApplyEngine';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { cleanupExpiredEnvironments } from './cleanupEnvironments';
import {
  environmentCloneDiff,
  planEnvironmentClone,
  runClonePlan,
} from './cloneEnvironment';
import { createEnvironment } from './createEnvironment';
import { deleteEnvironment } from './deleteEnvironment';
import { environmentNamespace } from './environmentObjects';
import { readNamespace, summarize } from './namespaces';
import {
  EnvironmentCleanupRequest,
  EnvironmentClonePlan,
  EnvironmentCloneRequest,
  EnvironmentCloneRunOptions,
  EnvironmentCreateRequest,
  EnvironmentDeleteRequest,
} from './types';
import {
  EnvironmentSettings,
  isProtectedName,
  readEnvironmentSettings,
} from './settings';

/**
 * Creates, clones, deletes and cleans up environments. The environment's own objects (namespace, quota,
 * limits, network policies, role bindings) are written with Paved's identity after Paved's own access
 * checks; workloads copied by a clone are applied as the acting user through the {@link ApplyEngine}.
 *
 * @public
 */
export class EnvironmentService {
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly engine: ApplyEngine,
    readonly settings: EnvironmentSettings,
  ) {}

  /** A service with the settings of `paved.environments`. */
  static fromConfig(
    config: Config,
    options: { clusters: ClusterRegistry; engine: ApplyEngine },
  ) {
    return new EnvironmentService(
      options.clusters,
      options.engine,
      readEnvironmentSettings(config),
    );
  }

  private get deps() {
    return {
      clusters: this.clusters,
      engine: this.engine,
      settings: this.settings,
    };
  }

  /** An environment by namespace, or undefined when the namespace does not exist or is not managed. */
  async get(
    cluster: string,
    namespace: string,
  ): Promise<EnvironmentSummary | undefined> {
    const service = await this.clusters.client(cluster);
    const ns = await readNamespace(service, namespace);
    return ns ? summarize(cluster, ns) : undefined;
  }

  /**
   * Creates an environment owned by one of the actor's teams (any team, for platform admins). Creating it
   * again with the same team is a no-op, so a retried task succeeds.
   */
  create(request: EnvironmentCreateRequest) {
    return createEnvironment(this.deps, request);
  }

  /**
   * Deletes an environment: only Paved-managed ones, owned by one of the actor's teams; protected ones only
   * by platform admins.
   */
  delete(request: EnvironmentDeleteRequest) {
    return deleteEnvironment(this.deps, request);
  }

  /**
   * The environment a create or clone would make, as permission rules see it: its namespace, team and
   * whether its name is production-class.
   */
  prospective(
    cluster: string,
    spec: { name: string; team: string },
  ): PavedEnvironmentResource {
    return {
      cluster,
      namespace: environmentNamespace(spec),
      team: spec.team,
      protected: isProtectedName(this.settings, spec.name),
    };
  }

  /**
   * Clones an environment: {@link EnvironmentService.planClone} then {@link EnvironmentService.runClone}.
   * The source is only read. If anything fails, the half-made target is deleted unless `keepOnFailure`.
   */
  async clone(
    request: EnvironmentCloneRequest &
      Omit<EnvironmentCloneRunOptions, 'authorizedNamespaces'>,
  ) {
    const plan = await this.planClone(request);
    return this.runClone(plan, request);
  }

  /**
   * Reads the source environment as the acting user and works out everything a clone would write. Writes
   * nothing; the plan is plain data, so it can be stored and run later (an approved clone). With a
   * `targetCluster` other than the source's `cluster`, the plan makes the new environment there (the copies
   * carry no cluster-specific state, so they apply on any cluster Paved manages).
   *
   * @throws NotFoundError naming the configured clusters when `targetCluster` is not one of them.
   * @throws ConflictError when the target namespace already exists on the target cluster (and is not one an
   * earlier run of the same clone left half-made).
   */
  planClone(request: EnvironmentCloneRequest): Promise<EnvironmentClonePlan> {
    return planEnvironmentClone(this.deps, request);
  }

  /**
   * What a clone plan would write, as a unified diff against nothing: the environment's own objects, then
   * the copies.
   */
  cloneDiff(plan: EnvironmentClonePlan): string {
    return environmentCloneDiff(this.deps, plan);
  }

  /**
   * Runs a clone plan as the acting user: creates the target environment, then dry-runs, applies and (with
   * `wait`) rolls out the copies. If anything fails, the half-made target is deleted unless `keepOnFailure`.
   */
  runClone(plan: EnvironmentClonePlan, options: EnvironmentCloneRunOptions) {
    return runClonePlan(this.deps, plan, options);
  }

  /**
   * Deletes expired ephemeral environments on a cluster and nothing else. With `dryRun`, only reports.
   */
  cleanupExpired(
    request: EnvironmentCleanupRequest,
  ): Promise<EnvironmentSummary[]> {
    return cleanupExpiredEnvironments(this.deps, request);
  }
}
