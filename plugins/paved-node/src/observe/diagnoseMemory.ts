import { Diagnosis, parseQuantity } from '@paved/plugin-paved-common';
import { memoryBytes } from './podMetrics';

/** Bytes as a memory quantity: whole Mi below 1Gi, Gi with one decimal above, e.g. `250Mi`, `1.5Gi`. */
export function formatMemory(bytes: number): string {
  const mi = bytes / 1024 ** 2;
  if (mi < 1024) return `${Math.round(mi)}Mi`;
  return `${Math.round((mi / 1024) * 10) / 10}Gi`;
}

/** 1.5 times a memory limit, rounded up to a whole Mi or Gi. */
export function suggestMemory(limit: string): string {
  const bytes = parseQuantity(limit);
  if (bytes === undefined) return limit;
  const mi = (bytes / 2 ** 20) * 1.5;
  return mi >= 1024 ? `${Math.ceil(mi / 1024)}Gi` : `${Math.ceil(mi)}Mi`;
}

/**
 * The cause, fix and memory figures of an out-of-memory kill: the container's limit, its current use
 * (when `usedBytes` is known) as a share of the limit, and a limit to try.
 */
export function oomKill(
  label: string,
  restarts: number,
  limit: string | undefined,
  usedBytes: number | undefined,
): Pick<Diagnosis, 'cause' | 'fix' | 'memory'> {
  const usage = usedBytes !== undefined ? formatMemory(usedBytes) : undefined;
  const limitBytes = limit ? memoryBytes(limit) : 0;
  const share =
    usedBytes !== undefined && limitBytes > 0
      ? `, ${Math.round((usedBytes / limitBytes) * 100)} % of the limit`
      : '';
  const suggestedLimit = limit ? suggestMemory(limit) : undefined;
  return {
    cause: `${label} used more memory than its limit${
      limit ? ` (${limit})` : ''
    } and was killed (restarts: ${restarts}).${
      usage ? ` It uses ${usage} now${share}.` : ''
    }`,
    fix: suggestedLimit
      ? `Raise resources.limits.memory to at least ${suggestedLimit}, or find what grows in memory.`
      : 'Set resources.limits.memory with headroom over the container\u2019s peak use.',
    ...(limit || usage
      ? {
          memory: {
            ...(limit ? { limit } : {}),
            ...(usage ? { usage } : {}),
            ...(suggestedLimit ? { suggestedLimit } : {}),
          },
        }
      : {}),
  };
}
