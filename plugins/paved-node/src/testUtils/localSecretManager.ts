import fs from 'node:fs';
import path from 'node:path';
import { clusterDir } from './localCluster';

/**
 * The local secret manager's coordinates (Vault and External Secrets, started by `tools/secrets/up.sh`): the
 * process environment when it names Vault, else `.cluster/secrets.env`; undefined when neither does. When
 * `PAVED_REQUIRE_SECRET_MANAGER` is set (the project's test command sets it), a missing secret manager is
 * an error rather than a reason to skip.
 *
 * @public
 */
export function localSecretManagerEnv(): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  if (process.env.PAVED_VAULT_ADDR) {
    found = process.env as Record<string, string>;
  } else {
    const file = path.join(clusterDir(), 'secrets.env');
    if (fs.existsSync(file)) {
      const env: Record<string, string> = {};
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        const match = /^([A-Z_]+)='?([^']*)'?$/.exec(line.trim());
        if (match) env[match[1]] = match[2];
      }
      if (env.PAVED_VAULT_ADDR) found = env;
    }
  }
  if (!found && process.env.PAVED_REQUIRE_SECRET_MANAGER) {
    throw new Error(
      'The local secret manager is not running (no PAVED_VAULT_ADDR, no .cluster/secrets.env); start it with `yarn secrets:up`',
    );
  }
  return found;
}
