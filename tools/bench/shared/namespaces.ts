import { isErrorNamed } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../../../plugins/paved-node/src';

/**
 * Deletes a namespace and waits until it is gone (at most `timeoutMs`), so that the next measurement does not
 * share the machine with the namespace controller and the pods being removed.
 */
export async function deleteAndWait(
  admin: KubernetesClient,
  namespace: string,
  timeoutMs = 30_000,
): Promise<void> {
  const path = `/api/v1/namespaces/${namespace}`;
  try {
    await admin.request({ method: 'DELETE', path });
  } catch (error) {
    if (isErrorNamed(error, 'NotFoundError')) return;
    throw error;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await admin.request({ path });
    } catch (error) {
      if (isErrorNamed(error, 'NotFoundError')) return;
      throw error;
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
