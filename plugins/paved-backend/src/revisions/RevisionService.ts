import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ENVIRONMENT_ENTITY_TYPE,
  PAVED_ANNOTATIONS,
  PavedEnvironmentResource,
  RevisionDiff,
  RevisionList,
  RevisionRecord,
  RevisionSummary,
  RevisionView,
  RollbackResult,
  pavedEnvironmentApplyPermission,
  revisionRecordSchema,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  ClusterRegistry,
  KubernetesObject,
  MutationAuditDeps,
  decideEnvironmentChange,
  isPlatformAdminCaller,
  loadEnvironmentResource,
  recordMutation,
  revisionSetDiff,
} from '@paved/plugin-paved-node';
import { z } from 'zod/v3';
import { ApprovalService } from '../approvals/ApprovalService';
import { entityEnvironments } from '../entity/entityEnvironments';
import { entityScope } from '../entity/entityScope';
import { RevisionRestorer } from './RevisionRestorer';
import { RevisionStore } from './RevisionStore';

/** The user asking. */
export interface RevisionActor {
  credentials: BackstageCredentials;
  identity: ClusterIdentity;
}

/** One environment, as the routes name it. */
export interface EnvironmentPlace {
  cluster: string;
  namespace: string;
}

type ListQuery = { component?: string; limit: number; before?: number };

/**
 * An entity's and an environment's revisions, one revision, the diff between two, and rollbacks with the
 * same tiers as an apply (a change the caller may only propose becomes a `rollback` change request).
 * Revisions are shown to the environment's team and platform admins only.
 */
export class RevisionService {
  constructor(
    private readonly deps: {
      store: RevisionStore;
      restorer: RevisionRestorer;
      clusters: ClusterRegistry;
      permissions: PermissionsService;
      approvals: ApprovalService;
      audit: MutationAuditDeps;
    },
  ) {}

  /** Records a revision another backend plugin applied (service credentials only, checked by the route). */
  async record(record: RevisionRecord): Promise<RevisionSummary> {
    const parsed = revisionRecordSchema.parse(record);
    return this.deps.store.record({
      ...parsed,
      manifests: parsed.manifests as KubernetesObject[],
    });
  }

  /**
   * The revisions of an entity: a component's (objects labelled with its `backstage.io/kubernetes-id`) in
   * its owners' environments, or every revision of a group's environments.
   */
  async entityRevisions(
    entity: Entity,
    identity: ClusterIdentity,
    query: ListQuery,
  ): Promise<RevisionList> {
    const target = revisionScope(entity);
    const environments = await scopeEnvironments(
      this.deps.clusters,
      target,
      identity,
    );
    return this.deps.store.list({
      environments: environments.map(e => ({
        cluster: e.cluster,
        namespace: e.env.namespace,
      })),
      component: target.component ?? query.component,
      limit: query.limit,
      ...(query.before !== undefined ? { before: query.before } : {}),
    });
  }

  /** One environment's revisions, for its team and platform admins. */
  async environmentRevisions(
    actor: RevisionActor,
    place: EnvironmentPlace,
    query: ListQuery,
  ): Promise<RevisionList> {
    await this.readable(actor, place);
    return this.deps.store.list({
      environments: [place],
      component: query.component,
      limit: query.limit,
      ...(query.before !== undefined ? { before: query.before } : {}),
    });
  }

  /** One revision with its objects and diff. */
  async get(
    actor: RevisionActor,
    place: EnvironmentPlace,
    revision: number,
  ): Promise<RevisionView> {
    await this.readable(actor, place);
    return this.revision(place, revision);
  }

  /** The diff between two revisions of one environment (their whole object sets). */
  async diff(
    actor: RevisionActor,
    place: EnvironmentPlace,
    from: number,
    to: number,
  ): Promise<RevisionDiff> {
    await this.readable(actor, place);
    const [a, b] = await Promise.all([
      this.revision(place, from),
      this.revision(place, to),
    ]);
    return {
      ...place,
      from,
      to,
      diff: revisionSetDiff(
        { revision: from, objects: a.manifests as KubernetesObject[] },
        { revision: to, objects: b.manifests as KubernetesObject[] },
      ),
    };
  }

