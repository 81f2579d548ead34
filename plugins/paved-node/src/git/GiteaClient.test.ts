import { loopbackServer } from '../testUtils/loopbackServer';
import { GiteaClient } from './GiteaClient';

describe('GiteaClient', () => {
  const seen: Array<{ method?: string; url?: string; auth?: string }> = [];
  let answer: (method: string, url: string) => [number, unknown];
  let server: Awaited<ReturnType<typeof loopbackServer>>;

  beforeAll(async () => {
    server = await loopbackServer((req, res) => {
      seen.push({
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
      });
      if (req.url?.includes('/slow')) return; // never answers
      const [status, body] = answer(req.method!, req.url!);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    seen.length = 0;
  });

  const client = (timeoutMs = 5_000) =>
    new GiteaClient(
      {
        host: new URL(server.url).host,
        baseUrl: server.url,
        username: 'paved-admin',
        password: 's3cret-token',
      },
      { timeoutMs },
    );

  it('reads organisations and repositories as the integration’s user', async () => {
    const routes: Record<string, [number, unknown]> = {
      '/api/v1/orgs/team-checkout': [200, { username: 'team-checkout' }],
      '/api/v1/repos/team-checkout/orders': [
        200,
        { private: true, empty: false },
      ],
    };
    answer = (_m, url) => routes[url] ?? [404, { message: 'not found' }];
    const gitea = client();
    expect(await gitea.hasOrganization('team-checkout')).toBe(true);
    expect(await gitea.hasOrganization('team-nobody')).toBe(false);
    expect(await gitea.getRepository('team-checkout', 'orders')).toEqual({
      organization: 'team-checkout',
      name: 'orders',
      url: `${server.url}/team-checkout/orders`,
      private: true,
      empty: false,
    });
    expect(await gitea.getRepository('team-checkout', 'none')).toBeUndefined();
    expect(seen[0].auth).toBe(
      `Basic ${Buffer.from('paved-admin:s3cret-token').toString('base64')}`,
    );
  });

  it('creates private repositories and names a taken name or a missing organisation', async () => {
    const created: Record<string, [number, unknown]> = {
      '/api/v1/orgs/team-checkout/repos': [201, { private: true, empty: true }],
      '/api/v1/orgs/team-search/repos': [409, { message: 'exists' }],
    };
    answer = (method, url) =>
      method === 'POST' ? created[url] ?? [404, {}] : [405, undefined];
    const gitea = client();
    await expect(
      gitea.createRepository('team-checkout', 'orders', 'Orders'),
    ).resolves.toMatchObject({ private: true, empty: true });
    await expect(
      gitea.createRepository('team-search', 'orders', 'Orders'),
    ).rejects.toThrow(
      `The repository ${server.url}/team-search/orders already exists; choose another name`,
    );
    await expect(
      gitea.createRepository('team-nobody', 'orders', 'Orders'),
    ).rejects.toThrow('has no organisation team-nobody');
  });

  it('names the host when it refuses the credentials, without the token', async () => {
    answer = () => [401, { message: 'token is invalid' }];
    const error = await client()
      .getRepository('team-checkout', 'orders')
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain(`The git host ${server.url} refused`);
    expect(error.message).not.toContain('s3cret-token');
  });

  it('gives up on a host that does not answer within the timeout', async () => {
    const error = await client(200)
      .getRepository('team-checkout', 'slow')
      .catch(e => e);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toContain('did not answer within 200 ms');
  });

  it('waits until the host has recorded a push, and gives up naming the repository', async () => {
    let reads = 0;
    answer = (_m, url) => {
      if (url.endsWith('/never')) return [200, { empty: true }];
      reads += 1;
      return [200, { private: true, empty: reads < 3 }];
    };
    await expect(
      client().waitUntilNotEmpty('team-checkout', 'orders', { intervalMs: 10 }),
    ).resolves.toMatchObject({ empty: false });
    expect(reads).toBe(3);
    await expect(
      client().waitUntilNotEmpty('team-checkout', 'never', {
        intervalMs: 10,
        timeoutMs: 100,
      }),
    ).rejects.toThrow(
      'had not recorded the push to team-checkout/never after 100 ms',
    );
  });

  it('deletes a repository, and one already gone is fine', async () => {
    answer = (_m, url) =>
      url.endsWith('/gone') ? [404, {}] : [204, undefined];
    await client().deleteRepository('team-checkout', 'orders');
    await client().deleteRepository('team-checkout', 'gone');
    expect(seen.map(s => s.method)).toEqual(['DELETE', 'DELETE']);
  });
});
