import { SourcedObject } from '../apply/types';
import { checkImages } from './images';
import {
  Finding,
  checkPodSecurity,
  checkProbes,
  checkResources,
} from './podSecurity';
import { podTemplates } from './podTemplates';
import {
  apiGroupOf,
  checkClusterScoped,
  checkServiceAccountToken,
  isKnownClusterScoped,
} from './privileged';
import { GuardrailPolicy, GuardrailViolation } from './types';
import { objectLabel } from '../apply/objectLabel';

/**
 * What is known about a target namespace when guardrails run.
 *
 * @public
 */
export interface TargetNamespace {
  exists: boolean;
  /** Whether Paved manages it (an environment). */
  managed: boolean;
  /** Owning team's entity ref, for environments. */
  team?: string;
}

/**
 * Inputs to {@link checkGuardrails}.
 *
 * @public
 */
export interface GuardrailContext {
  policy: GuardrailPolicy;
  /** The acting user's ownership refs (their groups). */
  ownership: string[];
  /** Namespace for namespaced objects that name none. */
  defaultNamespace?: string;
  /** Looked-up facts about each target namespace. */
  namespaces: Record<string, TargetNamespace>;
  /** Which kinds are namespaced, from discovery; unknown kinds are treated as namespaced. */
  isNamespaced: (object: SourcedObject['object']) => boolean;
  /**
   * Environments the caller already authorized this user to change through Paved's permissions (e.g. a platform
   * admin in any team's environment); the team check accepts them. They must still be Paved environments.
   */
  authorizedNamespaces?: string[];
  /**
   * Whether the acting user is a platform admin (holds `paved.platform.admin`). Only platform admins may
   * apply cluster-scoped objects and `kubernetes.io/service-account-token` Secrets. Defaults to false.
   */
  platformAdmin?: boolean;
}

/**
 * Every guardrail violation of a set of objects, all at once, each naming the object, the field and the fix.
 * Nothing is sent to the cluster here.
 *
 * @public
 */
export function checkGuardrails(
  objects: SourcedObject[],
  context: GuardrailContext,
): GuardrailViolation[] {
  const { policy } = context;
  const violations: GuardrailViolation[] = [];
  const forbidden = new Set(policy.forbiddenKinds);
  for (const { object, source } of objects) {
    const namespaced =
      context.isNamespaced(object) && !isKnownClusterScoped(object);
    const namespace = namespaced
      ? object.metadata.namespace ?? context.defaultNamespace
      : undefined;
    const label = objectLabel({
      kind: object.kind,
      namespace,
      name: object.metadata.name,
    });
    const push = (f: Finding) =>
      violations.push({ ...f, object: label, source });
    const group = apiGroupOf(object.apiVersion);
    const forbiddenKind =
      forbidden.has(object.kind) || forbidden.has(`${group}/${object.kind}`);
    if (forbiddenKind) {
      push({
        rule: 'kinds',
        path: 'kind',
        message: `${object.kind} may not be applied from a template`,
        fix:
          object.kind === 'Namespace'
            ? 'create environments with the kubernetes:environment:create action, then deploy into them'
            : 'ask the platform team to manage cluster-wide objects',
      });
    }
    if (!namespaced && !forbiddenKind && !context.platformAdmin) {
      checkClusterScoped(object).forEach(push);
    }
    if (!context.platformAdmin) checkServiceAccountToken(object).forEach(push);
    if (namespaced && policy.requireTeamEnvironment) {
      checkEnvironment(namespace, context).forEach(push);
    }
    for (const template of podTemplates(object)) {
      if (policy.podSecurityRestricted)
        checkPodSecurity(template).forEach(push);
      if (policy.requireResources) checkResources(template).forEach(push);
      if (policy.requireProbes) checkProbes(template).forEach(push);
      checkImages(template, policy).forEach(push);
    }
  }
  return violations;
}

function checkEnvironment(
  namespace: string | undefined,
  context: GuardrailContext,
): Finding[] {
  if (!namespace) {
    return [
      {
        rule: 'environment',
        path: 'metadata.namespace',
        message:
          'the object names no namespace and no default namespace was given',
        fix: 'set the action input "namespace" to one of your team\u2019s environments',
      },
    ];
  }
  const target = context.namespaces[namespace];
  if (!target?.exists) {
    return [
      {
        rule: 'environment',
        path: 'metadata.namespace',
        message: `namespace "${namespace}" does not exist`,
        fix: 'create the environment first (kubernetes:environment:create), or pick an existing one',
      },
    ];
  }
  if (!target.managed) {
    return [
      {
        rule: 'environment',
        path: 'metadata.namespace',
        message: `namespace "${namespace}" is not a Paved environment`,
        fix: 'deploy into an environment of your team; namespaces not made by Paved are off limits',
      },
    ];
  }
  if (context.authorizedNamespaces?.includes(namespace)) return [];
  if (!target.team || !context.ownership.includes(target.team)) {
    return [
      {
        rule: 'environment',
        path: 'metadata.namespace',
        message: `environment "${namespace}" belongs to ${
          target.team || 'no team'
        }, not to a team of yours (${
          context.ownership.filter(r => r.startsWith('group:')).join(', ') ||
          'none'
        })`,
        fix: 'deploy into an environment your team owns, or ask that team to do it',
      },
    ];
  }
  return [];
}

/**
 * Formats violations for an error message and the task log, one per line.
 *
 * @public
 */
export function formatViolations(violations: GuardrailViolation[]): string {
  return violations
    .map(
      v =>
        `${v.object}${v.source ? ` (${v.source})` : ''}: ${v.path}: ${
          v.message
        }; fix: ${v.fix} [${v.rule}]`,
    )
    .join('\n');
}
