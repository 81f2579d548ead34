import type { Config } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import fs from 'node:fs/promises';
import { readVaultConfig, VaultConfig } from './config';
import { assertTeam, kvDataPath, teamSecretPath } from './paths';
import { sendVaultRequest, VaultRequest, vaultError } from './vaultHttp';

/** A team token is replaced once less than this share of its lifetime, or 30 s, is left. */
const RENEW_SHARE = 0.2;
const RENEW_MIN_MS = 30_000;

/**
 * Options of a {@link VaultClient}: its configuration, and for tests the `fetch` and clock it uses.
 *
 * @public
 */
export type VaultClientOptions = Partial<VaultConfig> &
  Pick<VaultConfig, 'address'> & {
    fetch?: typeof fetch;
    now?: () => number;
  };

/**
 * Paved's client of HashiCorp Vault, the secret manager of the enterprise path. Paved's own token may only
 * mint short-lived team tokens (through a token role, each holding one team's policy); every write to a
 * team's KV version 2 path is made with that team's token, so Vault's policies, not Paved, keep teams apart.
 * Paved never reads a value: a write merges the given keys into the secret without reading it.
 *
 * @public
 */
export class VaultClient {
  /** The client of `paved.secrets.vault`; undefined when the section is absent. */
  static fromConfig(
    config: Config,
    options: Pick<VaultClientOptions, 'fetch' | 'now'> = {},
  ): VaultClient | undefined {
    const vault = readVaultConfig(config);
    return vault ? new VaultClient({ ...vault, ...options }) : undefined;
  }

  private readonly config: VaultConfig;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly teamTokens = new Map<
    string,
    Promise<{ token: string; renewAt: number }>
  >();

  constructor(options: VaultClientOptions) {
    if ((options.token === undefined) === (options.tokenFile === undefined)) {
      throw new InputError(
        'VaultClient needs exactly one of token and tokenFile',
      );
    }
    this.config = {
      address: options.address.replace(/\/$/, ''),
      token: options.token,
      tokenFile: options.tokenFile,
      kvMount: options.kvMount ?? 'paved',
      tokenRole: options.tokenRole ?? 'paved-team-writer',
      teamPolicyPrefix: options.teamPolicyPrefix ?? 'paved-team-',
      timeoutMs: options.timeoutMs ?? 10_000,
    };
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** The KV path (below the mount) of a team's secret in a namespace: `<team>/<namespace>/<secretName>`. */
  secretPath(team: string, namespace: string, secretName: string): string {
    return teamSecretPath(team, namespace, secretName);
  }

  /**
   * A token holding only `team`'s policy, minted with Paved's token through the token role and reused until
   * shortly before it expires. `team` is the team's label value, e.g. `group.default.team-checkout`.
   */
  async teamToken(team: string): Promise<string> {
    assertTeam(team);
    const cached = this.teamTokens.get(team);
    if (cached) {
      const entry = await cached.catch(() => undefined);
      if (entry && entry.renewAt > this.now()) return entry.token;
      if (this.teamTokens.get(team) === cached) this.teamTokens.delete(team);
    }
    const minting = this.mintTeamToken(team);
    this.teamTokens.set(team, minting);
    minting.catch(() => {
      if (this.teamTokens.get(team) === minting) this.teamTokens.delete(team);
    });
    return (await minting).token;
  }

  /**
   * Sets `values` (key to value) in the team's secret of `namespace`, keeping its other keys: a merge patch of
   * the latest version when the secret exists, a new secret otherwise. Returns the version written. Never
   * reads a value; no value appears in an error.
   */
  async writeKeys(
    team: string,
    namespace: string,
    secretName: string,
    values: Record<string, string>,
  ): Promise<{ version: number }> {
    const path = kvDataPath(this.config.kvMount, team, namespace, secretName);
    const keys = Object.keys(values);
    if (keys.length === 0) {
      throw new InputError(`No keys to write to ${path}`);
    }
    for (const key of keys) {
      if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
        throw new InputError(
          `"${key}" is not a valid secret key (letters, digits, "-", "_" and ".")`,
        );
      }
      if (typeof values[key] !== 'string') {
        throw new InputError(`The value of key "${key}" must be a string`);
      }
    }
    const redact = Object.values(values);
    const patch: Omit<VaultRequest, 'token'> = {
      call: 'writing secret keys',
      method: 'PATCH',
      path,
      body: { data: values },
      contentType: 'application/merge-patch+json',
    };
    // only when nothing exists at the path: check-and-set 0 makes a racing creation fail instead of being lost
    const create: Omit<VaultRequest, 'token'> = {
      call: 'creating a secret',
      method: 'POST',
      path,
      body: { options: { cas: 0 }, data: values },
    };
    let response = await this.asTeam(team, patch);
    if (response.status === 404) {
      response = await this.asTeam(team, create);
      if (isCasMismatch(response)) {
        // created meanwhile, or its latest version deleted: merge, or start a new version when none is live
        response = await this.asTeam(team, patch);
        if (response.status === 404) {
          response = await this.asTeam(team, {
            ...create,
            body: { data: values },
          });
        }
      }
    }
    if (response.status >= 300) {
      throw vaultError({ ...patch, token: '' }, response, redact);
    }
    const version = Number(response.body.data?.version);
    return { version: Number.isFinite(version) ? version : 0 };
  }

