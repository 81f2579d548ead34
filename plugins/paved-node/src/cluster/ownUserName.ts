import { KubernetesClient } from './KubernetesClient';
import { PavedCluster } from './types';

/** Answers per cluster for Paved's own clients (every such client of one cluster is the same identity). */
const byCluster = new WeakMap<PavedCluster, Promise<string | undefined>>();
/** Answers per client for clients acting as someone else. */
const byClient = new WeakMap<KubernetesClient, Promise<string | undefined>>();

/**
 * The user name a cluster knows Paved's own identity by (`system:serviceaccount:paved-system:paved-backend`
 * for the local cluster), from a SelfSubjectReview; undefined when the API server cannot say (older than
 * Kubernetes 1.28). Asked once per cluster (once per client for an impersonating one); a failed answer is
 * asked again next time.
 *
 * @public
 */
export function ownUserName(
  service: KubernetesClient,
): Promise<string | undefined> {
  const impersonating = Boolean(service.impersonating);
  const known = impersonating
    ? byClient.get(service)
    : byCluster.get(service.cluster);
  if (known) return known;
  const answer = service
    .request<{ status?: { userInfo?: { username?: string } } }>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'SelfSubjectReview',
      },
      context: "reading Paved's own user name",
    })
    .then(review => review.status?.userInfo?.username);
  const kept = answer.catch(() => undefined);
  if (impersonating) byClient.set(service, kept);
  else byCluster.set(service.cluster, kept);
  // a failure is not kept: the next call asks again
  answer.catch(() => {
    if (impersonating) byClient.delete(service);
    else byCluster.delete(service.cluster);
  });
  return kept;
}
