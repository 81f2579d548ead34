import { Diagnosis } from '@paved/plugin-paved-common';

/** The runtime's words for a ConfigMap (not a Secret) that is missing. */
const CONFIG_MAP = /configmap/i;

/**
 * Whether a container waits for a Secret or one of its keys: a `config-missing` diagnosis
 * (CreateContainerConfigError) whose detail — the runtime's message in the cause's last parentheses —
 * names a Secret or a key rather than a ConfigMap.
 */
export function waitsForSecret(diagnosis: Pick<Diagnosis, 'kind' | 'cause'>) {
  if (
    diagnosis.kind !== 'config-missing' &&
    !/CreateContainerConfigError/.test(diagnosis.cause)
  ) {
    return false;
  }
  const detail = /\(([^()]*)\)\.?\s*$/.exec(diagnosis.cause)?.[1];
  if (!detail) return true;
  return /secret/i.test(detail) || !CONFIG_MAP.test(detail);
}
