import { mkdtemp, rm, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PavedCluster } from '../types';
import { builtInAuthStrategies } from './builtInStrategies';

const [serviceAccount, oidc] = builtInAuthStrategies();

const cluster = (
  authMetadata: Record<string, string>,
  token?: string,
): PavedCluster => ({
  name: 'edge',
  url: 'https://edge',
  skipTLSVerify: false,
  impersonate: true,
  token,
  authMetadata,
});

describe('built-in auth strategies', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paved-auth-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('serviceAccount gives the configured token, or the token file read again after it rotates', async () => {
    const strategy = serviceAccount;
    expect(await strategy.getCredential(cluster({}, 'static'))).toBe('static');
    const file = join(dir, 'token');
    await writeFile(file, 'first\n');
    const fromFile = cluster({ serviceAccountTokenFile: file });
    expect(await strategy.getCredential(fromFile)).toBe('first');
    await writeFile(file, 'second-token');
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    expect(await strategy.getCredential(fromFile)).toBe('second-token');
  });

  it('oidc reads the token file or the environment variable, and says which setting is missing', async () => {
    const strategy = oidc;
    const file = join(dir, 'oidc');
    await writeFile(file, 'id-token');
    expect(await strategy.getCredential(cluster({ oidcTokenFile: file }))).toBe(
      'id-token',
    );
    process.env.PAVED_TEST_OIDC_TOKEN = 'env-token';
    try {
      expect(
        await strategy.getCredential(
          cluster({ oidcTokenEnvVar: 'PAVED_TEST_OIDC_TOKEN' }),
        ),
      ).toBe('env-token');
    } finally {
      delete process.env.PAVED_TEST_OIDC_TOKEN;
    }
    expect(strategy.validateCluster!(cluster({}))).toEqual([
      expect.stringContaining(
        'set oidcTokenFile (a file the platform keeps the token in) or oidcTokenEnvVar',
      ),
    ]);
  });
});
