import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { KubernetesRequest } from '../cluster/KubernetesClient';
import { findGitOpsTarget } from './gitOpsTarget';

/** A registry whose one cluster answers every read with `answer`. */
function registry(answer: (request: KubernetesRequest) => unknown) {
  return {
    client: async () => ({
      request: async (request: KubernetesRequest) => answer(request),
    }),
  } as unknown as ClusterRegistry;
}

describe('findGitOpsTarget', () => {
  it('finds where a connected environment is delivered from', async () => {
    const target = await findGitOpsTarget(
      registry(r =>
        r.path.includes('gitrepositories')
          ? {
              metadata: {},
              spec: {
                url: 'http://git.local/t/deploy.git',
                ref: { branch: 'main' },
              },
            }
          : { metadata: {}, spec: { path: './environments/dev' } },
      ),
      'local',
      'shop-dev',
    );
    expect(target).toMatchObject({
      cluster: 'local',
      namespace: 'shop-dev',
      source: {
        url: 'http://git.local/t/deploy.git',
        branch: 'main',
        path: './environments/dev',
      },
    });
  });

  it('has none where Flux is not installed, or where Paved may not read its objects', async () => {
    for (const error of [
      new NotFoundError('the server could not find the requested resource'),
      new NotAllowedError('gitrepositories is forbidden'),
    ]) {
      await expect(
        findGitOpsTarget(
          registry(() => {
            throw error;
          }),
          'local',
          'shop-dev',
        ),
      ).resolves.toBeUndefined();
    }
  });

  it('fails when the cluster cannot answer, rather than guessing', async () => {
    await expect(
      findGitOpsTarget(
        registry(() => {
          throw new ServiceUnavailableError('cluster local did not answer');
        }),
        'local',
        'shop-dev',
      ),
    ).rejects.toThrow('cluster local did not answer');
  });
});
