import { Config } from '@backstage/config';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  EnvironmentSummary,
  PAVED_LABELS,
  PAVED_MANAGED_BY,
  PavedEnvironmentResource,
} from '@paved/plugin-paved-common';
import { ApplyEngine } from '../apply/ApplyEngine';
import { applyObjects } from '../apply/applyObjects';
import { objectDiff } from '../apply/diff';
import { KubernetesObject } from '../apply/types';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { ClusterIdentity } from '../cluster/types';
import { isPlatformAdmin, requireTeamMember } from './access';
import { CLONED_KINDS, SecretPolicy, cloneObjects } from './cloneObjects';
import {
  EnvironmentSpec,
  environmentNamespace,
  environmentObjects,
  validateEnvironmentSpec,
} from './environmentObjects';
import { isExpiredEnvironment, NamespaceFacts } from './expiry';
import {
  EnvironmentSettings,
  isProtectedName,
  readEnvironmentSettings,
} from './settings';
import { summarizeEnvironment } from './summary';

type Log = (line: string) => void;

/**
 * What to clone: the source environment, the target's spec, how to transform the copies, and who reads the
 * source.
 *
 * @public
 */
export interface EnvironmentCloneRequest {
  cluster: string;
  source: string;
  target: EnvironmentSpec;
  actor: ClusterIdentity;
  replicas?: number;
  secretPolicy?: SecretPolicy;
  hostRewrite?: { from: string; to: string };
  log?: (line: string) => void;
}

/**
 * A clone worked out but not run: the target environment and the objects to copy into it. Plain data, so
 * it can be stored (with an approval request) and run later by {@link EnvironmentService.runClone}.
 *
 * @public
 */
