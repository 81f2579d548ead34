import { InputError } from '@backstage/errors';
import {
  PAVED_LABELS,
  PAVED_MANAGED_BY,
  decodeEntityRefLabel,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import {
  checkGuardrails,
  formatViolations,
  TargetNamespace,
} from '../guardrails/checkGuardrails';
import { GuardrailPolicy, GuardrailViolation } from '../guardrails/types';
import { PavedGuardrailRule, checkGuardrailRules } from '../guardrails/rules';
import { GuardrailScope, ApplyTarget } from './plan';
import { PreparedObject } from './prepareObjects';
import { KubernetesObject } from './types';

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

/** What the guardrails need to know of an existing namespace: whether it is Paved's, and whose. */
function targetNamespace(ns: KubernetesObject): TargetNamespace {
  const labels = ns.metadata.labels ?? {};
  const team = decodeEntityRefLabel(labels[PAVED_LABELS.team] ?? '');
  return {
    exists: true,
    managed: labels[PAVED_LABELS.managedBy] === PAVED_MANAGED_BY,
    ...(team ? { team } : {}),
  };
}

/** What the guardrails need to know of one target namespace: whether it exists, is Paved's, and whose. */
async function readTargetNamespace(
  service: KubernetesClient,
  name: string,
): Promise<TargetNamespace> {
  try {
    return targetNamespace(
      await service.request<KubernetesObject>({
        path: `/api/v1/namespaces/${name}`,
      }),
    );
  } catch (error) {
    if (isErrorNamed(error, 'NotFoundError'))
      return { exists: false, managed: false };
    throw error;
  }
}

/**
 * Checks the prepared objects against the guardrails and the extra `rules`, reading their target namespaces
 * with Paved's identity (those in `written`, Namespaces the caller has just written as the API server
 * answered, are taken as they are), and throws a {@link GuardrailError} with every violation at once.
 */
export async function enforceGuardrails(
  service: KubernetesClient,
  policy: GuardrailPolicy,
  prepared: PreparedObject[],
  request: Pick<ApplyTarget, 'cluster' | 'defaultNamespace' | 'identity'> &
    GuardrailScope,
  rules: PavedGuardrailRule[] = [],
  written: KubernetesObject[] = [],
): Promise<void> {
  const known = new Map(written.map(ns => [ns.metadata.name, ns]));
  const names = [
    ...new Set(
      prepared
        .filter(p => p.isNamespaced)
        .map(p => p.object.metadata.namespace)
        .filter((n): n is string => Boolean(n)),
    ),
  ];
  const namespaces = Object.fromEntries(
    await Promise.all(
      names.map(async name => {
        const ns = known.get(name);
        return [
          name,
          ns ? targetNamespace(ns) : await readTargetNamespace(service, name),
        ];
      }),
    ),
  );
  const scoped = new Map(prepared.map(p => [p.object, p.isNamespaced]));
  const violations = checkGuardrails(prepared, {
    policy,
    ownership: request.identity?.groups ?? [],
    defaultNamespace: request.defaultNamespace,
    namespaces,
    isNamespaced: o => scoped.get(o) ?? true,
    authorizedNamespaces: request.authorizedNamespaces,
    platformAdmin: request.platformAdmin ?? false,
  });
  violations.push(
    ...(await checkGuardrailRules(rules, prepared, {
      cluster: request.cluster,
      identity: request.identity,
      platformAdmin: request.platformAdmin ?? false,
    })),
  );
  if (violations.length > 0) throw new GuardrailError(violations);
}
