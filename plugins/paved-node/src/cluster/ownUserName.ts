import { KubernetesClient } from './KubernetesClient';

const known = new WeakMap<KubernetesClient, Promise<string | undefined>>();

/**
 * The user name a cluster knows Paved's own identity by (`system:serviceaccount:paved-system:paved-backend`
 * for the local cluster), from a SelfSubjectReview; undefined when the API server cannot say (older than
 * Kubernetes 1.28). Asked once per client.
 *
 * @public
 */
export function ownUserName(
  service: KubernetesClient,
): Promise<string | undefined> {
  let answer = known.get(service);
  if (!answer) {
    answer = service
      .request<{ status?: { userInfo?: { username?: string } } }>({
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'SelfSubjectReview',
        },
        context: "reading Paved's own user name",
      })
      .then(review => review.status?.userInfo?.username)
      .catch(() => undefined);
    known.set(service, answer);
  }
  return answer;
}
