import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  ENVIRONMENT_ENTITY_TYPE,
  PAVED_ANNOTATIONS,
  environmentEntityName,
} from '@paved/plugin-paved-common';
import {
  ClusterRegistry,
  deployedComponentIds,
  listEnvironments,
} from '@paved/plugin-paved-node';

export { ENVIRONMENT_ENTITY_TYPE };

/**
 * Emits one Resource entity per environment on every cluster, owned by the environment's team and a
 * dependency of the components whose workloads (labelled `backstage.io/kubernetes-id`) run in it.
 *
 * @public
 */
export class EnvironmentEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly taskRunner: SchedulerServiceTaskRunner,
    private readonly logger: LoggerService,
  ) {}

  getProviderName(): string {
    return 'paved-environments';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.taskRunner.run({
      id: 'paved-environment-entities',
      fn: async () => {
        await this.refresh();
      },
    });
  }

  /**
   * Reads every cluster and replaces the provider's entities. When a cluster cannot be read, the catalog keeps
   * the environments it had: an outage of an API server must not remove them from the catalog.
   */
  async refresh(): Promise<Entity[]> {
    const entities: Entity[] = [];
    const unreadable: string[] = [];
    for (const cluster of this.clusters.list()) {
      try {
        const client = await this.clusters.client(cluster.name);
        for (const env of await listEnvironments(client)) {
          const components = await deployedComponentIds(client, env.namespace);
          entities.push({
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: environmentEntityName(cluster.name, env.namespace),
              title: `${env.namespace} (${cluster.name})`,
              description: `${
                env.lifecycle === 'ephemeral' ? 'Ephemeral' : 'Persistent'
              } ${env.environment} environment of ${env.team} on cluster ${
                cluster.name
              }`,
              annotations: {
                'backstage.io/managed-by-location': `paved:${cluster.name}/${env.namespace}`,
                'backstage.io/managed-by-origin-location': `paved:${cluster.name}/${env.namespace}`,
                [PAVED_ANNOTATIONS.cluster]: cluster.name,
                [PAVED_ANNOTATIONS.namespace]: env.namespace,
              },
              tags: [
                env.environment,
                env.lifecycle,
                ...(env.protected ? ['protected'] : []),
              ].map(t =>
                t
                  .toLocaleLowerCase('en-US')
                  .replace(/[^a-z0-9+#-]/g, '-')
                  .slice(0, 63),
              ),
            },
            spec: {
              type: ENVIRONMENT_ENTITY_TYPE,
              owner: env.team || 'group:default/unknown',
              dependencyOf: components.map(id => `component:default/${id}`),
            },
          });
        }
      } catch (error) {
        unreadable.push(cluster.name);
        this.logger.warn(
          `Cannot list environments on cluster ${cluster.name}: ${error}`,
        );
      }
    }
    if (unreadable.length > 0) {
      this.logger.warn(
        `The catalog keeps the environments it has until cluster(s) ${unreadable.join(
          ', ',
        )} can be read again`,
      );
      return entities;
    }
    await this.connection?.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    return entities;
  }
}
