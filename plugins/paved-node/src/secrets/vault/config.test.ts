import { ConfigReader } from '@backstage/config';
import { readVaultConfig } from './config';

const read = (vault: unknown) =>
  readVaultConfig(new ConfigReader({ paved: { secrets: { vault } } } as any));

describe('readVaultConfig', () => {
  it('is undefined without paved.secrets.vault', () => {
    expect(readVaultConfig(new ConfigReader({}))).toBeUndefined();
  });

  it('fills the defaults', () => {
    expect(
      read({ address: 'http://127.0.0.1:18200/', tokenFile: '/t' }),
    ).toEqual({
      address: 'http://127.0.0.1:18200',
      tokenFile: '/t',
      kvMount: 'paved',
      tokenRole: 'paved-team-writer',
      teamPolicyPrefix: 'paved-team-',
      timeoutMs: 10_000,
    });
  });

  it('needs exactly one of token and tokenFile', () => {
    expect(() => read({ address: 'http://v:8200' })).toThrow(
      /exactly one of token and tokenFile/,
    );
    expect(() =>
      read({ address: 'http://v:8200', token: 'a', tokenFile: '/t' }),
    ).toThrow(/exactly one of token and tokenFile/);
  });

  it('names the invalid key', () => {
    expect(() =>
      read({ address: 'http://v:8200', token: 'a', timeoutMs: -1 }),
    ).toThrow(/paved\.secrets\.vault\.timeoutMs/);
    expect(() => read({ address: 'vault', token: 'a' })).toThrow(
      /paved\.secrets\.vault\.address/,
    );
    expect(() =>
      read({ address: 'http://v:8200', token: 'a', kvMount: '../x' }),
    ).toThrow(/paved\.secrets\.vault\.kvMount/);
  });
});
