import { recordRevisions } from '../revisions/recordRevision';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { objectDiff } from '../apply/diff';
import { KubernetesObject } from '../apply/types';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { requireTeamMember } from './access';
import { CLONED_KINDS, cloneObjects } from './cloneObjects';
import { createEnvironment } from './createEnvironment';
import {
  environmentNamespace,
  environmentObjects,
  validateEnvironmentSpec,
} from './environmentObjects';
import { deleteNamespace, readNamespace, summarize } from './namespaces';
import { EnvironmentDeps, silentLog } from './deps';
import {
  EnvironmentClonePlan,
  EnvironmentCloneRequest,
  EnvironmentCloneRunOptions,
  EnvironmentLog,
} from './types';

async function requireAbsent(client: KubernetesClient, namespace: string) {
  if (await readNamespace(client, namespace)) {
    throw new ConflictError(
      `Namespace ${namespace} already exists; choose another target environment name`,
    );
  }
}

/**
 * Reads the source environment as the acting user and works out everything a clone would write: the target
 * environment and the source's workloads and configuration transformed by {@link cloneObjects}. Writes
 * nothing. The plan is plain data, so it can be stored and run later (an approved clone).
 */
export async function planEnvironmentClone(
  deps: Pick<EnvironmentDeps, 'clusters' | 'settings'>,
  request: EnvironmentCloneRequest,
): Promise<EnvironmentClonePlan> {
  const { cluster, actor } = request;
  const log = request.log ?? silentLog;
  const service = await deps.clusters.client(cluster);
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
    deps.settings,
    `clone environment ${request.source}`,
  );
  validateEnvironmentSpec(request.target, deps.settings);
  const targetNamespace = environmentNamespace(request.target);
  await requireAbsent(service, targetNamespace);
  const secretPolicy = request.secretPolicy ?? 'placeholder';
  if (secretPolicy === 'copy' && source.protected) {
    throw new InputError(
      `Secrets cannot be copied from protected environment ${request.source}; use secretPolicy "placeholder" or "skip"`,
    );
  }
  log(
    `Reading ${request.source} as ${actor.user} (secret policy: ${secretPolicy})`,
  );
  const asUser = await deps.clusters.client(cluster, actor);
  const sourceObjects = await readEnvironmentObjects(
    asUser,
    request.source,
    log,
  );
  const copies = cloneObjects(sourceObjects, {
    targetNamespace,
    rewriteHost: hostRewriter(
      request.hostRewrite ?? {
        from: source.environment,
        to: request.target.name,
      },
    ),
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
 * What a clone plan would write, as a unified diff against nothing: the environment's own objects, then the
 * copies.
 */
export function environmentCloneDiff(
  deps: Pick<EnvironmentDeps, 'settings'>,
  plan: EnvironmentClonePlan,
): string {
  const environment = environmentObjects(plan.target, deps.settings);
  return [...environment, ...plan.objects]
    .map(object =>
      objectDiff(
        `${object.kind}/${object.metadata.namespace ?? plan.targetNamespace}/${
          object.metadata.name
        }`,
        undefined,
        object,
      ),
    )
    .join('\n');
}

/**
 * Runs a clone plan as the acting user: creates the target environment, then dry-runs, applies and (with
 * `wait`, the default) rolls out the copies. If anything fails, the half-made target is deleted unless
 * `keepOnFailure`. `authorizedNamespaces` is passed to the guardrails when Paved's permissions already allowed
 * the actor to change the target (an approver who is not a member of its team).
 */
export async function runClonePlan(
  deps: EnvironmentDeps,
  plan: EnvironmentClonePlan,
  options: EnvironmentCloneRunOptions,
) {
  const { cluster, targetNamespace } = plan;
  const { actor } = options;
  const log = options.log ?? silentLog;
  const service = await deps.clusters.client(cluster);
  await requireAbsent(service, targetNamespace);
  log(`Creating environment ${targetNamespace}`);
  await createEnvironment(deps, { cluster, spec: plan.target, actor, log });
  try {
    const applyPlan = await deps.engine.plan({
      cluster,
      objects: plan.objects.map(object => ({
        object,
        source: `${plan.source}/${object.kind}/${object.metadata.name}`,
      })),
      defaultNamespace: targetNamespace,
      identity: actor,
      emptyNamespace: true,
      authorizedNamespaces: options.authorizedNamespaces,
      // the new environment is given its secret values afterwards (the Secrets card lists them)
      secretReferences: 'report',
    });
    const missing = applyPlan.missingSecretKeys ?? [];
    const missingKeys = [
      ...new Set(
        missing.map(m => `${m.secretName}${m.key ? `/${m.key}` : ''}`),
      ),
    ];
    if (missingKeys.length > 0) {
      log(
        `Secret keys ${targetNamespace} must be given (set them on its Secrets card): ${missingKeys.join(
          ', ',
        )}`,
      );
    }
    log(`Dry run accepted ${applyPlan.results.length} object(s); applying`);
    const { applied } = await deps.engine.apply(applyPlan, {
      identity: actor,
      onApplied: a => log(`${a.kind} ${a.namespace}/${a.name} ${a.result}`),
    });
    // workloads waiting for secret values cannot roll out until the team sets them
    const waiting = new Set(missing.map(m => m.reference.workload));
    if (options.wait ?? true) {
      const rolling = applyPlan.objects.filter(
        o => !waiting.has(`${o.kind}/${o.metadata.name}`),
      );
      await deps.engine.waitForRollout(
        { ...applyPlan, objects: rolling },
        {
          identity: actor,
          timeoutMs: options.timeoutMs ?? 300_000,
          onProgress: log,
        },
      );
    }
    await recordRevisions(options.revisions, {
      plan: applyPlan,
      actor: actor.user,
      source: options.revisionSource ?? { kind: 'clone' },
      applied,
    });
    return {
      namespace: targetNamespace,
      applied,
      notes: [
        ...plan.notes,
        ...(waiting.size > 0
          ? [
              `Not waited for (they need secret values first): ${[
                ...waiting,
              ].join(', ')}`,
            ]
          : []),
      ],
      missingSecretKeys: missingKeys,
    };
  } catch (error) {
    if (options.keepOnFailure) {
      log(`Clone failed; keeping ${targetNamespace} as asked`);
    } else {
      log(
        `Clone failed; deleting the half-made environment ${targetNamespace}`,
      );
      await deleteNamespace(service, targetNamespace).catch(() => undefined);
    }
    throw error;
  }
}

/** The source's objects of every cloned kind, read as the acting user; kinds they may not read are skipped. */
async function readEnvironmentObjects(
  client: KubernetesClient,
  namespace: string,
  log: EnvironmentLog,
): Promise<KubernetesObject[]> {
  const lists = await Promise.all(
    CLONED_KINDS.map(async ({ apiVersion, kind, list }) => {
      try {
        const result = await client.request<{ items: KubernetesObject[] }>({
          path: list.replace('{ns}', namespace),
        });
        return result.items.map(item => ({ ...item, apiVersion, kind }));
      } catch (error) {
        if (isErrorNamed(error, 'NotAllowedError')) {
          log(`${kind}: not readable by you in ${namespace}; not copied`);
          return [];
        }
        throw error;
      }
    }),
  );
  return lists.flat();
}

/**
 * Replaces host labels equal to `from` with `to`; hosts without such a label get `to.` in front.
 *
 * @public
 */
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
