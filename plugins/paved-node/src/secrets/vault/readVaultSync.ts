import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import { VaultSyncSettings } from './VaultSecretManager';

const schema = z
  .object({
    vaultServer: z
      .string()
      .regex(/^https?:\/\/[^/\s]+\/?$/, 'must be http(s)://host[:port]')
      .optional(),
    kubernetesAuthMount: z.string().min(1).default('kubernetes'),
    role: z.string().min(1).default('paved-eso'),
    refreshInterval: z
      .string()
      .regex(/^\d+(s|m|h)$/, 'a duration such as 30s, 5m or 1h')
      .default('1m'),
  })
  .strict();

/**
 * How namespaces sync from Vault (`paved.secrets.externalSecrets`): Vault's address as External Secrets
 * reaches it (default: `paved.secrets.vault.address`), the kubernetes auth mount and role, and the refresh
 * interval.
 *
 * @public
 */
export function readVaultSync(
  config: Config,
  vault: { address: string; kvMount: string },
): VaultSyncSettings {
  const section = config.getOptionalConfig('paved.secrets.externalSecrets');
  const parsed = schema.safeParse(section?.get() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `Invalid ${[
        'paved.secrets.externalSecrets',
        ...issue.path.map(String),
      ].join('.')}: ${issue.message}`,
    );
  }
  const { vaultServer, ...rest } = parsed.data;
  return {
    ...rest,
    server: (vaultServer ?? vault.address).replace(/\/$/, ''),
    kvMount: vault.kvMount,
  };
}
