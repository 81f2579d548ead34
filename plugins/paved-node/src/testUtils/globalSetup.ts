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
 * the cluster nor PostgreSQL, and database tests run on SQLite alone. In the fault layer
 * (`PAVED_TEST_LAYER=faults`, `yarn test:faults`) it also starts the named clusters `two` and `three`
 * (`tools/cluster/up.sh --name`), which those tests stop and pause on purpose.
 */
/** The named clusters the fault layer (`PAVED_TEST_LAYER=faults`, `yarn test:faults`) starts. */
const FAULT_CLUSTERS = ['two', 'three'];

export default async function globalSetup() {
  if (process.env.PAVED_TEST_LAYER === 'unit') return;
  const root = repoRoot();
  execFileSync('bash', [path.join(root, 'tools', 'cluster', 'up.sh')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: root,
  });
  if (process.env.PAVED_TEST_LAYER === 'faults') {
    // the fault tests stop, pause and restore parts of their own clusters, never the default one
    for (const name of FAULT_CLUSTERS) {
      execFileSync(
        'bash',
        [path.join(root, 'tools', 'cluster', 'up.sh'), '--name', name],
        { stdio: ['ignore', 'inherit', 'inherit'], cwd: root },
      );
    }
  }
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