export interface EnvironmentClonePlan {
  cluster: string;
  source: string;
  target: EnvironmentSpec;
  targetNamespace: string;
  secretPolicy: SecretPolicy;
  objects: KubernetesObject[];
  notes: string[];
}

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
  async create(request: {
    cluster: string;
    spec: EnvironmentSpec;
    actor: ClusterIdentity;
    log?: Log;
  }) {
    const { cluster, spec, actor } = request;
    const log = request.log ?? (() => {});
    requireTeamMember(
      actor,
      spec.team,
      this.settings,
      `create an environment for ${spec.team}`,
    );
    const objects = environmentObjects(
      { ...spec, createdBy: spec.createdBy ?? actor.user },
      this.settings,
    );
    const namespace = environmentNamespace(spec);
    const service = await this.clusters.client(cluster);
    const existing = await readNamespace(service, namespace);
    if (existing) {
      const summary = summarize(cluster, existing);
      if (
        !summary ||
        summary.team !== spec.team ||
        summary.environment !== spec.name
      ) {
        throw new ConflictError(
          `Namespace ${namespace} already exists${
            summary
              ? ` as environment ${summary.environment} of ${summary.team}`
              : ' and is not managed by Paved'
          }; choose another environment name`,
        );
      }
      log(
        `Environment ${namespace} already exists for ${spec.team}; bringing its settings up to date`,
      );
    }
    log(
      `Checking ${objects.length} object(s) for environment ${namespace} with a server-side dry run`,
    );
    await applyObjects(service, objects.slice(0, 1), { dryRun: true });
    const results = await applyObjects(service, objects, {
      // a namespace that did not exist holds nothing yet, so nothing needs reading first
      ...(existing ? {} : { expected: objects.map(() => 'created' as const) }),
      onApplied: a =>
        log(
          `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${a.name} ${
            a.result
          }`,
        ),
    });
    await waitForDefaultServiceAccount(service, namespace);
    return { namespace, applied: results.map(r => r.applied) };
  }

  /**
   * Deletes an environment: only Paved-managed ones, owned by one of the actor's teams; protected ones only
   * by platform admins.
   */
  async delete(request: {
    cluster: string;
    namespace: string;
    actor: ClusterIdentity;
    log?: Log;
    wait?: boolean;
  }) {
    const { cluster, namespace, actor } = request;
    const log = request.log ?? (() => {});
    const service = await this.clusters.client(cluster);
    const ns = await readNamespace(service, namespace);
    if (!ns)
      throw new NotFoundError(
        `No namespace ${namespace} on cluster ${cluster}`,
      );
    const summary = summarize(cluster, ns);
    if (!summary) {
      throw new NotAllowedError(
        `Namespace ${namespace} is not managed by Paved; Paved deletes only the environments it made`,
      );
    }
    requireTeamMember(
      actor,
      summary.team,
      this.settings,
      `delete environment ${namespace}`,
    );
    if (summary.protected && !isPlatformAdmin(actor, this.settings)) {
      throw new NotAllowedError(
        `Environment ${namespace} is protected (${summary.environment}); only platform admins may delete it`,
      );
    }
    log(
      `Deleting environment ${namespace} (${summary.environment} of ${summary.team})`,
    );
    await service.request({
      method: 'DELETE',
      path: `/api/v1/namespaces/${namespace}`,
      context: `deleting ${namespace}`,
    });
    if (request.wait ?? true) await waitForGone(service, namespace, log);
    return summary;
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
    request: EnvironmentCloneRequest & {
      keepOnFailure?: boolean;
      wait?: boolean;
      timeoutMs?: number;
    },
  ) {
    const plan = await this.planClone(request);
    return this.runClone(plan, request);
  }

  /**
   * Reads the source environment as the acting user and works out everything a clone would write: the
   * target environment and the source's workloads and configuration transformed by {@link cloneObjects}.
   * Writes nothing. The plan is plain data, so it can be stored and run later (an approved clone).
   */
  async planClone(
    request: EnvironmentCloneRequest,
  ): Promise<EnvironmentClonePlan> {
    const { cluster, actor } = request;
    const log = request.log ?? (() => {});
    const service = await this.clusters.client(cluster);
    const sourceNs = await readNamespace(service, request.source);
    const source = sourceNs && summarize(cluster, sourceNs);
    if (!source) {
      throw new NotFoundError(
        `No Paved environment ${request.source} on cluster ${cluster}; pick an existing environment to clone`,
      );
    }
    requireTeamMember(
      actor,
      source.team,
      this.settings,
      `clone environment ${request.source}`,
    );
    validateEnvironmentSpec(request.target, this.settings);
    const targetNamespace = environmentNamespace(request.target);
    if (await readNamespace(service, targetNamespace)) {
      throw new ConflictError(
        `Namespace ${targetNamespace} already exists; choose another target environment name`,
      );
    }
    const secretPolicy = request.secretPolicy ?? 'placeholder';
    if (secretPolicy === 'copy' && source.protected) {
      throw new InputError(
        `Secrets cannot be copied from protected environment ${request.source}; use secretPolicy "placeholder" or "skip"`,
      );
    }
    log(
      `Reading ${request.source} as ${actor.user} (secret policy: ${secretPolicy})`,
    );
    const asUser = await this.clusters.client(cluster, actor);
    const sourceObjects = await readEnvironmentObjects(
      asUser,
      request.source,
      log,
    );
    const rewrite = hostRewriter(
      request.hostRewrite ?? {
        from: source.environment,
        to: request.target.name,
      },
    );
    const copies = cloneObjects(sourceObjects, {
      targetNamespace,
      rewriteHost: rewrite,
      replicas: request.replicas,
      secretPolicy,
      sourceProtected: source.protected,
    });
    copies.notes.forEach(log);
    return {
      cluster,
      source: request.source,
      target: request.target,
      targetNamespace,
      secretPolicy,
      objects: copies.objects,
      notes: copies.notes,
    };
  }

  /**
   * What a clone plan would write, as a unified diff against nothing: the environment's own objects, then
   * the copies.
   */
  cloneDiff(plan: EnvironmentClonePlan): string {
    const environment = environmentObjects(plan.target, this.settings);
    return [...environment, ...plan.objects]
      .map(object =>
        objectDiff(
          `${object.kind}/${
            object.metadata.namespace ?? plan.targetNamespace
          }/${object.metadata.name}`,
          undefined,
          object,
        ),
      )
      .join('\n');
  }

  /**
   * Runs a clone plan as the acting user: creates the target environment, then dry-runs, applies and (with
   * `wait`) rolls out the copies. If anything fails, the half-made target is deleted unless `keepOnFailure`.
   * `authorizedNamespaces` is passed to the guardrails when Paved's permissions already allowed the actor
   * to change the target (an approver who is not a member of its team).
   */
  async runClone(
    plan: EnvironmentClonePlan,
    options: {
      actor: ClusterIdentity;
      keepOnFailure?: boolean;
      wait?: boolean;
      timeoutMs?: number;
      log?: Log;
      authorizedNamespaces?: string[];
    },
  ) {
    const { cluster, targetNamespace } = plan;
    const { actor } = options;
    const log = options.log ?? (() => {});
    const service = await this.clusters.client(cluster);
    if (await readNamespace(service, targetNamespace)) {
      throw new ConflictError(
        `Namespace ${targetNamespace} already exists; choose another target environment name`,
      );
    }
    log(`Creating environment ${targetNamespace}`);
    await this.create({ cluster, spec: plan.target, actor, log });
    try {
      const applyPlan = await this.engine.plan({
        cluster,
        objects: plan.objects.map(object => ({
          object,
          source: `${plan.source}/${object.kind}/${object.metadata.name}`,
        })),
        defaultNamespace: targetNamespace,
        identity: actor,
        emptyNamespace: true,
        authorizedNamespaces: options.authorizedNamespaces,
      });
      log(`Dry run accepted ${applyPlan.results.length} object(s); applying`);
      const { applied } = await this.engine.apply(applyPlan, {
        identity: actor,
        onApplied: a => log(`${a.kind} ${a.namespace}/${a.name} ${a.result}`),
      });
      if (options.wait ?? true) {
        await this.engine.waitForRollout(applyPlan, {
          identity: actor,
          timeoutMs: options.timeoutMs ?? 300_000,
          onProgress: log,
        });
      }
      return { namespace: targetNamespace, applied, notes: plan.notes };
    } catch (error) {
      if (!options.keepOnFailure) {
        log(
          `Clone failed; deleting the half-made environment ${targetNamespace}`,
        );
        await service
          .request({
            method: 'DELETE',
            path: `/api/v1/namespaces/${targetNamespace}`,
          })
          .catch(() => undefined);
      } else {
        log(`Clone failed; keeping ${targetNamespace} as asked`);
      }
      throw error;
    }
  }

  /**
   * Deletes expired ephemeral environments on a cluster and nothing else. With `dryRun`, only reports.
   */
  async cleanupExpired(request: {
    cluster: string;
    now?: Date;
    dryRun?: boolean;
    onDelete?: (environment: EnvironmentSummary) => Promise<void> | void;
  }): Promise<EnvironmentSummary[]> {
    const service = await this.clusters.client(request.cluster);
    const list = await service.request<{ items: NamespaceFacts[] }>({
      path: '/api/v1/namespaces',
      query: {
        labelSelector: `${PAVED_LABELS.managedBy}=${PAVED_MANAGED_BY},${PAVED_LABELS.lifecycle}=ephemeral`,
      },
    });
    const now = request.now ?? new Date();
    const expired = list.items
      .filter(ns => isExpiredEnvironment(ns, now))
      .map(ns => summarize(request.cluster, ns as KubernetesObject)!)
      .filter(Boolean);
    for (const env of expired) {
      if (!request.dryRun) {
        await service
          .request({
            method: 'DELETE',
            path: `/api/v1/namespaces/${env.namespace}`,
          })
          .catch(error => {
            if (!(error instanceof NotFoundError)) throw error;
          });
      }
      await request.onDelete?.(env);
    }
    return expired;
  }
}

