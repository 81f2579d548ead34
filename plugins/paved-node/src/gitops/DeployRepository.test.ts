import { KubernetesObject } from '../apply/types';
import { DeployRepository, deployComponentOf } from './DeployRepository';

const host = {
  host: 'git.local:3000',
  baseUrl: 'http://git.local:3000',
  username: 'paved',
  password: 'token',
};
const source = (url: string) => ({
  url,
  branch: 'main',
  path: './environments/dev',
});

describe('DeployRepository', () => {
  it('finds the repository a GitOps source fetches on the configured git host', () => {
    const repository = new DeployRepository({ mode: 'git', host });
    expect(
      repository.locate(
        source('http://git.local:3000/team-checkout/deploy.git'),
      ),
    ).toEqual({
      organization: 'team-checkout',
      name: 'deploy',
      branch: 'main',
      path: './environments/dev',
    });
  });

  it('refuses a source on another host, a path that is not a repository, and any source without a git host', () => {
    const repository = new DeployRepository({ mode: 'git', host });
    expect(() =>
      repository.locate(source('https://github.com/team-checkout/deploy.git')),
    ).toThrow(/not a repository of the git host http:\/\/git.local:3000/);
    expect(() =>
      repository.locate(source('http://git.local:3000/team-checkout')),
    ).toThrow(/not a repository of the git host/);
    const none = new DeployRepository({
      mode: 'local',
      reason: 'no git host is configured (paved.git.host)',
    });
    expect(() =>
      none.locate(source('http://git.local:3000/team-checkout/deploy.git')),
    ).toThrow(
      /delivered by GitOps from http:\/\/git.local:3000\/team-checkout\/deploy.git, and Paved has no git host to write to \(no git host is configured \(paved.git.host\)\); nothing was applied/,
    );
  });
});

describe('deployComponentOf', () => {
  const labelled = (id?: string) =>
    ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `cm-${id}`,
        ...(id ? { labels: { 'backstage.io/kubernetes-id': id } } : {}),
      },
    } as KubernetesObject);

  it('takes the component the objects share, or the one given', () => {
    expect(deployComponentOf([labelled('shop'), labelled('shop')])).toBe(
      'shop',
    );
    expect(deployComponentOf([labelled()], 'shop')).toBe('shop');
  });

  it('refuses objects of several components or none, naming the field', () => {
    expect(() =>
      deployComponentOf([labelled('shop'), labelled('cart')]),
    ).toThrow(
      /component: the objects do not share one backstage.io\/kubernetes-id label \(found shop, cart\)/,
    );
    expect(() => deployComponentOf([labelled()])).toThrow(/found none/);
  });
});
