import { Config } from '@backstage/config';
import { CostPrices, readCostPrices } from '../cost/prices';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { ClusterIdentity } from '../cluster/types';
import { readGuardrailPolicy } from '../guardrails/readPolicy';
import { GuardrailPolicy } from '../guardrails/types';
import { PavedGuardrailRule } from '../guardrails/rules';
import {
  checkSecretReferences,
  missingSecretKeysError,
} from '../secrets/checkReferences';
import { scrubSecretError, scrubSecretValues } from '../secrets/redact';
import { applyObjects } from './applyObjects';
import { isPartialApplyError } from './PartialApplyError';
import { dryRunPlan } from './dryRunPlan';
import { enforceGuardrails } from './guardrailGate';
import { ApplyPlan, ApplyPlanRequest } from './plan';
import { prepareObjects } from './prepareObjects';
import { publishStep, timedStep, timedSync } from './stepTiming';
import { objectDiff } from './diff';
import { objectLabel } from './objectLabel';
import { InputError } from '@backstage/errors';
import { previewPlan } from './previewPlan';
import { startImpactAssessment } from './planImpact';
import { AppliedObject, KubernetesObject } from './types';
import { RolloutWaitOptions, waitForPlanRollout } from './waitForRollout';

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
    private readonly rules: PavedGuardrailRule[] = [],
    private readonly prices: Map<string, CostPrices> = new Map(),
  ) {}

  /**
   * An engine with the guardrails of `paved.guardrails`, and the extra `rules` an admin added
   * (`pavedGuardrailRulesServiceRef`) run beside them.
   */
  static fromConfig(
    config: Config,
    options: {
      clusters: ClusterRegistry;
      rules?: PavedGuardrailRule[];
      /** Price tables per cluster for cost forecasts; default `paved.cost.prices`. */
      prices?: Map<string, CostPrices>;
    },
  ): ApplyEngine {
    return new ApplyEngine(
      options.clusters,
      readGuardrailPolicy(config),
      options.rules,
      options.prices ?? readCostPrices(config),
    );
  }

  /** The guardrails in force. */
  get guardrails(): GuardrailPolicy {
    return this.policy;
  }

  /**
   * Checks a change without writing anything: guardrails first (every violation at once), the workloads'
   * Secret references (a key that does not exist in the target namespace refuses the change, naming it), then a
   * server-side dry run of every object as the acting user (or, in `read-only` mode, a diff against the live
   * objects). Pod Security warnings from the dry run are failures, since the workload's pods would be refused.
   * Reads that do not depend on each other run side by side: the Secret keys while the guardrails are checked,
   * the live state the impact is assessed against while the dry run runs.
   */
  async plan(request: ApplyPlanRequest): Promise<ApplyPlan> {
    const asUser = await this.clusters.client(
      request.cluster,
      request.identity,
    );
    const { objects, skipped, secrets } = await this.check(request);
    const assess =
      request.impact === false
        ? undefined
        : startImpactAssessment(
            asUser,
            objects,
            this.prices.get(request.cluster),
          );
    const plan = await timedStep('dry-run', objects.length, () =>
      request.mode === 'read-only'
        ? previewPlan(asUser, request.cluster, objects)
        : dryRunPlan(asUser, request.cluster, objects, {
            force: request.force ?? false,
            emptyNamespace: request.emptyNamespace ?? false,
          }),
    );
    const impact = await assess?.(plan.planned ?? plan.objects);
    return {
      ...plan,
      ...(impact ? { impact } : {}),
      warnings: [...skipped, ...secrets.notes, ...plan.warnings],
      ...(secrets.missing.length > 0
        ? { missingSecretKeys: secrets.missing }
        : {}),
    };
  }

  /**
   * Checks and applies objects into a namespace made for them moments ago and still empty (a clone's new
   * target) as the acting user: guardrails and Secret references as {@link ApplyEngine.plan} checks them,
   * then the apply itself with no separate dry run, since the API server's admission (quotas, Pod Security,
   * validation) runs on the apply and nothing was there before. A refusal throws a
   * {@link PartialApplyError} naming the objects applied, refused and never sent; a Pod Security warning (the
   * workload's pods would be refused) throws an `InputError` naming the objects. Either way the caller
   * removes the namespace. Answers the plan the apply turned out to be: every object created, the diff
   * against nothing from the API server's answers.
   */
  async applyToEmptyNamespace(
    request: ApplyPlanRequest & { defaultNamespace: string },
    options: {
      /** Called as each object lands, with the object the API server answered with. */
      onApplied?: (applied: AppliedObject, live: KubernetesObject) => void;
      /** Stops the apply: nothing more is sent. */
      signal?: AbortSignal;
      /** Workloads are sent once this has settled (see `applyObjects`). */
      workloadsAfter?: Promise<unknown>;
      /** Called once the checks passed, before the first object is sent. */
      onChecked?: (objects: KubernetesObject[]) => void;
      /**
       * The target Namespace as the API server answered the write that made it: the guardrails judge it
       * (whose it is, whether Paved manages it) without reading it again.
       */
      namespace?: KubernetesObject;
    } = {},
  ): Promise<{ plan: ApplyPlan; applied: AppliedObject[] }> {
    const { objects, skipped, secrets } = await this.check(
      { ...request, emptyNamespace: true },
      options.namespace,
    );
    const client = await this.clusters.client(
      request.cluster,
      request.identity,
    );
    options.onChecked?.(objects);
    const warnings: string[] = [];
    const diffs = new Map<string, string>();
    const diffing = { ms: 0 };
    const results = await timedStep('apply', objects.length, () =>
      applyObjects(client, objects, {
        force: request.force,
        expected: objects.map(() => 'created' as const),
        warnings,
        labelWarnings: true,
        signal: options.signal,
        workloadsAfter: options.workloadsAfter,
        onApplied: (applied, live) => {
          const label = objectLabel(applied);
          // worked out while the other objects are on their way
          diffs.set(
            label,
            timedSync(diffing, () => objectDiff(label, undefined, live)),
          );
          options.onApplied?.(applied, live);
        },
      }),
    ).catch(error => {
      throw scrubApplyError(error, objects);
    });
    publishStep('diff', diffing.ms, objects.length);
    const scrubbed = warnings.map(w => scrubSecretValues(w, objects));
    const refused = scrubbed.filter(w => /PodSecurity/.test(w));
    if (refused.length > 0) {
      throw new InputError(
        `Pod Security would refuse the pods of ${
          refused.length
        } object(s):\n${refused.join('\n')}`,
      );
    }
    // the results come Namespaces and CRDs first; the plan's objects are kept in the same order
    const byLabel = new Map(
      objects.map(o => [objectLabel({ ...o.metadata, kind: o.kind }), o]),
    );
    const plan: ApplyPlan = {
      cluster: request.cluster,
      objects: results.map(r => byLabel.get(objectLabel(r.applied))!),
      results: results.map(r => r.applied),
      planned: results.map(r => r.live),
      diff: results
        .map(r => diffs.get(objectLabel(r.applied)) ?? '')
        .filter(Boolean)
        .join('\n'),
      warnings: [...skipped, ...secrets.notes, ...scrubbed],
      ...(secrets.missing.length > 0
        ? { missingSecretKeys: secrets.missing }
        : {}),
    };
    return { plan, applied: plan.results };
  }

  /**
   * What every change is checked for before the cluster sees it: the objects prepared (kinds looked up,
   * namespaces filled in), the guardrails (every violation at once), and the workloads' Secret references
   * (missing keys refuse the change unless the request asks for them to be reported). `written` is a target
   * Namespace the caller has just written, which the guardrails then need not read.
   */
  private async check(request: ApplyPlanRequest, written?: KubernetesObject) {
    const service = await this.clusters.client(request.cluster);
    const count = request.objects.length;
    const { prepared, skipped } = await timedStep('prepare', count, () =>
      prepareObjects(service, request),
    );
    const objects = prepared.map(p => p.object);
    const secretsRead = timedStep('secrets', count, () =>
      checkSecretReferences(service, objects, {
        emptyNamespace: request.emptyNamespace
          ? request.defaultNamespace
          : undefined,
      }),
    );
    // awaited after the guardrails, whose violations are reported first
    secretsRead.catch(() => undefined);
    if (!request.skipGuardrails) {
      await timedStep('guardrails', count, () =>
        enforceGuardrails(
          service,
          this.policy,
          prepared,
          request,
          this.rules,
          written ? [written] : [],
        ),
      );
    }
    const secrets = await secretsRead;
    if (secrets.missing.length > 0 && request.secretReferences !== 'report') {
      throw missingSecretKeysError(secrets.missing);
    }
    return { objects, skipped, secrets };
  }

  /**
   * Applies a plan for real as the acting user, reporting each object as it lands. When it fails part of the
   * way it throws a {@link PartialApplyError} naming the objects applied, failed and never sent. Errors and
   * warnings never carry the plan's Secret values.
   */
  async apply(
    plan: ApplyPlan,
    options: {
      identity?: ClusterIdentity;
      force?: boolean;
      /** Called as each object lands, with the object the API server answered with. */
      onApplied?: (applied: AppliedObject, live: KubernetesObject) => void;
      /** Stops the apply (a cancelled task, a shutting-down backend): nothing more is sent. */
      signal?: AbortSignal;
    },
  ): Promise<{ applied: AppliedObject[]; warnings: string[] }> {
    const client = await this.clusters.client(plan.cluster, options.identity);
    const warnings: string[] = [];
    const results = await timedStep('apply', plan.objects.length, () =>
      applyObjects(client, plan.objects, {
        force: options.force,
        expected: plan.results.map(r => r.result),
        warnings,
        onApplied: (applied, live) => options.onApplied?.(applied, live),
        signal: options.signal,
      }),
    ).catch(error => {
      throw scrubApplyError(error, plan.objects);
    });
    return {
      applied: results.map(r => r.applied),
      warnings: warnings.map(w => scrubSecretValues(w, plan.objects)),
    };
  }

  /**
   * Waits until every Deployment, StatefulSet, DaemonSet and Job of the plan has rolled out, reading them as
   * the acting user. On timeout or a failed rollout it throws with the reasons read from pod status and
   * events.
   */
  async waitForRollout(
    plan: ApplyPlan,
    options: RolloutWaitOptions & { identity?: ClusterIdentity },
  ): Promise<void> {
    const client = await this.clusters.client(plan.cluster, options.identity);
    await waitForPlanRollout(client, plan, options);
  }
}

/** An apply's error, and each failed object's reason in a partial apply, without the objects' Secret values. */
function scrubApplyError(error: unknown, objects: KubernetesObject[]): unknown {
  if (isPartialApplyError(error)) {
    for (const failed of error.failed) {
      failed.reason = scrubSecretValues(failed.reason, objects);
    }
  }
  return scrubSecretError(error, objects);
}
