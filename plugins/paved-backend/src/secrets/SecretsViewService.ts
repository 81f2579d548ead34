import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  EntitySecrets,
  EnvironmentSecretsView,
  EnvironmentSummary,
  PavedEnvironmentResource,
  SecretAccess,
  isErrorNamed,
  pavedEnvironmentApplyPermission,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  ClusterRegistry,
  KubernetesClient,
  SecretService,
  decideEnvironmentChange,
  listPodTemplateWorkloads,
  mapWithConcurrency,
  secretReferences,
} from '@paved/plugin-paved-node';
import {
  ENVIRONMENT_CONCURRENCY,
  entityEnvironments,
} from '../entity/entityEnvironments';
import { entityScope } from '../entity/entityScope';
import { secretsView } from './secretsView';

/**
 * The Secrets card's reads: for each environment, which keys the workloads reference and which exist (key
 * names only, read with Paved's own identity), and what the caller may do there.
 */
export class SecretsViewService {
  constructor(
    private readonly deps: {
      clusters: ClusterRegistry;
      secrets: SecretService;
      permissions: PermissionsService;
    },
  ) {}

  /**
   * A component's environments (its workloads' references) or, for a Group, every environment of the team
   * (all workloads there).
   */
  async entitySecrets(
    entity: Entity,
    identity: ClusterIdentity,
    credentials: BackstageCredentials,
  ): Promise<EntitySecrets> {
    const scope = entityScope(entity);
    const isGroup = entity.kind.toLowerCase() === 'group';
    const teams = isGroup ? [stringifyEntityRef(entity)] : scope.teams;
    const selector = isGroup ? undefined : scope.selector;
    if (!isGroup && !selector) return { environments: [] };
    const environments = await entityEnvironments(this.deps.clusters, {
      teams,
      identity,
    });
    const views = await mapWithConcurrency(
      environments,
      ENVIRONMENT_CONCURRENCY,
      ({ cluster, env, asUser }) =>
        this.view(cluster, env, asUser, credentials, selector),
    );
    return { environments: views };
  }

  /** One environment's secrets (every workload), for the golden-path forms' key picker. */
  async environmentSecrets(
    env: PavedEnvironmentResource & { environment: string },
    identity: ClusterIdentity,
    credentials: BackstageCredentials,
  ): Promise<EnvironmentSecretsView> {
    const service = await this.deps.clusters.client(env.cluster);
    const summary: EnvironmentSummary = {
      cluster: env.cluster,
      namespace: env.namespace,
      environment: env.environment,
      team: env.team ?? '',
      lifecycle: 'persistent',
      protected: env.protected,
    };
    return this.view(
      env.cluster,
      summary,
      service.withIdentity(identity),
      credentials,
    );
  }

  private async view(
    cluster: string,
    env: EnvironmentSummary,
    asUser: KubernetesClient,
    credentials: BackstageCredentials,
    selector?: string,
  ): Promise<EnvironmentSecretsView> {
    const base = {
      cluster,
      namespace: env.namespace,
      environment: env.environment,
      ...(env.team ? { team: env.team } : {}),
      protected: env.protected,
    };
    const access = await this.access(
      {
        cluster,
        namespace: env.namespace,
        team: env.team,
        protected: env.protected,
      },
      credentials,
    );
    try {
      const [store, inventory, workloads] = await Promise.all([
        this.deps.secrets.storeOf(cluster, env.namespace),
        this.deps.secrets.inventory(cluster, env.namespace),
        listPodTemplateWorkloads(asUser, env.namespace, {
          labelSelector: selector,
        }),
      ]);
      const secrets = secretsView(
        inventory,
        workloads.flatMap(w => secretReferences(w)),
      );
      return {
        ...base,
        store,
        access,
        secrets,
        missing: secrets.reduce((n, s) => n + s.missing, 0),
      };
    } catch (error) {
      if (
        isErrorNamed(error, 'NotAllowedError') ||
        isErrorNamed(error, 'NotFoundError')
      ) {
        return {
          ...base,
          store: 'kubernetes',
          access,
          secrets: [],
          missing: 0,
          error: `The secrets of ${env.namespace} cannot be read: ${
            (error as Error).message
          }`,
        };
      }
      throw error;
    }
  }

  /** What the caller may do with an environment's secrets, from the tier policy. */
  async access(
    env: PavedEnvironmentResource,
    credentials: BackstageCredentials,
  ): Promise<SecretAccess> {
    const decision = await decideEnvironmentChange(
      this.deps.permissions,
      credentials,
      pavedEnvironmentApplyPermission,
      env,
    );
    if (decision === 'allow') return 'write';
    return decision === 'approval-required' ? 'request' : 'read';
  }
}

/** A 404 for an environment the caller may not see or that does not exist. */
export function noEnvironment(cluster: string, namespace: string) {
  return new NotFoundError(
    `No environment ${namespace} on cluster ${cluster} that you may see`,
  );
}
