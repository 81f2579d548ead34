import {
  localClusterEnv,
  waitFor,
} from '../../../plugins/paved-node/src/testUtils';
import { Env, ID } from './scenario';

/** Traces of the bench's service the trace store must hold before the Traces card's call is measured. */
export const STORED_TRACES = 1000;

/**
 * Waits until the local cluster's Jaeger holds at least `count` traces of the bench's service in its
 * environments (the simulator sends one per request it logs, about one a second per pod), asking Jaeger's
 * query API directly; answers how many it holds.
 */
export async function waitForStoredTraces(
  envs: Env[],
  count: number,
): Promise<number> {
  const jaeger = localClusterEnv().PAVED_JAEGER_URL;
  if (!jaeger) {
    throw new Error(
      'The local cluster has no Jaeger (PAVED_JAEGER_URL in .cluster/env.json); run tools/cluster/up.sh',
    );
  }
  const namespaces = new Set(envs.map(e => e.name));
  return waitFor(
    async () => {
      const end = Date.now() * 1000;
      const params = new URLSearchParams({
        service: ID,
        start: String(end - 3600 * 1e6),
        end: String(end),
        limit: String(count),
      });
      const res = await fetch(`${jaeger}/api/traces?${params}`, {
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as {
        data: Array<{ processes: Record<string, { tags?: any[] }> }> | null;
      };
      const inBench = (body.data ?? []).filter(trace =>
        Object.values(trace.processes).some(p =>
          (p.tags ?? []).some(
            t => t.key === 'k8s.namespace.name' && namespaces.has(t.value),
          ),
        ),
      ).length;
      return inBench >= count ? inBench : undefined;
    },
    {
      timeoutMs: 240_000,
      intervalMs: 3000,
      what: `${count} traces of ${ID} in Jaeger`,
    },
  );
}
