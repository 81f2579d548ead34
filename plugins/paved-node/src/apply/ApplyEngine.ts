import { Config } from '@backstage/config';
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
import { dryRunPlan } from './dryRunPlan';
import { enforceGuardrails } from './guardrailGate';
import { ApplyPlan, ApplyPlanRequest } from './plan';
import { prepareObjects } from './prepareObjects';
import { previewPlan } from './previewPlan';
import { AppliedObject } from './types';
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
  ) {}

  /**
   * An engine with the guardrails of `paved.guardrails`, and the extra `rules` an admin added
   * (`pavedGuardrailRulesServiceRef`) run beside them.
   */
  static fromConfig(
    config: Config,
    options: { clusters: ClusterRegistry; rules?: PavedGuardrailRule[] },
  ): ApplyEngine {
    return new ApplyEngine(
      options.clusters,
      readGuardrailPolicy(config),
      options.rules,
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
   */
  async plan(request: ApplyPlanRequest): Promise<ApplyPlan> {
    const service = await this.clusters.client(request.cluster);
    const asUser = await this.clusters.client(
      request.cluster,
      request.identity,
    );
    const { prepared, skipped } = await prepareObjects(service, request);
    if (!request.skipGuardrails) {
      await enforceGuardrails(
        service,
        this.policy,
        prepared,
        request,
        this.rules,
      );
    }
    const objects = prepared.map(p => p.object);
    const secrets = await checkSecretReferences(service, objects);
    if (secrets.missing.length > 0 && request.secretReferences !== 'report') {
      throw missingSecretKeysError(secrets.missing);
    }
    const plan =
      request.mode === 'read-only'
        ? await previewPlan(asUser, request.cluster, objects)
        : await dryRunPlan(asUser, request.cluster, objects, {
            force: request.force ?? false,
            emptyNamespace: request.emptyNamespace ?? false,
          });
    return {
      ...plan,
      warnings: [...skipped, ...secrets.notes, ...plan.warnings],
      ...(secrets.missing.length > 0
        ? { missingSecretKeys: secrets.missing }
        : {}),
    };
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
