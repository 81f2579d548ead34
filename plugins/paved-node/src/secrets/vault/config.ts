import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Where Paved's Vault is and how Paved talks to it (`paved.secrets.vault` in app-config).
 *
 * @public
 */
export interface VaultConfig {
  /** Vault's address, e.g. `https://vault.example.com:8200`. */
  address: string;
  /** Paved's own Vault token. */
  token?: string;
  /** A file holding Paved's Vault token, read on every request so a rotated token is picked up. */
  tokenFile?: string;
  /** Mount path of the KV version 2 engine holding team secrets (default `paved`). */
  kvMount: string;
  /** Token role through which Paved mints team tokens (default `paved-team-writer`). */
  tokenRole: string;
  /** A team's policy is this prefix followed by its team label value (default `paved-team-`). */
  teamPolicyPrefix: string;
  /** Deadline of every Vault request in milliseconds (default 10000). */
  timeoutMs: number;
}

const mountPath = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
const nameLike = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const vaultConfigSchema = z
  .object({
    address: z
      .string()
      .regex(/^https?:\/\/[^/\s]+\/?$/, 'must be http(s)://host[:port]'),
    token: z.string().min(1).optional(),
    tokenFile: z.string().min(1).optional(),
    kvMount: z.string().regex(mountPath).default('paved'),
    tokenRole: z.string().regex(nameLike).default('paved-team-writer'),
    teamPolicyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9._-]*$/)
      .default('paved-team-'),
    timeoutMs: z.number().int().positive().default(10_000),
  })
  .strict();

/**
 * Reads `paved.secrets.vault`; undefined when it is absent (Paved then keeps secrets in Kubernetes only).
 * Exactly one of `token` and `tokenFile` must be set.
 *
 * @public
 */
export function readVaultConfig(config: Config): VaultConfig | undefined {
  const section = config.getOptionalConfig('paved.secrets.vault');
  if (!section) return undefined;
  const parsed = vaultConfigSchema.safeParse(section.get());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = ['paved.secrets.vault', ...issue.path.map(String)].join('.');
    throw new InputError(`Invalid ${key}: ${issue.message}`);
  }
  const value = parsed.data;
  if ((value.token === undefined) === (value.tokenFile === undefined)) {
    throw new InputError(
      'Invalid paved.secrets.vault: set exactly one of token and tokenFile',
    );
  }
  return { ...value, address: value.address.replace(/\/$/, '') };
}
