import { recordRevisions } from '../revisions/recordRevision';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { DNS_LABEL_PATTERN, isErrorNamed } from '@paved/plugin-paved-common';
import { objectDiff } from '../apply/diff';
import { timedStep } from '../apply/stepTiming';
import { AppliedObject, KubernetesObject } from '../apply/types';
import { ApplyPlan, ApplyPlanRequest } from '../apply/plan';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { requireTeamMember } from './access';
import { CLONED_KINDS, cloneObjects } from './cloneObjects';
import { writeEnvironment } from './createEnvironment';
import {
  environmentNamespace,
  environmentObjects,
  validateEnvironmentSpec,
} from './environmentObjects';
import {
  readNamespace,
  summarize,
  waitForAccess,
  waitForDefaultServiceAccount,
} from './namespaces';
import { EnvironmentDeps, silentLog } from './deps';
import {
  INCOMPLETE_LABEL,
  clearIncomplete,
  isIncomplete,
  removeHalfMade,
  withCleanupNote,
} from './incomplete';
import {
  EnvironmentClonePlan,
  EnvironmentCloneRequest,
  EnvironmentCloneRunOptions,
  EnvironmentLog,
} from './types';

/**
 * Reads the source environment as the acting user and works out everything a clone would write: the target
 * environment and the source's workloads and configuration transformed by {@link cloneObjects}. Writes
 * nothing. The plan is plain data, so it can be stored and run later (an approved clone). With a
 * `targetCluster`, the target is looked up and made there (a clone across clusters).
 */
