import type { ChangeImpact } from '@paved/plugin-paved-common';
import { ClusterIdentity } from '../cluster/types';
import type { MissingSecretKey } from '../secrets/checkReferences';
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
  /**
   * Each object as it would be after the change, in the order of `objects`: the dry run's answer, or (in a
   * `read-only` plan) the live object merged with the manifest. Holds Secret values; never shown or stored.
   */
  planned?: KubernetesObject[];
  /** Blast radius and cost forecast of the change, unless the request asked for none. */
  impact?: ChangeImpact;
  /** Unified diff of every changed object, live vs. dry-run result. */
  diff: string;
  warnings: string[];
  /**
   * Fields of live objects the change would remove, as `<object>: <field path>`; known only from a
   * server-side dry run (a `read-only` plan merges onto the live objects and leaves this undefined).
   */
  removedFields?: string[];
  /**
   * Secret keys the workloads read that do not exist yet; only when the request asked for them to be
   * reported (`secretReferences: 'report'`), since otherwise they refuse the plan.
   */
  missingSecretKeys?: MissingSecretKey[];
}

/**
 * What a plan changes: the manifests, where they go and who changes them.
 *
 * @public
 */
export interface ApplyTarget {
  cluster: string;
  objects: SourcedObject[];
  /** Namespace for namespaced objects that name none. */
  defaultNamespace?: string;
  /** The acting user; the dry run and the apply run as them. */
  identity?: ClusterIdentity;
}

/**
 * How the guardrails see the acting user.
 *
 * @public
 */
export interface GuardrailScope {
  /** Skips guardrails (for platform admins' own tooling); the dry run still runs. */
  skipGuardrails?: boolean;
  /** Environments Paved's permissions already allow this user to change (the guardrails' authorizedNamespaces). */
  authorizedNamespaces?: string[];
  /**
   * The acting user holds `paved.platform.admin`: the guardrails then allow cluster-scoped objects and
   * `kubernetes.io/service-account-token` Secrets. Defaults to false.
   */
  platformAdmin?: boolean;
}

/**
 * How a plan is checked against the cluster.
 *
 * @public
 */
export interface PlanCheck {
  /**
   * `dry-run` (default): a server-side dry run as the acting user. `read-only`: no dry run; the diff compares
   * the live objects (read as the acting user) with them merged with the manifests. For changes the user may
   * only propose, such as a developer's change to a protected environment, which the API server would refuse
   * even as a dry run; the approver's dry run comes later.
   */
  mode?: 'dry-run' | 'read-only';
  /** Take ownership of fields another field manager owns (server-side apply's force). */
  force?: boolean;
  /** The target namespace was just created and is empty, so no live object needs reading. */
  emptyNamespace?: boolean;
  /**
   * `check` (default): a workload reading a Secret key that exists neither in the target namespace nor in
   * the change refuses the plan, naming the key. `report`: the plan goes on and lists them in
   * `missingSecretKeys` (a clone, whose new environment is given its values afterwards).
   */
  secretReferences?: 'check' | 'report';
  /**
   * Whether to work out the change's blast radius and cost forecast (reads the namespace's pods, Services,
   * PDBs, HPAs and NetworkPolicies as the user). Default true.
   */
  impact?: boolean;
}

/**
 * Everything `ApplyEngine.plan` needs: the change, how the guardrails see the user, and how the change is
 * checked.
 *
 * @public
 */
export type ApplyPlanRequest = ApplyTarget & GuardrailScope & PlanCheck;
