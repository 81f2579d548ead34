import { EnvironmentSummary, isErrorNamed } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { sleep } from '../cluster/retry';
import { summarizeEnvironment } from './summary';
import { EnvironmentLog } from './types';

/** A namespace by name, or undefined when it does not exist. */
export async function readNamespace(
  client: KubernetesClient,
  name: string,
): Promise<KubernetesObject | undefined> {
  try {
    return await client.request<KubernetesObject>({
      path: `/api/v1/namespaces/${name}`,
    });
  } catch (error) {
    if (isErrorNamed(error, 'NotFoundError')) return undefined;
    throw error;
  }
}

/** The environment a namespace object stands for, or undefined when Paved does not manage it. */
export function summarize(
  cluster: string,
  ns: KubernetesObject,
): EnvironmentSummary | undefined {
  return summarizeEnvironment(
    cluster,
    ns as Parameters<typeof summarizeEnvironment>[1],
  );
}

/** Asks Kubernetes to delete a namespace; what is inside goes with it, in the background. */
export async function deleteNamespace(
  client: KubernetesClient,
  namespace: string,
  context?: string,
): Promise<void> {
  await client.request({
    method: 'DELETE',
    path: `/api/v1/namespaces/${namespace}`,
    ...(context ? { context } : {}),
  });
}

/**
 * Waits until the namespace's `default` ServiceAccount exists: pods can only be created from then on.
 * Polls `attempts` times, `intervalMs` apart; resolves true once it exists, false when it never appeared or
 * the client may not read ServiceAccounts there (nothing to wait for then).
 *
 * @public
 */
export async function waitForDefaultServiceAccount(
  client: KubernetesClient,
  namespace: string,
  options: { attempts?: number; intervalMs?: number } = {},
): Promise<boolean> {
  for (let attempt = 0; attempt < (options.attempts ?? 100); attempt++) {
    try {
      await client.request({
        path: `/api/v1/namespaces/${namespace}/serviceaccounts/default`,
      });
      return true;
    } catch (error) {
      if (isErrorNamed(error, 'NotAllowedError')) return false;
      if (!isErrorNamed(error, 'NotFoundError')) throw error;
      await new Promise(resolve =>
        setTimeout(resolve, options.intervalMs ?? 25),
      );
    }
  }
  return false;
}

/**
 * Waits until the API server lets `asUser` write ConfigMaps in `namespace` (a SelfSubjectAccessReview as that
 * user). A RoleBinding takes effect once the API server's authorizer has seen it, a moment after it was
 * written, so a request made as the user right after the environment's bindings were written can be refused.
 * Polls `attempts` times, `intervalMs` apart; resolves true once allowed, false when it never was (the
 * user's own request then says what is refused).
 *
 * @public
 */
export async function waitForAccess(
  asUser: KubernetesClient,
  namespace: string,
  options: {
    attempts?: number;
    intervalMs?: number;
    signal?: AbortSignal;
  } = {},
): Promise<boolean> {
  for (let attempt = 0; attempt < (options.attempts ?? 80); attempt++) {
    if (attempt > 0) await sleep(options.intervalMs ?? 25, options.signal);
    const review = await asUser.request<{ status?: { allowed?: boolean } }>({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            namespace,
            verb: 'patch',
            resource: 'configmaps',
          },
        },
      },
      // a review stores nothing
      idempotent: true,
      context: `checking that the environment's bindings are in effect in ${namespace}`,
      signal: options.signal,
    });
    if (review.status?.allowed) return true;
  }
  return false;
}

/** Waits up to two minutes for a deleted namespace to be gone, then leaves the rest to Kubernetes. */
export async function waitForGone(
  client: KubernetesClient,
  namespace: string,
  log: EnvironmentLog,
): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (!(await readNamespace(client, namespace))) {
      log(`Environment ${namespace} deleted`);
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  log(
    `Namespace ${namespace} is still terminating; Kubernetes finishes deleting it in the background`,
  );
}
