import { InputError } from '@backstage/errors';
import {
  KubernetesNameKind,
  kubernetesNameProblem,
} from '@paved/plugin-paved-common';

/**
 * Refuses action inputs that are not Kubernetes names exactly as given (other case, spaces, `..`, `/`,
 * URL-encoded text), naming every such input at once; `undefined` values are skipped. The same check the
 * Paved backend's routes and approval requests use, so an action never checks one object and writes another.
 */
export function requireKubernetesNames(
  inputs: Array<[field: string, value: unknown, kind: KubernetesNameKind]>,
): void {
  const problems = inputs
    .filter(([, value]) => value !== undefined)
    .map(([field, value, kind]) => kubernetesNameProblem(field, value, kind))
    .filter((p): p is string => Boolean(p));
  if (problems.length > 0) throw new InputError(problems.join('; '));
}
