import { ConfigReader, JsonObject } from '@backstage/config';
import {
  gitOrganizationOf,
  readGitPublishTarget,
  repositoryUrl,
} from './settings';

const gitea = (entry: JsonObject) => ({
  integrations: { gitea: [entry] },
});

describe('readGitPublishTarget', () => {
  it('publishes to the integrations.gitea entry paved.git.host names, with its credentials', () => {
    const target = readGitPublishTarget(
      new ConfigReader({
        ...gitea({
          host: 'git.local:3000',
          baseUrl: 'http://git.local:3000/',
          username: 'paved-admin',
          password: 'token',
        }),
        paved: { git: { host: 'git.local:3000' } },
      }),
    );
    expect(target).toEqual({
      mode: 'git',
      host: {
        host: 'git.local:3000',
        baseUrl: 'http://git.local:3000',
        username: 'paved-admin',
        password: 'token',
      },
    });
  });

  it('falls back to the local catalog, saying why, without a usable entry', () => {
    expect(readGitPublishTarget(new ConfigReader({}))).toEqual({
      mode: 'local',
      reason: 'no git host is configured (paved.git.host)',
    });
    expect(
      readGitPublishTarget(
        new ConfigReader({
          ...gitea({ host: 'other:1' }),
          paved: { git: { host: 'git.local:3000' } },
        }),
      ),
    ).toEqual({
      mode: 'local',
      reason:
        'paved.git.host is git.local:3000, but integrations.gitea has no entry for that host',
    });
    const anonymous = readGitPublishTarget(
      new ConfigReader({
        ...gitea({ host: 'git.local:3000', baseUrl: 'http://git.local:3000' }),
        paved: { git: { host: 'git.local:3000' } },
      }),
    );
    expect(anonymous).toMatchObject({
      mode: 'local',
      reason: expect.stringContaining('has no username and password'),
    });
  });
});

describe('gitOrganizationOf', () => {
  it('is the team’s name, with its namespace outside default', () => {
    expect(gitOrganizationOf('group:default/team-checkout')).toBe(
      'team-checkout',
    );
    expect(gitOrganizationOf('team-search')).toBe('team-search');
    expect(gitOrganizationOf('group:acme/Payments')).toBe('acme-payments');
  });

  it('refuses an owner that is not a group, naming the field', () => {
    expect(() => gitOrganizationOf('user:default/alice')).toThrow(
      'owner: user:default/alice is not a team',
    );
    expect(() => gitOrganizationOf('a:b:c')).toThrow('not an entity ref');
  });

  it('builds the repository’s web address', () => {
    expect(
      repositoryUrl({ baseUrl: 'http://h:1' }, 'team-checkout', 'orders'),
    ).toBe('http://h:1/team-checkout/orders');
  });
});
