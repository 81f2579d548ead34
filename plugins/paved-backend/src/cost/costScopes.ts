import {
  ClusterIdentity,
  ClusterRegistry,
  KubernetesClient,
} from '@paved/plugin-paved-node';
import {
  EntityEnvironment,
  entityEnvironments,
} from '../entity/entityEnvironments';
import { UnavailableClusters } from '../entity/UnavailableClusters';
import { CostConfig, isCostedCluster } from './costConfig';

/** One cluster's part of a scope: the namespaces to charge, their environments, and a client acting as the user. */
export interface ClusterScope {
  cluster: string;
  /** The namespaces charged; every namespace of the cluster when absent. */
  namespaces?: string[];
  /** Environment name per namespace. */
  environments: Map<string, string>;
  /** Environment lifecycle (`ephemeral`, …) per namespace. */
  lifecycles: Map<string, string>;
  asUser: KubernetesClient;
}

/** A cluster's part of some teams' scope: the namespaces of their environments there. */
export type TeamClusterScope = ClusterScope & { namespaces: string[] };

/**
 * Lists the environments of some teams on every cluster, with a client acting as the user there; clusters
 * that cannot be read are noted in `unavailable`.
 */
export type TeamEnvironmentsLister = (
  teams: string[],
  identity: ClusterIdentity,
  unavailable?: UnavailableClusters,
) => Promise<EntityEnvironment[]>;

/** The scopes of a cost view, why some numbers may be missing, and the clusters that could not be read. */
export interface TeamScopes {
  scopes: TeamClusterScope[];
  notes: string[];
  unavailable: UnavailableClusters;
}

/**
 * Which namespaces a cost view charges: the environments of a team (found with the backend's identity) or,
 * for platform admins, every namespace of every cluster. Clusters without prices or a Prometheus are left
 * out with a note. Objects are listed as the signed-in user.
 */
export class CostScopes {
  private readonly environments: TeamEnvironmentsLister;

  constructor(
    private readonly options: {
      clusters: ClusterRegistry;
      config: CostConfig;
      /** The teams' environments; read from the clusters' namespaces unless given. */
      environments?: TeamEnvironmentsLister;
    },
  ) {
    this.environments =
      options.environments ??
      ((teams, identity, unavailable) =>
        entityEnvironments(options.clusters, { teams, identity, unavailable }));
  }

  /**
   * The environments of `teams` on each costed cluster, with notes on the clusters left out; `none` is noted
   * when the teams have no environment at all. A cluster that cannot be read is left out and named in
   * `unavailable`.
   */
  async ofTeams(
    teams: string[],
    identity: ClusterIdentity,
    options: { none?: string } = {},
  ): Promise<TeamScopes> {
    const notes: string[] = [];
    const unavailable = new UnavailableClusters();
    const byCluster = new Map<string, TeamClusterScope>();
    const uncosted = new Set<string>();
    for (const { cluster, env, asUser } of await this.environments(
      teams,
      identity,
      unavailable,
    )) {
      let scope = byCluster.get(cluster);
      if (!scope) {
        if (uncosted.has(cluster)) continue;
        if (!isCostedCluster(this.options.config, cluster, notes)) {
          uncosted.add(cluster);
          continue;
        }
        scope = {
          cluster,
          namespaces: [],
          environments: new Map(),
          lifecycles: new Map(),
          asUser,
        };
        byCluster.set(cluster, scope);
      }
      scope.namespaces.push(env.namespace);
      scope.environments.set(env.namespace, env.environment);
      scope.lifecycles.set(env.namespace, env.lifecycle);
    }
    const scopes = [...byCluster.values()];
    for (const { cluster, reason } of unavailable.list()) {
      notes.push(`Nothing on ${cluster} is charged: ${reason}`);
    }
    if (scopes.length === 0 && notes.length === 0 && options.none) {
      notes.push(options.none);
    }
    return { scopes, notes, unavailable };
  }

  /**
   * Every costed cluster as a whole, listing objects as `identity` (as Paved itself when absent, for
   * scheduled budget checks); one cluster at a time, as the caller asks for the next.
   */
  async *wholeClusters(
    identity: ClusterIdentity | undefined,
    notes: string[],
  ): AsyncGenerator<ClusterScope> {
    for (const cluster of this.options.clusters.list()) {
      if (!isCostedCluster(this.options.config, cluster.name, notes)) continue;
      const service = await this.options.clusters.client(cluster.name);
      yield {
        cluster: cluster.name,
        environments: new Map(),
        lifecycles: new Map(),
        asUser: service.withIdentity(identity),
      };
    }
  }
}
