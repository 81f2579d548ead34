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
import { timedStep } from './stepTiming';
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
    const service = await this.clusters.client(request.cluster);
    const asUser = await this.clusters.client(
      request.cluster,
      request.identity,
    );
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
        enforceGuardrails(service, this.policy, prepared, request, this.rules),
      );
    }
    const secrets = await secretsRead;
    if (secrets.missing.length > 0 && request.secretReferences !== 'report') {
      throw missingSecretKeysError(secrets.missing);
    }
    const assess =
      request.impact === false
        ? undefined
        : startImpactAssessment(
            asUser,
            objects,
            this.prices.get(request.cluster),
          );
    const plan = await timedStep('dry-run', count, () =>
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
      if (isPartialApplyError(error)) {
        for (const failed of error.failed) {
          failed.reason = scrubSecretValues(failed.reason, plan.objects);
        }
      }
      throw scrubSecretError(error, plan.objects);
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
