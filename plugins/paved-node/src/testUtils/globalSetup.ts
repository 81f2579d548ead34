import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './localCluster';

/**
 * Jest global setup for tests that need the local cluster: starts it, or reuses the running one
 * (`tools/cluster/up.sh` is idempotent). It also starts (or reuses) the local PostgreSQL server
 * (`tools/postgres/up.sh`) and exports its connection strings, so database tests run on PostgreSQL as well
 * as SQLite; Jest's workers inherit this process's environment.
 *
 * In the unit layer (`PAVED_TEST_LAYER=unit`, `yarn test:unit`) it starts nothing: those tests need neither
 * the cluster nor PostgreSQL, and database tests run on SQLite alone.
 */
export default async function globalSetup() {
  if (process.env.PAVED_TEST_LAYER === 'unit') return;
  const root = repoRoot();
  execFileSync('bash', [path.join(root, 'tools', 'cluster', 'up.sh')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: root,
  });
  execFileSync('bash', [path.join(root, 'tools', 'postgres', 'up.sh')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: root,
  });
  const postgresDir =
    process.env.PAVED_POSTGRES_DIR ?? path.join(root, '.postgres');
  Object.assign(
    process.env,
    JSON.parse(fs.readFileSync(path.join(postgresDir, 'env.json'), 'utf8')),
  );
}
