import { Config } from '@backstage/config';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  PAVED_LABELS,
  PAVED_MANAGED_BY,
  decodeEntityRefLabel,
} from '@paved/plugin-paved-common';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { ClusterIdentity } from '../cluster/types';
import {
  checkGuardrails,
  formatViolations,
  TargetNamespace,
} from '../guardrails/checkGuardrails';
import { readGuardrailPolicy } from '../guardrails/readPolicy';
import { GuardrailPolicy, GuardrailViolation } from '../guardrails/types';
import { OPTIONAL_KIND_ANNOTATION } from '../render/types';
import { applyObjects, objectPath } from './applyObjects';
import { mergeObjects } from './mergeObjects';
import { objectDiff } from './diff';
import { removedFields } from './removedFields';
import { scrubSecretError, scrubSecretValues } from '../secrets/redact';
import { ResourceMapper } from './ResourceMapper';
import { ROLLOUT_KINDS, diagnoseWorkload, rolloutState } from './rollout';
import { AppliedObject, KubernetesObject, SourcedObject } from './types';

/**
 * A change checked against guardrails and a server-side dry run, ready to apply.
 *
 * @public
 */
export interface ApplyPlan {
  cluster: string;
  /** Objects with their namespace filled in. */
  objects: KubernetesObject[];
  /** What the dry run says each object would become. */
  results: AppliedObject[];
  /** Unified diff of every changed object, live vs. dry-run result. */
  diff: string;
  warnings: string[];
  /**
   * Fields of live objects the change would remove, as `<object>: <field path>`; known only from a
   * server-side dry run (a `read-only` plan merges onto the live objects and leaves this undefined).
   */
  removedFields?: string[];
}

function resultOf(live: KubernetesObject | undefined, diff: string) {
  if (!live) return 'created' as const;
  return diff ? ('configured' as const) : ('unchanged' as const);
}

/**
 * Thrown when guardrails refuse a change; carries every violation.
 *
 * @public
 */
export class GuardrailError extends InputError {
  constructor(readonly violations: GuardrailViolation[]) {
    super(
      `${
        violations.length
      } guardrail violation(s); nothing was applied:\n${formatViolations(
        violations,
      )}`,
    );
  }
}

/**
 * Paved's deployment engine: guardrails, a server-side dry run of the whole set, a diff, server-side apply,
 * and the wait for rollouts. The backend and the scaffolder actions share it.
 *
 * @public
 */
