import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  RevisionSource,
  RevisionSummary,
  RevisionView,
  RollbackResult,
} from '@paved/plugin-paved-common';
import {
  ApplyEngine,
  ClusterIdentity,
  ClusterRegistry,
  KubernetesObject,
  RestorePlan,
  componentOf,
  findGitOpsTarget,
  planRestore,
  revisionObjectName,
  runRestore,
  withRevision,
} from '@paved/plugin-paved-node';
import { RevisionStore } from './RevisionStore';

/** Which revision to restore, and for whom. */
export interface RestoreTarget {
  cluster: string;
  namespace: string;
  revision: number;
  /** Only the objects of this component (`backstage.io/kubernetes-id`); all of them when absent. */
  component?: string;
  identity: ClusterIdentity;
  platformAdmin?: boolean;
}

/** A restore checked and ready to run, with what it will do in words. */
export interface CheckedRestore {
  target: RestoreTarget;
  revision: RevisionView;
  restore: RestorePlan;
  /** The objects restored, as stored in the revision (Secrets included, as key names). */
  objects: KubernetesObject[];
}

/**
 * Restores an environment to one of its revisions: plans it as the user (the revision's objects, and the
 * objects later revisions added), runs it and records the result as a new revision. A rollback of the newest
 * revision is a re-apply: it takes back fields other tools changed.
 */
export class RevisionRestorer {
  constructor(
    private readonly deps: {
      store: RevisionStore;
      engine: ApplyEngine;
      clusters: ClusterRegistry;
    },
  ) {}

  /** The revision's objects of the target's component; refused when it holds none. */
  private async load(target: RestoreTarget) {
    const { store } = this.deps;
    const revision = await store.get(
      target.cluster,
      target.namespace,
      target.revision,
    );
    if (!revision) {
      throw new NotFoundError(
        `No revision ${target.revision} of ${target.cluster}/${target.namespace}; pick one from the environment's revisions`,
      );
    }
    const ofComponent = (o: KubernetesObject) =>
      target.component === undefined || componentOf(o) === target.component;
    const objects = (revision.manifests as KubernetesObject[]).filter(
      ofComponent,
    );
    if (objects.length === 0) {
      throw new InputError(
        `component: revision ${target.revision} of ${
          target.namespace
        } holds no object of component "${target.component}"; it changed ${
          revision.components.join(', ') || 'objects of no component'
        }`,
      );
    }
    const later = (
      await store.after(target.cluster, target.namespace, target.revision)
    ).flatMap(r => (r.manifests as KubernetesObject[]).filter(ofComponent));
    return { revision, objects, later };
  }

  /**
   * Refuses a restore of an environment delivered by GitOps: applied here, Flux's next reconcile would undo it.
   * Its history is the deploy repository's.
   */
  private async requireDirectDelivery(target: RestoreTarget) {
    const gitops = await findGitOpsTarget(
      this.deps.clusters,
      target.cluster,
      target.namespace,
    );
    if (!gitops) return;
    throw new ConflictError(
      `${target.cluster}/${target.namespace} is delivered by GitOps from ${gitops.source.url} (${gitops.source.branch}, ${gitops.source.path}): a rollback applied here would be undone by Flux's next reconcile, so nothing was restored. Revert the change in the repository, or apply the earlier version with kubernetes:apply, which commits it`,
    );
  }

  /** Checks a restore as the user without writing (`read-only` for a user who may only propose it). */
  async check(
    target: RestoreTarget,
    mode: 'dry-run' | 'read-only' = 'dry-run',
  ): Promise<CheckedRestore> {
    await this.requireDirectDelivery(target);
    const { revision, objects, later } = await this.load(target);
    const restore = await planRestore(this.deps.engine, this.deps.clusters, {
      cluster: target.cluster,
      namespace: target.namespace,
      identity: target.identity,
      platformAdmin: target.platformAdmin,
      objects,
      later,
      mode,
      // a restore run at once needs no forecast; one a lead reviews shows it
      impact: mode === 'read-only',
    });
    return { target, revision, restore, objects };
  }

  /**
   * Runs a checked restore as the user and records it as a new revision (`rollback`, or `reapply` when it
   * restores the newest revision), also when the rollout fails.
   */
  async run(
    checked: CheckedRestore,
    options: {
      wait: boolean;
      timeoutSeconds: number;
      source?: Partial<RevisionSource>;
    },
  ): Promise<Omit<RollbackResult, 'status'>> {
    const { target, restore } = checked;
    const latest = await this.deps.store.latestNumber(
      target.cluster,
      target.namespace,
    );
    const source: RevisionSource = {
      kind: target.revision === latest ? 'reapply' : 'rollback',
      restores: target.revision,
      ...options.source,
    };
    let revision: RevisionSummary | undefined;
    const pruned: Array<{ kind: string; name: string }> = [];
    const result = await withRevision(
      {
        record: async r => {
          const summary = await this.deps.store.record({
            ...r,
            manifests: r.manifests as KubernetesObject[],
            results: r.results ?? [],
            diff: r.diff ?? '',
          });
          revision = summary;
          return summary.revision;
        },
      },
      {
        plan: restore.plan,
        actor: target.identity.user,
        source,
        objects: checked.objects,
        pruned,
      },
      async onApplied => {
        const done = await runRestore(
          this.deps.engine,
          this.deps.clusters,
          restore,
          {
            identity: target.identity,
            namespace: target.namespace,
            ...(options.wait
              ? { wait: { timeoutMs: options.timeoutSeconds * 1000 } }
              : {}),
            onApplied,
            onPruned: p => pruned.push(p),
          },
        );
        return done;
      },
    );
    return {
      ...(revision ? { revision } : {}),
      applied: result.applied.map(a => ({
        kind: a.kind,
        name: a.name,
        result: a.result,
      })),
      pruned: result.pruned,
      removedFields: result.removedFields,
      keptSecrets: result.keptSecrets,
      warnings: result.warnings,
    };
  }

  /** What a checked restore will do, in words, for the change request's summary. */
  static describe(checked: CheckedRestore): string {
    const { target, restore, objects } = checked;
    const prune = restore.prune.map(revisionObjectName);
    return `Roll back ${target.namespace} to revision ${
      target.revision
    }: re-apply ${objects.length} object(s)${
      prune.length ? `, remove ${prune.join(', ')}` : ''
    }${
      restore.keptSecrets.length
        ? `; Secrets kept as they are: ${restore.keptSecrets.join(', ')}`
        : ''
    }`;
  }
}
