import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  pavedEntityReadPermission,
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import {
  ClusterRegistry,
  isPlatformAdminCaller,
  listEnvironments,
} from '@paved/plugin-paved-node';
import { NO_NAMESPACES, ReadableNamespaces } from './ReadableNamespaces';

/**
 * Answers which namespaces a caller may read through the Kubernetes plugin, with the same answer Paved's own
 * routes give: a user who holds `paved.entity.read` on an entity sees the environments of the entity's owning
 * teams (namespaces labelled `paved.dev/team` with one of those groups), and nothing else; platform admins and
 * backend services see everything.
 *
 * @public
 */
export class NamespaceScope {
  constructor(
    private readonly deps: {
      clusters: ClusterRegistry;
      permissions: PermissionsService;
      catalog: CatalogService;
      auth: AuthService;
      userInfo: UserInfoService;
      logger: LoggerService;
    },
  ) {}

  /** True for platform admins and backend services. */
  async seesEverything(credentials: BackstageCredentials): Promise<boolean> {
    if (this.deps.auth.isPrincipal(credentials, 'service')) return true;
    if (!this.deps.auth.isPrincipal(credentials, 'user')) return false;
    return isPlatformAdminCaller(this.deps.permissions, credentials);
  }

  /**
   * The namespaces of `entity`'s environments the caller may read. The entity is read again from the catalog
   * with the caller's credentials, so its owner and annotations are the catalog's, never the request's.
   */
  async forEntity(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<ReadableNamespaces> {
    if (this.deps.auth.isPrincipal(credentials, 'service'))
      return { all: true };
    if (!this.deps.auth.isPrincipal(credentials, 'user')) return NO_NAMESPACES;
    const entityRef = stringifyEntityRef(entity);
    // both questions in one round trip to the permission backend
    const [admin, read] = await this.deps.permissions.authorize(
      [
        { permission: pavedPlatformAdminPermission },
        { permission: pavedEntityReadPermission, resourceRef: entityRef },
      ],
      { credentials },
    );
    if (admin.result === AuthorizeResult.ALLOW) return { all: true };
    if (read.result !== AuthorizeResult.ALLOW) return NO_NAMESPACES;
    const stored = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!stored) return NO_NAMESPACES;
    const teams = (stored.relations ?? [])
      .filter(relation => relation.type === RELATION_OWNED_BY)
      .map(relation => relation.targetRef)
      .filter(ref => ref.startsWith('group:'));
    return this.environmentsOf(teams);
  }

  /**
   * The namespaces of the environments of the caller's own teams (asked after {@link NamespaceScope.seesEverything} said no,
   * so without a second permission check).
   */
  async ofCallersTeams(
    credentials: BackstageCredentials,
  ): Promise<ReadableNamespaces> {
    if (!this.deps.auth.isPrincipal(credentials, 'user')) return NO_NAMESPACES;
    const info = await this.deps.userInfo.getUserInfo(credentials);
    return this.environmentsOf(
      info.ownershipEntityRefs.filter(ref => ref.startsWith('group:')),
    );
  }

  private async environmentsOf(teams: string[]): Promise<ReadableNamespaces> {
    if (teams.length === 0) return NO_NAMESPACES;
    const byCluster = new Map<string, Set<string>>();
    await Promise.all(
      this.deps.clusters.list().map(async cluster => {
        try {
          const client = await this.deps.clusters.client(cluster.name);
          const environments = await listEnvironments(client, { teams });
          byCluster.set(
            cluster.name,
            new Set(environments.map(env => env.namespace)),
          );
        } catch (error) {
          // a cluster that cannot be asked shows nothing of its own; the others still answer
          this.deps.logger.warn(
            `Could not list the environments of ${teams.join(
              ', ',
            )} on cluster "${cluster.name}": ${error}`,
          );
        }
      }),
    );
    return { all: false, byCluster };
  }
}