export class ApplyEngine {
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly policy: GuardrailPolicy,
  ) {}

  /** An engine with the guardrails of `paved.guardrails`. */
  static fromConfig(
    config: Config,
    options: { clusters: ClusterRegistry },
  ): ApplyEngine {
    return new ApplyEngine(options.clusters, readGuardrailPolicy(config));
  }

  /** The guardrails in force. */
  get guardrails(): GuardrailPolicy {
    return this.policy;
  }

  /**
   * Checks a change without writing anything: guardrails first (every violation at once), then a
   * server-side dry run of every object as the acting user. Pod Security warnings from the dry run are
   * failures, since the workload's pods would be refused.
   */
  async plan(request: {
    cluster: string;
    objects: SourcedObject[];
    defaultNamespace?: string;
    identity?: ClusterIdentity;
    force?: boolean;
    /** Skips guardrails (for platform admins' own tooling); the dry run still runs. */
    skipGuardrails?: boolean;
    /** Environments Paved's permissions already allow this user to change (the guardrails' authorizedNamespaces). */
    authorizedNamespaces?: string[];
    /**
     * The acting user holds `paved.platform.admin`: the guardrails then allow cluster-scoped objects and
     * `kubernetes.io/service-account-token` Secrets. Defaults to false.
     */
    platformAdmin?: boolean;
    /** The target namespace was just created and is empty, so no live object needs reading. */
    emptyNamespace?: boolean;
    /**
     * `dry-run` (default): a server-side dry run as the acting user. `read-only`: no dry run; the diff compares
     * the live objects (read as the acting user) with them merged with the manifests. For changes the user may
     * only propose, such as a developer's change to a protected environment, which the API server would refuse
     * even as a dry run; the approver's dry run comes later.
     */
    mode?: 'dry-run' | 'read-only';
  }): Promise<ApplyPlan> {
    const service = await this.clusters.client(request.cluster);
    const asUser = await this.clusters.client(
      request.cluster,
      request.identity,
    );
    const mapper = new ResourceMapper(service);
    const namespaced = new Map<KubernetesObject, boolean>();
    const unknown: string[] = [];
    const skipped: string[] = [];
    await Promise.all(
      request.objects.map(async ({ object, source }) => {
        try {
          namespaced.set(
            object,
            (await mapper.resolve(object.apiVersion, object.kind)).namespaced,
          );
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          if (
            object.metadata.annotations?.[OPTIONAL_KIND_ANNOTATION] === 'true'
          ) {
            skipped.push(
              `${object.kind} ${object.metadata.name} skipped: cluster "${request.cluster}" does not serve ${object.apiVersion} ${object.kind} (optional)`,
            );
          } else {
            unknown.push(`${source}: ${error.message}`);
          }
        }
      }),
    );
    if (unknown.length > 0) {
      throw new InputError(
        `Unknown kinds; nothing was applied:\n${unknown.join('\n')}`,
      );
    }
    const served = request.objects.filter(({ object }) =>
      namespaced.has(object),
    );
    const prepared = served.map(({ object, source }) => {
      const isNamespaced = namespaced.get(object) ?? true;
      const namespace = object.metadata.namespace ?? request.defaultNamespace;
      const filled =
        isNamespaced && namespace
          ? { ...object, metadata: { ...object.metadata, namespace } }
          : object;
      return { object: filled, source, isNamespaced };
    });
    const objects = prepared.map(p => p.object);
    if (!request.skipGuardrails) {
      const namespaces = await this.lookupNamespaces(
        service,
        prepared.filter(p => p.isNamespaced).map(p => p.object),
      );
      const scoped = new Map(prepared.map(p => [p.object, p.isNamespaced]));
      const violations = checkGuardrails(prepared, {
        policy: this.policy,
        ownership: request.identity?.groups ?? [],
        defaultNamespace: request.defaultNamespace,
        namespaces,
        isNamespaced: o => scoped.get(o) ?? true,
        authorizedNamespaces: request.authorizedNamespaces,
        platformAdmin: request.platformAdmin ?? false,
      });
      if (violations.length > 0) throw new GuardrailError(violations);
    }
    const plan =
      request.mode === 'read-only'
        ? await this.preview(asUser, request.cluster, objects)
        : await this.dryRun(
            asUser,
            request.cluster,
            objects,
            request.emptyNamespace ?? false,
            request.force ?? false,
          );
    return { ...plan, warnings: [...skipped, ...plan.warnings] };
  }

  /**
   * Applies a plan for real as the acting user, reporting each object as it lands. Errors and warnings
   * never carry the plan's Secret values.
   */
  async apply(
    plan: ApplyPlan,
    options: {
      identity?: ClusterIdentity;
      force?: boolean;
      onApplied?: (applied: AppliedObject) => void;
    },
  ): Promise<{ applied: AppliedObject[]; warnings: string[] }> {
    const client = await this.clusters.client(plan.cluster, options.identity);
    const warnings: string[] = [];
    const results = await applyObjects(client, plan.objects, {
      force: options.force,
      expected: plan.results.map(r => r.result),
      warnings,
      onApplied: applied => options.onApplied?.(applied),
    }).catch(error => {
      throw scrubSecretError(error, plan.objects);
    });
    return {
      applied: results.map(r => r.applied),
      warnings: warnings.map(w => scrubSecretValues(w, plan.objects)),
    };
  }

  /**
   * Waits until every Deployment, StatefulSet, DaemonSet and Job of the plan has rolled out. On timeout or
   * a failed rollout it throws with the reasons read from pod status and events.
   */
  async waitForRollout(
    plan: ApplyPlan,
    options: {
      identity?: ClusterIdentity;
      timeoutMs: number;
      intervalMs?: number;
      onProgress?: (line: string) => void;
    },
  ): Promise<void> {
    const client = await this.clusters.client(plan.cluster, options.identity);
    const mapper = new ResourceMapper(client);
    const pending = plan.objects.filter(o => ROLLOUT_KINDS.has(o.kind));
    const deadline = Date.now() + options.timeoutMs;
    const last = new Map<KubernetesObject, string>();
    while (pending.length > 0) {
      for (const object of [...pending]) {
        const info = await mapper.resolve(object.apiVersion, object.kind);
        const live = await client.request<KubernetesObject>({
          path: `${info.base}/namespaces/${object.metadata.namespace}/${info.plural}/${object.metadata.name}`,
        });
        const state = rolloutState(live);
        const label = `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`;
        if (state.progress !== last.get(object)) {
          options.onProgress?.(`${label}: ${state.progress}`);
          last.set(object, state.progress);
        }
        if (state.failed) {
          throw await this.rolloutFailure(client, live, label, state.failed);
        }
        if (state.done) {
          options.onProgress?.(`${label}: rolled out`);
          pending.splice(pending.indexOf(object), 1);
        }
      }
      if (pending.length === 0) return;
      if (Date.now() > deadline) {
        const first = pending[0];
        const info = await mapper.resolve(first.apiVersion, first.kind);
        const live = await client.request<KubernetesObject>({
          path: `${info.base}/namespaces/${first.metadata.namespace}/${info.plural}/${first.metadata.name}`,
        });
        throw await this.rolloutFailure(
          client,
          live,
          `${first.kind} ${first.metadata.namespace}/${first.metadata.name}`,
          `not rolled out within ${Math.round(options.timeoutMs / 1000)} s`,
        );
      }
      await new Promise(resolve =>
        setTimeout(resolve, options.intervalMs ?? 1000),
      );
    }
  }

  private async rolloutFailure(
    client: KubernetesClient,
    live: KubernetesObject,
    label: string,
    what: string,
  ) {
    const reasons = await diagnoseWorkload(client, live).catch(e => [
      `(could not read pods: ${e.message})`,
    ]);
    return new ServiceUnavailableError(
      `Rollout of ${label} failed: ${what}${
        reasons.length ? `\n  - ${reasons.join('\n  - ')}` : ''
      }`,
    );
  }

  private async lookupNamespaces(
    service: KubernetesClient,
    objects: KubernetesObject[],
  ) {
    const names = [
      ...new Set(
        objects
          .map(o => o.metadata.namespace)
          .filter((n): n is string => Boolean(n)),
      ),
    ];
    const entries = await Promise.all(
      names.map(async (name): Promise<[string, TargetNamespace]> => {
        try {
          const ns = await service.request<KubernetesObject>({
            path: `/api/v1/namespaces/${name}`,
          });
          const labels = ns.metadata.labels ?? {};
          const team = decodeEntityRefLabel(labels[PAVED_LABELS.team] ?? '');
          return [
            name,
            {
              exists: true,
              managed: labels[PAVED_LABELS.managedBy] === PAVED_MANAGED_BY,
              ...(team ? { team } : {}),
            },
          ];
        } catch (error) {
          if (error instanceof NotFoundError)
            return [name, { exists: false, managed: false }];
          throw error;
        }
      }),
    );
    return Object.fromEntries(entries);
  }

  private async preview(
    client: KubernetesClient,
    cluster: string,
    objects: KubernetesObject[],
  ): Promise<ApplyPlan> {
    const mapper = new ResourceMapper(client);
    const outcomes = await Promise.all(
      objects.map(async object => {
        const { path, namespace } = await objectPath(mapper, object);
        const label = `${object.kind} ${namespace ? `${namespace}/` : ''}${
          object.metadata.name
        }`;
        let live: KubernetesObject | undefined;
        try {
          live = await client.request<KubernetesObject>({
            path,
            context: `reading ${label}`,
          });
        } catch (error) {
          if (!(error instanceof NotFoundError))
            throw scrubSecretError(error, [object]);
        }
        const planned = live ? mergeObjects(live, object) : object;
        const diff = objectDiff(label, live, planned);
        const applied: AppliedObject = {
          apiVersion: object.apiVersion,
          kind: object.kind,
          ...(namespace ? { namespace } : {}),
          name: object.metadata.name,
          result: resultOf(live, diff),
        };
        return { applied, diff };
      }),
    );
    return {
      cluster,
      objects,
      results: outcomes.map(o => o.applied),
      diff: outcomes
        .map(o => o.diff)
        .filter(Boolean)
        .join('\n'),
      warnings: [],
    };
  }

  private async dryRun(
    client: KubernetesClient,
    cluster: string,
    objects: KubernetesObject[],
    emptyNamespace: boolean,
    force: boolean,
  ): Promise<ApplyPlan> {
    const problems: Array<{ text: string; forbidden: boolean }> = [];
    const warnings: string[] = [];
    const outcomes = await Promise.all(
      objects.map(async object => {
        const label = `${object.kind} ${
          object.metadata.namespace ? `${object.metadata.namespace}/` : ''
        }${object.metadata.name}`;
        const objectWarnings: string[] = [];
        let outcome:
          | { applied: AppliedObject; diff: string; removed: string[] }
          | undefined;
        try {
          const [{ applied, live, before }] = await applyObjects(
            client,
            [object],
            {
              dryRun: true,
              force,
              warnings: objectWarnings,
              ...(emptyNamespace ? { expected: ['created' as const] } : {}),
            },
          );
          outcome = {
            applied,
            diff: objectDiff(label, before, live),
            removed: removedFields(label, before, live),
          };
        } catch (error) {
          if (
            error instanceof ServiceUnavailableError ||
            !(error instanceof Error)
          )
            throw scrubSecretError(error, [object]);
          problems.push({
            text: `${label}: ${scrubSecretValues(
              error.message.replace(/^applying [^:]+: /, ''),
              [object],
            )}`,
            forbidden: error instanceof NotAllowedError,
          });
        }
        for (const raw of objectWarnings) {
          const warning = scrubSecretValues(raw, [object]);
          if (/PodSecurity/.test(warning)) {
            problems.push({
              text: `${label}: its pods would be refused: ${warning}`,
              forbidden: false,
            });
          } else {
            warnings.push(`${label}: ${warning}`);
          }
        }
        return outcome;
      }),
    );
    if (problems.length > 0) {
      const message = `The server-side dry run refused ${
        problems.length
      } object(s); nothing was applied:\n${problems
        .map(p => p.text)
        .sort()
        .join('\n')}`;
      throw problems.every(p => p.forbidden)
        ? new NotAllowedError(message)
        : new InputError(message);
    }
    const done = outcomes.filter(
      (o): o is { applied: AppliedObject; diff: string; removed: string[] } =>
        Boolean(o),
    );
    return {
      cluster,
      objects,
      results: done.map(o => o.applied),
      diff: done
        .map(o => o.diff)
        .filter(Boolean)
        .join('\n'),
      warnings,
      removedFields: done.flatMap(o => o.removed),
    };
  }
}
