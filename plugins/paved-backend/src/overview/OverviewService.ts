import { Entity } from '@backstage/catalog-model';
import { entityScope } from '../entity/entityScope';
import { UnavailableClusters } from '../entity/UnavailableClusters';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterReachability,
  EntityPlatformOverview,
  EnvironmentSummary,
  KUBERNETES_ID_ANNOTATION,
  PlatformGap,
  WorkloadSummary,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  ClusterRegistry,
  SingleFlight,
  classifyClusterFailure,
  listEnvironments,
  listWorkloads,
} from '@paved/plugin-paved-node';
import { viewKey } from '../entity/viewKey';

/**
 * Builds the Platform tab's overview of an entity: the environments of its owning teams on every cluster,
 * and the entity's workloads in them. Environments are discovered with the backend's own identity (a
 * label-selected namespace list); workloads are read as the signed-in user.
 */
export class OverviewService {
  private readonly flights = new SingleFlight<EntityPlatformOverview>();

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly logger: LoggerService,
  ) {}

  /**
   * The overview of `entity` as `identity` sees it, with the gaps that keep it from showing more. Callers
   * asking for the same user's overview of the same entity while one is being built (the parts of one
   * Platform tab request) share it; the answer is not to be changed.
   */
  overview(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<EntityPlatformOverview> {
    return this.flights.run(viewKey(entity, identity), () =>
      this.build(entity, identity),
    );
  }

  private async build(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<EntityPlatformOverview> {
    const { entityRef, kubernetesId, selector, owners, teams } =
      entityScope(entity);
    const result: EntityPlatformOverview = {
      entityRef,
      ...(kubernetesId ? { kubernetesId } : {}),
      ...(owners[0] ? { owner: owners[0] } : {}),
      clusters: [],
      environments: [],
      workloads: [],
      gaps: [],
    };
    const gaps: PlatformGap[] = result.gaps;
    if (!selector) {
      gaps.push({
        kind: 'missing-annotation',
        message: `Add the annotation "${KUBERNETES_ID_ANNOTATION}: <id>" to ${entityRef}'s catalog-info.yaml and label its workloads with "${KUBERNETES_ID_ANNOTATION}=<id>".`,
      });
    }
    const clusters = this.clusters.list();
    if (clusters.length === 0) {
      gaps.push({
        kind: 'no-clusters',
        message:
          'No cluster is configured. Add one under kubernetes.clusterLocatorMethods (type: config) in app-config.yaml.',
      });
    }
    if (gaps.length > 0) {
      return result;
    }
    // clusters through the registry's fan-out: one down cluster is named, the others are shown
    const unavailable = new UnavailableClusters();
    const fanned = await this.clusters.fanOut.map(
      clusters,
      cluster => cluster.name,
      cluster => this.fromCluster(cluster.name, teams, selector!, identity),
    );
    unavailable.add(...fanned.unavailable);
    const perCluster = clusters.map(cluster => {
      const read = fanned.results.find(r => r.item.name === cluster.name);
      if (read) return read.value;
      const reason = fanned.unavailable.find(
        u => u.cluster === cluster.name,
      )!.reason;
      this.logger.warn(`Cluster ${cluster.name}: ${reason}`);
      return unreachable(cluster.name, reason);
    });
    Object.assign(result, unavailable.answer());
    const unreadable = new Set<string>();
    for (const part of perCluster) {
      result.clusters.push(part.reachability);
      result.environments.push(...part.environments);
      result.workloads.push(...part.workloads);
      part.unreadable.forEach(ns => unreadable.add(ns));
    }
    const read = result.environments
      .map(e => e.namespace)
      .filter(ns => !unreadable.has(ns));
    if (result.environments.length === 0) {
      gaps.push({
        kind: 'no-environments',
        message: teams.length
          ? `No environment owned by ${teams.join(', ')} exists on ${clusters
              .map(c => c.name)
              .filter(name => !unavailable.has(name))
              .join(', ')}${
              unavailable.list().length
                ? ` (${unavailable
                    .list()
                    .map(u => u.cluster)
                    .join(', ')} could not be read)`
                : ''
            }. Create one with the "Create environment" template.`
          : `${entityRef} is not owned by a group, so it has no team environments. Set spec.owner to a group.`,
      });
    } else if (result.workloads.length === 0 && read.length > 0) {
      // environments that could not be read are named by the cluster's error, not claimed empty
      gaps.push({
        kind: 'no-workloads',
        message: `No workload labelled "${selector}" runs in ${read.join(
          ', ',
        )}. Deploy it with a Paved template, or add the label to its pod template and metadata.`,
      });
    }
    return result;
  }

  private async fromCluster(
    cluster: string,
    teams: string[],
    labelSelector: string,
    identity: ClusterIdentity,
  ): Promise<{
    reachability: ClusterReachability;
    environments: EnvironmentSummary[];
    workloads: WorkloadSummary[];
    /** Environments whose workloads the user may not read. */
    unreadable: string[];
  }> {
    try {
      const service = await this.clusters.client(cluster);
      const environments = await listEnvironments(service, { teams });
      const asUser = service.withIdentity(identity);
      const denied: string[] = [];
      // One environment the user cannot read (RBAC not granted there, or being deleted) must not hide the others.
      const workloads = await Promise.all(
        environments.map(env =>
          listWorkloads(asUser, {
            namespace: env.namespace,
            environment: env.environment,
            labelSelector,
          }).catch(error => {
            if (classifyClusterFailure(cluster, error)) throw error;
            if (isErrorNamed(error, 'NotAllowedError')) {
              denied.push(env.namespace);
              return [];
            }
            if (isErrorNamed(error, 'NotFoundError')) return [];
            throw error;
          }),
        ),
      );
      return {
        reachability: {
          name: cluster,
          reachable: true,
          ...(denied.length
            ? {
                error: `${identity.user} may not read workloads in ${denied
                  .sort()
                  .join(', ')}`,
              }
            : {}),
        },
        environments,
        workloads: workloads.flat(),
        unreadable: denied,
      };
    } catch (error) {
      // a failure of the cluster itself is the fan-out's to count and name
      if (classifyClusterFailure(cluster, error)) throw error;
      this.logger.warn(`Cluster ${cluster}: ${error}`);
      return unreachable(cluster, String((error as Error).message ?? error));
    }
  }
}

/** A cluster's part of the overview when it could not be read. */
function unreachable(cluster: string, error: string) {
  return {
    reachability: { name: cluster, reachable: false, error },
    environments: [],
    workloads: [],
    unreadable: [],
  };
}
