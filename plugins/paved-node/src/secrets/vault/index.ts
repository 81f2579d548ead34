/**
 * Paved's client of HashiCorp Vault: team tokens and write-only KV version 2 writes.
 *
 * @packageDocumentation
 */

export { VaultClient } from './VaultClient';
export type { VaultClientOptions } from './VaultClient';
export { readVaultConfig } from './config';
export type { VaultConfig } from './config';
export { teamSecretPath } from './paths';
