import { Config } from '@backstage/config';
import { toError } from '@backstage/errors';
import { ChangeImpact } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { CostPrices, readCostPrices } from '../cost/prices';
import { assessChange } from '../impact/assessChange';
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
import { previewPlan } from './previewPlan';
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
    const impact =
      request.impact === false
        ? undefined
        : await this.assess(asUser, request.cluster, plan);
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
   * The blast radius and cost forecast of a plan in its one namespace (a change spanning several is not
   * assessed); a failure to read what the assessment needs becomes a note, never a refusal.
   */
  private async assess(
    asUser: KubernetesClient,
    cluster: string,
    plan: ApplyPlan,
  ): Promise<ChangeImpact | undefined> {
    const namespaces = new Set(
      plan.objects.map(o => o.metadata.namespace).filter(Boolean),
    );
    if (namespaces.size !== 1) return undefined;
    const [namespace] = [...namespaces] as string[];
    try {
      return await assessChange({
        client: asUser,
        namespace,
        changed: plan.planned ?? plan.objects,
        prices: this.prices.get(cluster),
      });
    } catch (error) {
      return {
        blastRadius: {
          restartingPods: [],
          services: [],
          conflicts: [],
          cutTraffic: [],
          components: [],
          owners: [],
        },
        notes: [
          `The blast radius could not be worked out: ${toError(error).message}`,
        ],
      };
    }
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
    const results = await applyObjects(client, plan.objects, {
      force: options.force,
      expected: plan.results.map(r => r.result),
      warnings,
      onApplied: (applied, live) => options.onApplied?.(applied, live),
      signal: options.signal,
    }).catch(error => {
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
