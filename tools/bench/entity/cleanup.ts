import {
  PAVED_LABELS,
  encodeEntityRefLabel,
} from '../../../plugins/paved-common/src';
import { KubernetesClient } from '../../../plugins/paved-node/src';
import { waitFor } from '../../../plugins/paved-node/src/testUtils';
import { Env, KEEP, TEAM } from './scenario';

/**
 * The entity bench's cleanup: deletes the bench namespaces (unless `BENCH_KEEP=1`) and stops the backend,
 * once, whether the run ends, fails or is interrupted.
 */
export function benchCleanup(
  admin: KubernetesClient,
  envs: Env[],
  stopBackend: () => Promise<void>,
) {
  let cleaned = false;
  const cleanup = async (options: { wait: boolean }) => {
    if (cleaned) return;
    cleaned = true;
    if (KEEP) {
      console.log(`kept: ${envs.map(e => e.name).join(' ')}`);
    } else {
      await Promise.all(
        envs.map(e =>
          e
            .cleanup()
            .catch(error =>
              console.error(`could not delete namespace ${e.name}: ${error}`),
            ),
        ),
      );
    }
    await stopBackend().catch(() => undefined);
    if (KEEP || !options.wait) return;
    // a terminating environment is still listed, and would be read by the next run's calls
    await waitFor(
      async () => {
        const left = await admin.request<{
          items: Array<{ metadata: { name: string } }>;
        }>({
          path: '/api/v1/namespaces',
          query: {
            labelSelector: `${PAVED_LABELS.team}=${encodeEntityRefLabel(TEAM)}`,
          },
        });
        return left.items.some(n => envs.some(e => e.name === n.metadata.name))
          ? undefined
          : true;
      },
      { timeoutMs: 90_000, intervalMs: 1000, what: 'bench namespaces gone' },
    ).catch(error => console.error(`${error.message}; they are Terminating`));
  };
  /** Ctrl-C deletes the namespaces; the backend's own handlers (which stop it and exit at once) are replaced. */
  const onSignals = () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.once(signal, () => {
        console.error(`\n${signal}; deleting the bench namespaces`);
        cleanup({ wait: false }).finally(() => process.exit(130));
      });
    }
  };
  return { cleanup, onSignals };
}