async function readNamespace(
  client: KubernetesClient,
  name: string,
): Promise<KubernetesObject | undefined> {
  try {
    return await client.request<KubernetesObject>({
      path: `/api/v1/namespaces/${name}`,
    });
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

function summarize(
  cluster: string,
  ns: KubernetesObject,
): EnvironmentSummary | undefined {
  return summarizeEnvironment(
    cluster,
    ns as Parameters<typeof summarizeEnvironment>[1],
  );
}

async function readEnvironmentObjects(
  client: KubernetesClient,
  namespace: string,
  log: Log,
): Promise<KubernetesObject[]> {
  const lists = await Promise.all(
    CLONED_KINDS.map(async ({ apiVersion, kind, list }) => {
      try {
        const result = await client.request<{ items: KubernetesObject[] }>({
          path: list.replace('{ns}', namespace),
        });
        return result.items.map(item => ({ ...item, apiVersion, kind }));
      } catch (error) {
        if (error instanceof NotAllowedError) {
          log(`${kind}: not readable by you in ${namespace}; not copied`);
          return [];
        }
        throw error;
      }
    }),
  );
  return lists.flat();
}

/** Replaces host labels equal to `from` with `to`; hosts without such a label get `to.` in front. */
export function hostRewriter(rule: {
  from: string;
  to: string;
}): (host: string) => string {
  return host => {
    const parts = host.split('.');
    let replaced = false;
    const rewritten = parts.map(part => {
      if (part === rule.from) {
        replaced = true;
        return rule.to;
      }
      return part;
    });
    return replaced ? rewritten.join('.') : `${rule.to}.${host}`;
  };
}

async function waitForDefaultServiceAccount(
  client: KubernetesClient,
  namespace: string,
) {
  for (let i = 0; i < 100; i++) {
    try {
      await client.request({
        path: `/api/v1/namespaces/${namespace}/serviceaccounts/default`,
      });
      return;
    } catch (error) {
      if (
        !(error instanceof NotFoundError) &&
        !(error instanceof NotAllowedError)
      )
        throw error;
      if (error instanceof NotAllowedError) return;
      await new Promise(resolve => setTimeout(resolve, 25));
    }
  }
}

async function waitForGone(
  client: KubernetesClient,
  namespace: string,
  log: Log,
) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (!(await readNamespace(client, namespace))) {
      log(`Environment ${namespace} deleted`);
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  log(
    `Namespace ${namespace} is still terminating; Kubernetes finishes deleting it in the background`,
  );
}