  /** Sends a request with `team`'s token; a token Vault no longer knows (403) is replaced once. */
  private async asTeam(team: string, request: Omit<VaultRequest, 'token'>) {
    const first = await this.send({
      ...request,
      token: await this.teamToken(team),
    });
    if (first.status !== 403) return first;
    this.teamTokens.delete(team);
    return this.send({ ...request, token: await this.teamToken(team) });
  }

  private async mintTeamToken(team: string) {
    const request: VaultRequest = {
      call: `minting a token for team ${team}`,
      method: 'POST',
      path: `auth/token/create/${encodeURIComponent(this.config.tokenRole)}`,
      token: await this.pavedToken(),
      body: {
        policies: [`${this.config.teamPolicyPrefix}${team}`],
        display_name: `paved-${team}`.slice(0, 64),
        meta: { team },
      },
    };
    const response = await this.send(request);
    const token = response.body.auth?.client_token;
    if (response.status >= 300) throw vaultError(request, response);
    if (!token) {
      throw new ServiceUnavailableError(
        `Vault returned no token for ${request.call}`,
      );
    }
    const lifetimeMs = (response.body.auth?.lease_duration ?? 0) * 1000;
    const margin = Math.max(RENEW_MIN_MS, lifetimeMs * RENEW_SHARE);
    return { token, renewAt: this.now() + lifetimeMs - margin };
  }

  /** Paved's own token: from the configuration, or read from its file on every use. */
  private async pavedToken(): Promise<string> {
    if (this.config.token) return this.config.token;
    const file = this.config.tokenFile!;
    let token: string;
    try {
      token = (await fs.readFile(file, 'utf8')).trim();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Cannot read Paved's Vault token from ${file} (paved.secrets.vault.tokenFile): ${
          (error as NodeJS.ErrnoException).code ?? (error as Error).message
        }`,
      );
    }
    if (!token) {
      throw new ServiceUnavailableError(
        `Paved's Vault token file ${file} (paved.secrets.vault.tokenFile) is empty`,
      );
    }
    return token;
  }

  private send(request: VaultRequest) {
    return sendVaultRequest(
      {
        address: this.config.address,
        timeoutMs: this.config.timeoutMs,
        fetch: this.fetchImpl,
      },
      request,
    );
  }
}

function isCasMismatch(response: {
  status: number;
  body: { errors?: string[] };
}) {
  return (
    response.status === 400 &&
    (response.body.errors ?? []).some(e => /check-and-set/i.test(e))
  );
}
