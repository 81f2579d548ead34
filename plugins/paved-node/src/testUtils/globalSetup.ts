import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './localCluster';

/**
 * Jest global setup for tests that need the local cluster: starts it, or reuses the running one
 * (`tools/cluster/up.sh` is idempotent).
 */
export default async function globalSetup() {
  const root = repoRoot();
  execFileSync('bash', [path.join(root, 'tools', 'cluster', 'up.sh')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: root,
  });
}
