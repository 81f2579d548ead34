import { objectLabel } from '../apply/objectLabel';
import { KubernetesObject } from '../apply/types';
import { ClusterIdentity } from '../cluster/types';
import { GuardrailViolation } from './types';

/**
 * What an extra guardrail rule finds wrong in one object: the field, what is wrong, and how to fix it.
 *
 * @public
 */
export interface PavedGuardrailFinding {
  /** Field path in the object, e.g. `metadata.labels.cost-center`. */
  path: string;
  message: string;
  fix: string;
}

/**
 * What an extra guardrail rule knows of the change it checks.
 *
 * @public
 */
export interface PavedGuardrailRuleContext {
  cluster: string;
  /** The object's namespace (the default namespace filled in); absent for cluster-scoped objects. */
  namespace?: string;
  /** Where the manifest came from, e.g. `manifests/app.yaml#1`. */
  source: string;
  /** The acting user, when the change is made for one. */
  identity?: ClusterIdentity;
  /** Whether the acting user is a platform admin. */
  platformAdmin: boolean;
}

/**
 * A guardrail an admin adds beside Paved's built-in ones (through `pavedGuardrailRulesServiceRef`). Its
 * findings refuse the change like a built-in violation: nothing is applied, and the message names the
 * object, the field, the fix and the rule's id.
 *
 * @public
 */
export interface PavedGuardrailRule {
  /** The rule's id, shown in brackets after the fix, e.g. `acme.cost-center-label`. */
  id: string;
  /** The findings for one object; none when it complies. */
  check(
    object: KubernetesObject,
    context: PavedGuardrailRuleContext,
  ): PavedGuardrailFinding[] | Promise<PavedGuardrailFinding[]>;
}

/** Runs the extra rules over every object and returns their findings as guardrail violations. */
export async function checkGuardrailRules(
  rules: PavedGuardrailRule[],
  objects: {
    object: KubernetesObject;
    source: string;
    isNamespaced: boolean;
  }[],
  context: Omit<PavedGuardrailRuleContext, 'namespace' | 'source'>,
): Promise<GuardrailViolation[]> {
  const found = await Promise.all(
    objects.flatMap(({ object, source, isNamespaced }) => {
      const namespace = isNamespaced ? object.metadata.namespace : undefined;
      const label = objectLabel({
        kind: object.kind,
        namespace,
        name: object.metadata.name,
      });
      return rules.map(async rule =>
        (await rule.check(object, { ...context, namespace, source })).map(
          finding => ({ ...finding, rule: rule.id, object: label, source }),
        ),
      );
    }),
  );
  return found.flat();
}