export async function planEnvironmentClone(
  deps: Pick<EnvironmentDeps, 'clusters' | 'settings'>,
  request: EnvironmentCloneRequest,
): Promise<EnvironmentClonePlan> {
  const { cluster, actor } = request;
  const targetCluster = request.targetCluster ?? cluster;
  const log = request.log ?? silentLog;
  const service = await deps.clusters.client(cluster);
  const targetService =
    targetCluster === cluster
      ? service
      : await deps.clusters.client(targetCluster);
  const targetNamespace = environmentNamespace(request.target);
  // the target is looked up beside the source when its name is one; it is judged after the source
  const targetRead = DNS_LABEL_PATTERN.test(targetNamespace)
    ? readNamespace(targetService, targetNamespace)
    : undefined;
  targetRead?.catch(() => undefined);
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
  const target = await targetRead;
  // a target an earlier run of this clone left half-made is finished by running it again
  if (target && !isHalfMadeTarget(targetCluster, target, request.target)) {
    throw new ConflictError(
      `Namespace ${targetNamespace} already exists${
        targetCluster === cluster ? '' : ` on cluster ${targetCluster}`
      }; choose another target environment name`,
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
  const asUser = await deps.clusters.client(cluster, actor);
  const sourceObjects = await timedStep('clone-read', 0, () =>
    readEnvironmentObjects(asUser, request.source, log),
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
    images: request.images,
  });
  copies.notes.forEach(log);
  return {
    cluster: targetCluster,
    ...(targetCluster === cluster ? {} : { sourceCluster: cluster }),
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

/** Whether a namespace is the target of a clone an earlier run left half-made (marked incomplete). */
function isHalfMadeTarget(
  cluster: string,
  namespace: KubernetesObject,
  target: { team: string; name: string },
): boolean {
  const summary = summarize(cluster, namespace);
  return (
    isIncomplete(namespace) &&
    summary?.team === target.team &&
    summary.environment === target.name
  );
}

/** How long after its rollout deadline a clone may still be working on its target: the cleanup task waits that long. */
const CLONE_GRACE_MS = 15 * 60_000;

/**
 * Runs a clone plan as the acting user: creates the target environment, then dry-runs, applies and (with
 * `wait`, the default) rolls out the copies. The source is only read. `authorizedNamespaces` is passed to the
 * guardrails when Paved's permissions already allowed the actor to change the target (an approver who is not
 * a member of its team).
 *
 * The target namespace is created marked incomplete (`INCOMPLETE_LABEL`, in the request that creates it) and
 * the marker is removed once the clone has finished. If anything fails, the half-made target is deleted
 * unless `keepOnFailure`; when that is impossible (the API server is away), it keeps its marker, the
 * environment cleanup task deletes it once the clone's time is up, running the same clone again finishes
 * it, and the error says so.
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
  const until = new Date(
    Date.now() + (options.timeoutMs ?? 300_000) + CLONE_GRACE_MS,
  );
  log(`Creating environment ${targetNamespace}`);
  // a failure while writing the environment's own objects removes what was written
  const written = await timedStep('clone-environment', 0, () =>
    writeEnvironment(
      deps,
      { cluster, spec: plan.target, actor, log, signal: options.signal },
      { newOnly: true, incompleteUntil: until },
    ),
  );
  try {
    // pods can only be made once the namespace's default ServiceAccount exists: the workloads are sent
    // once it does
    const serviceAccount = waitForDefaultServiceAccount(
      service,
      targetNamespace,
    );
    serviceAccount.catch(() => undefined);
    // the copies are written as the user, whom the environment's new bindings let in a moment after they
    // were written; a failed check leaves the user's own requests to say what is refused
    await waitForAccess(
      await deps.clusters.client(cluster, actor),
      targetNamespace,
      { signal: options.signal },
    ).catch(() => false);
    const target = {
      cluster,
      objects: plan.objects.map(object => ({
        object,
        source: `${plan.source}/${object.kind}/${object.metadata.name}`,
      })),
      defaultNamespace: targetNamespace,
      identity: actor,
      authorizedNamespaces: options.authorizedNamespaces,
      // the new environment is given its secret values afterwards (the Secrets card lists them)
      secretReferences: 'report' as const,
      // a clone's run reports no blast radius or cost forecast (its target is new), so none is worked out
      impact: false,
    };
    const onApplied = (a: AppliedObject) =>
      log(`${a.kind} ${a.namespace}/${a.name} ${a.result}`);
    // a new target is empty, so the apply itself is the check (whatever it refuses, the target is removed);
    // a target an earlier run left half-made may hold some of the copies already, so it gets a dry run first
    const { plan: applyPlan, applied } = written.resumed
      ? await dryRunThenApply(deps, target, {
          log,
          onApplied,
          signal: options.signal,
          serviceAccount,
        })
      : await deps.engine.applyToEmptyNamespace(target, {
          onChecked: objects =>
            log(
              `Checked ${objects.length} object(s) against the guardrails; applying them to ${targetNamespace}`,
            ),
          onApplied,
          signal: options.signal,
          workloadsAfter: serviceAccount,
          namespace: written.namespaceObject,
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
    // the revision records what was written, so it is recorded beside the completion mark: when the mark
    // fails, the clone fails and its target is removed, and the revision still says truly what was applied
    const [marked] = await timedStep('clone-finish', 0, () =>
      Promise.allSettled([
        clearIncomplete(service, targetNamespace, options.signal),
        recordRevisions(options.revisions, {
          plan: applyPlan,
          actor: actor.user,
          source: options.revisionSource ?? { kind: 'clone' },
          applied,
        }),
      ]),
    );
    if (marked.status === 'rejected') throw marked.reason;
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
      // kept on purpose: the cleanup task leaves it alone
      await clearIncomplete(service, targetNamespace).catch(e =>
        log(
          `${targetNamespace} stays marked ${INCOMPLETE_LABEL} (${e}); the cleanup task deletes it after ${until.toISOString()}`,
        ),
      );
      throw error;
    }
    log(`Clone failed; deleting the half-made environment ${targetNamespace}`);
    throw withCleanupNote(
      error,
      await removeHalfMade(service, targetNamespace, until, log),
    );
  }
}

/** The dry run, then the apply, of a clone into a target an earlier run left half-made. */
async function dryRunThenApply(
  deps: EnvironmentDeps,
  request: ApplyPlanRequest,
  options: {
    log: EnvironmentLog;
    onApplied: (applied: AppliedObject) => void;
    signal?: AbortSignal;
    serviceAccount: Promise<unknown>;
  },
): Promise<{ plan: ApplyPlan; applied: AppliedObject[] }> {
  const plan = await deps.engine.plan(request);
  options.log(`Dry run accepted ${plan.results.length} object(s); applying`);
  await options.serviceAccount;
  const { applied } = await deps.engine.apply(plan, {
    identity: request.identity,
    onApplied: options.onApplied,
    signal: options.signal,
  });
  return { plan, applied };
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