  /**
   * Rolls the environment back to a revision (a re-apply when it is the newest), as the caller and with the
   * same tiers as an apply; audited as `kubernetes.rollback`.
   */
  async rollback(
    actor: RevisionActor,
    place: EnvironmentPlace,
    revision: number,
    body: {
      component?: string;
      wait: boolean;
      timeoutSeconds: number;
      note?: string;
      entityRef?: string;
    },
  ): Promise<RollbackResult> {
    return recordMutation(
      this.deps.audit,
      {
        action: 'kubernetes.rollback',
        actor: actor.identity.user,
        ...place,
        target: `revision ${revision}${
          body.component ? ` of ${body.component}` : ''
        }`,
        details: { revision, component: body.component },
      },
      async (): Promise<RollbackResult> => {
        const env = await this.environment(place);
        const decision = await decideEnvironmentChange(
          this.deps.permissions,
          actor.credentials,
          pavedEnvironmentApplyPermission,
          env,
        );
        // an environment the caller may neither change nor ask to change is one they do not see
        if (decision === 'deny') throw noEnvironment(place);
        if (decision === 'approval-required') {
          const request = await this.deps.approvals.requestRollback(
            actor.credentials,
            actor.identity,
            { ...place, revision, ...body },
          );
          return {
            status: 'requested',
            approvalId: request.id,
            applied: [],
            pruned: [],
            removedFields: [],
            keptSecrets: [],
            warnings: [],
          };
        }
        const checked = await this.deps.restorer.check({
          ...place,
          revision,
          component: body.component,
          identity: actor.identity,
          platformAdmin: await isPlatformAdminCaller(
            this.deps.permissions,
            actor.credentials,
          ),
        });
        const result = await this.deps.restorer.run(checked, {
          wait: body.wait,
          timeoutSeconds: body.timeoutSeconds,
        });
        return { status: 'applied', ...result };
      },
      result => ({
        outcome: result.status === 'requested' ? 'requested' : 'succeeded',
        message:
          result.status === 'requested'
            ? `approval request ${result.approvalId}`
            : `revision ${result.revision?.revision ?? '?'} recorded; ${
                result.applied.length
              } applied, ${result.pruned.length} removed`,
      }),
    );
  }

  private async revision(
    place: EnvironmentPlace,
    revision: number,
  ): Promise<RevisionView> {
    const found = await this.deps.store.get(
      place.cluster,
      place.namespace,
      revision,
    );
    if (!found) {
      throw new NotFoundError(
        `No revision ${revision} of ${place.cluster}/${place.namespace}`,
      );
    }
    return found;
  }

  private async environment(
    place: EnvironmentPlace,
  ): Promise<PavedEnvironmentResource & { team: string }> {
    const env = await loadEnvironmentResource(
      this.deps.clusters,
      place.cluster,
      place.namespace,
    );
    if (!env?.team) throw noEnvironment(place);
    return env as PavedEnvironmentResource & { team: string };
  }

  /** Refuses (404, as if absent) an environment the caller may neither change nor ask to change. */
  private async readable(actor: RevisionActor, place: EnvironmentPlace) {
    const env = await this.environment(place);
    const decision = await decideEnvironmentChange(
      this.deps.permissions,
      actor.credentials,
      pavedEnvironmentApplyPermission,
      env,
    );
    if (decision === 'deny') throw noEnvironment(place);
    return env;
  }
}

/**
 * Whose revisions an entity's page shows: a component's (its `backstage.io/kubernetes-id`) in its owners'
 * environments, a group's environments, or the one environment a `kubernetes-environment` Resource stands for
 * (among its owner's environments, so a stale entity shows nothing).
 */
export function revisionScope(entity: Entity): {
  teams: string[];
  component?: string;
  environment?: EnvironmentPlace;
} {
  const kind = entity.kind.toLowerCase();
  if (kind === 'group') return { teams: [stringifyEntityRef(entity)] };
  const scope = entityScope(entity);
  if (kind === 'resource' && entity.spec?.type === ENVIRONMENT_ENTITY_TYPE) {
    const annotations = entity.metadata.annotations ?? {};
    const cluster = annotations[PAVED_ANNOTATIONS.cluster];
    const namespace = annotations[PAVED_ANNOTATIONS.namespace];
    return {
      teams: scope.teams,
      ...(cluster && namespace ? { environment: { cluster, namespace } } : {}),
    };
  }
  return {
    teams: scope.teams,
    component: scope.kubernetesId ?? entity.metadata.name,
  };
}

/** The environments of a revision scope the user's teams have, with a client acting as the user. */
export async function scopeEnvironments(
  clusters: ClusterRegistry,
  target: ReturnType<typeof revisionScope>,
  identity: ClusterIdentity,
) {
  const all = await entityEnvironments(clusters, {
    teams: target.teams,
    identity,
  });
  const only = target.environment;
  return only
    ? all.filter(
        e => e.cluster === only.cluster && e.env.namespace === only.namespace,
      )
    : all;
}

/** A 404 for an environment the caller may not see or that does not exist. */
function noEnvironment(place: EnvironmentPlace) {
  return new NotFoundError(
    `No environment ${place.namespace} on cluster ${place.cluster} that you may see`,
  );
}

/** A revision number from a route's path. */
export function revisionNumber(text: string, field = 'revision'): number {
  const parsed = z.coerce.number().int().min(1).safeParse(text);
  if (!parsed.success) {
    throw new InputError(
      `${field}: "${text}" is not a revision number; give a whole number from 1`,
    );
  }
  return parsed.data;
}
