import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VaultClient } from './VaultClient';

interface Seen {
  method: string;
  path: string;
  token: string;
  contentType?: string;
  body?: any;
}

/** A fake Vault: `answer` decides each response; every request is recorded. */
function fakeVault(
  answer: (req: Seen) => { status: number; body?: unknown } | 'hang',
) {
  const seen: Seen[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    const req: Seen = {
      method: String(init.method),
      path: new URL(url).pathname.replace(/^\/v1\//, ''),
      token: headers['X-Vault-Token'],
      contentType: headers['Content-Type'],
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    };
    seen.push(req);
    const out = answer(req);
    if (out === 'hang') {
      return new Promise((_, reject) =>
        init.signal!.addEventListener('abort', () =>
          reject(init.signal!.reason),
        ),
      );
    }
    return new Response(
      out.body === undefined ? '' : JSON.stringify(out.body),
      { status: out.status },
    );
  }) as unknown as typeof fetch;
  return { seen, fetchImpl };
}

const minted = (token: string, ttl = 300) => ({
  status: 200,
  body: { auth: { client_token: token, lease_duration: ttl } },
});
const TEAM = 'group.default.team-checkout';
const DATA = `paved/data/${TEAM}/checkout-dev/db`;

describe('VaultClient', () => {
  let dir: string;
  let tokenFile: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-client-'));
    tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'paved-1\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('mints a team token through the role with the team policy only, and reuses it until shortly before expiry', async () => {
    let now = 1_000_000;
    let n = 0;
    const vault = fakeVault(() => minted(`team-${++n}`));
    const client = new VaultClient({
      address: 'http://vault:8200/',
      tokenFile,
      fetch: vault.fetchImpl,
      now: () => now,
    });
    expect(await client.teamToken(TEAM)).toBe('team-1');
    expect(vault.seen[0]).toMatchObject({
      method: 'POST',
      path: 'auth/token/create/paved-team-writer',
      token: 'paved-1',
      body: { policies: [`paved-team-${TEAM}`] },
    });
    now += 200_000;
    expect(await client.teamToken(TEAM)).toBe('team-1');
    // the token file is read on every use: a rotated token is picked up
    fs.writeFileSync(tokenFile, 'paved-2\n');
    now += 50_000; // 50 s of 300 left: less than the renewal margin
    expect(await client.teamToken(TEAM)).toBe('team-2');
    expect(vault.seen.map(s => s.token)).toEqual(['paved-1', 'paved-2']);
  });

  it('merges keys into an existing secret with a merge patch, never reading it', async () => {
    const vault = fakeVault(req =>
      req.path.startsWith('auth/')
        ? minted('team')
        : { status: 200, body: { data: { version: 4 } } },
    );
    const client = new VaultClient({
      address: 'http://vault:8200',
      token: 'paved',
      fetch: vault.fetchImpl,
    });
    await expect(
      client.writeKeys(TEAM, 'checkout-dev', 'db', { url: 'postgres://x' }),
    ).resolves.toEqual({ version: 4 });
    expect(vault.seen[1]).toEqual({
      method: 'PATCH',
      path: DATA,
      token: 'team',
      contentType: 'application/merge-patch+json',
      body: { data: { url: 'postgres://x' } },
    });
    expect(vault.seen.some(s => s.method === 'GET')).toBe(false);
  });

  it('creates a missing secret with check-and-set 0, and merges when it appeared meanwhile', async () => {
    const answers = [
      minted('team'),
      { status: 404, body: { errors: [] } },
      {
        status: 400,
        body: {
          errors: ['check-and-set parameter did not match the current version'],
        },
      },
      { status: 200, body: { data: { version: 2 } } },
    ];
    const vault = fakeVault(() => answers.shift()!);
    const client = new VaultClient({
      address: 'http://vault:8200',
      token: 'paved',
      fetch: vault.fetchImpl,
    });
    await expect(
      client.writeKeys(TEAM, 'checkout-dev', 'db', { k: 'v' }),
    ).resolves.toEqual({ version: 2 });
    expect(vault.seen.slice(1).map(s => [s.method, s.body])).toEqual([
      ['PATCH', { data: { k: 'v' } }],
      ['POST', { options: { cas: 0 }, data: { k: 'v' } }],
      ['PATCH', { data: { k: 'v' } }],
    ]);
  });

  it('maps a refusal to NotAllowedError naming the path, never quoting a value Vault echoes', async () => {
    const value = 's3cr3t-"quoted"-value';
    const vault = fakeVault(req =>
      req.path.startsWith('auth/')
        ? minted('team')
        : {
            status: 403,
            body: {
              errors: [`permission denied for ${JSON.stringify(value)}`],
            },
          },
    );
    const client = new VaultClient({
      address: 'http://vault:8200',
      token: 'paved',
      fetch: vault.fetchImpl,
    });
    const error = await client
      .writeKeys(TEAM, 'checkout-dev', 'db', { password: value })
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain(DATA);
    expect(error.message).toContain('permission denied');
    expect(error.message).not.toContain('s3cr3t');
    // a refused team token is replaced once, then the refusal stands
    expect(vault.seen.filter(s => s.method === 'PATCH')).toHaveLength(2);
  });

  it('maps a missing token role to NotFoundError and a bad request to InputError', async () => {
    const notFound = fakeVault(() => ({ status: 404, body: { errors: [] } }));
    const client = new VaultClient({
      address: 'http://vault:8200',
      token: 'paved',
      fetch: notFound.fetchImpl,
    });
    const error = await client.teamToken(TEAM).catch(e => e);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toContain('auth/token/create/paved-team-writer');

    const bad = fakeVault(() => ({ status: 400, body: { errors: ['nope'] } }));
    const other = new VaultClient({
      address: 'http://vault:8200',
      token: 'paved',
      fetch: bad.fetchImpl,
    });
    await expect(other.teamToken(TEAM)).rejects.toMatchObject({
      name: 'InputError',
    });
  });

  it('fails a call Vault does not answer in time with an error naming the call', async () => {
    const vault = fakeVault(() => 'hang');
    const client = new VaultClient({
      address: 'http://vault:8200',
      token: 'paved',
      timeoutMs: 50,
      fetch: vault.fetchImpl,
    });
    const error = await client.teamToken(TEAM).catch(e => e);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.statusCode).toBe(504);
    expect(error.message).toMatch(
      /did not answer minting a token for team group\.default\.team-checkout .* within 50 ms/,
    );
  });

  it('reports an unreachable Vault and an unreadable token file', async () => {
    const unreachable = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const client = new VaultClient({
      address: 'http://vault:8200',
      token: 'paved',
      fetch: unreachable,
    });
    await expect(client.teamToken(TEAM)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('unreachable'),
    });
    const noFile = new VaultClient({
      address: 'http://vault:8200',
      tokenFile: path.join(dir, 'missing'),
      fetch: unreachable,
    });
    await expect(noFile.teamToken(TEAM)).rejects.toMatchObject({
      message: expect.stringContaining('ENOENT'),
    });
  });

  it('refuses paths that could leave the team, and writes without keys, before any request', async () => {
    const vault = fakeVault(() => minted('team'));
    const client = new VaultClient({
      address: 'http://vault:8200',
      token: 'paved',
      fetch: vault.fetchImpl,
    });
    for (const [team, ns, name] of [
      ['group.default.team-a/../b', 'ns', 'x'],
      [TEAM, 'ns/..', 'x'],
      [TEAM, 'ns', '../x'],
      ['', 'ns', 'x'],
    ]) {
      await expect(
        client.writeKeys(team, ns, name, { k: 'v' }),
      ).rejects.toMatchObject({ name: 'InputError' });
    }
    await expect(client.writeKeys(TEAM, 'ns', 'x', {})).rejects.toMatchObject({
      name: 'InputError',
    });
    await expect(
      client.writeKeys(TEAM, 'ns', 'x', { 'bad/key': 'v' }),
    ).rejects.toMatchObject({ name: 'InputError' });
    expect(vault.seen).toEqual([]);
  });
});
