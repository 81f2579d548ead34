import {
  KubernetesClient,
  KubernetesRequest,
} from '../cluster/KubernetesClient';
import { waitForAccess } from './namespaces';

/** A client whose SelfSubjectAccessReviews answer `allowed` in turn (the last answer repeats); keeps each review. */
function reviewer(...allowed: boolean[]) {
  const reviews: KubernetesRequest[] = [];
  const client = {
    request: async (request: KubernetesRequest) => {
      reviews.push(request);
      return {
        status: {
          allowed: allowed[Math.min(reviews.length, allowed.length) - 1],
        },
      };
    },
  } as unknown as KubernetesClient;
  return { client, reviews };
}

describe('waitForAccess', () => {
  it('asks again until the new bindings let the user write in the namespace', async () => {
    const { client, reviews } = reviewer(false, false, true);
    await expect(
      waitForAccess(client, 'shop-dev', { intervalMs: 1 }),
    ).resolves.toBe(true);
    expect(reviews).toHaveLength(3);
    expect(reviews[0]).toMatchObject({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            namespace: 'shop-dev',
            verb: 'patch',
            resource: 'configmaps',
          },
        },
      },
    });
  });

  it('gives up after its attempts when the user is never let in', async () => {
    const { client, reviews } = reviewer(false);
    await expect(
      waitForAccess(client, 'shop-dev', { attempts: 4, intervalMs: 1 }),
    ).resolves.toBe(false);
    expect(reviews).toHaveLength(4);
  });

  it('asks once when the user is let in at once', async () => {
    const { client, reviews } = reviewer(true);
    await expect(waitForAccess(client, 'shop-dev')).resolves.toBe(true);
    expect(reviews).toHaveLength(1);
  });
});
