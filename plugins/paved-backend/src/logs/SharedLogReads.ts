import {
  BoundedLogRead,
  ClusterIdentity,
  LogOptions,
  PromiseCache,
} from '@paved/plugin-paved-node';
import { sharedCache } from '../entity/sharedCache';

/**
 * How long a user's own successful read of a pod's log lets them be answered that pod's shared log reads:
 * within it, their reads of the pod come from the cache; after it, their next read is theirs again.
 */
export const LOG_READ_PROOF_MS = 60_000;

/** Most proofs kept; beyond it the expired ones are dropped first, then the oldest. */
const MAX_PROOFS = 20_000;

/** The shared-read key of one container's log read: cluster, pod, container and every option of the read. */
export function logReadKey(cluster: string, options: LogOptions): string {
  return JSON.stringify([
    cluster,
    options.namespace,
    options.pod,
    options.container,
    options.tailLines ?? null,
    options.sinceSeconds ?? null,
    options.sinceTime ?? null,
    Boolean(options.previous),
    options.limitBytes ?? null,
  ]);
}

/** Who the API server took a read from: the impersonated user and groups, on one pod. */
function proofKey(
  cluster: string,
  options: LogOptions,
  identity: ClusterIdentity,
): string {
  return JSON.stringify([
    cluster,
    options.namespace,
    options.pod,
    identity.user,
    [...identity.groups].sort(),
  ]);
}

/**
 * Log tails of the Logs card shared between the users of an entity page for `paved.sharedReads.ttlMs`:
 * one container's read (same pod, container, number of lines, window and byte limit) is made once for the
 * users who ask for it within the TTL (single flight for concurrent misses; a failed read is not kept).
 *
 * Unlike the shared lists, a user is answered from the cache only while the API server has let **them**
 * read that pod's log: their first read of a pod is made as them (impersonated) and, when it succeeds,
 * vouches for their shared reads of that pod for {@link LOG_READ_PROOF_MS}; a refused read vouches for
 * nothing. So a user whom RBAC denies a pod's log (a role without `pods/log`, or `resourceNames` leaving the
 * pod out) never sees its lines, whoever read them; a grant removed while they look stops their cached reads
 * within a minute. Follows are never shared (see SECURITY.md).
 */
export class SharedLogReads {
  private readonly cache: PromiseCache<BoundedLogRead>;
  /** Proof key → when the proof expires (ms since the epoch), in the order the proofs were made. */
  private readonly proofs = new Map<string, number>();

  constructor(
    /** How long a read is shared, in milliseconds; 0 shares nothing. */
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly proofMs: number = LOG_READ_PROOF_MS,
  ) {
    this.cache = sharedCache<BoundedLogRead>(ttlMs, now);
  }

  /**
   * The read of `options` on `cluster` for `identity`: from the cache when another user's read of it is at
   * most the TTL old and `identity` has read this pod's log themselves within the proof time; otherwise
   * `load`'s (made as `identity`), which then serves the others. Every caller gets its own array of lines.
   */
  async read(
    cluster: string,
    identity: ClusterIdentity,
    options: LogOptions,
    load: () => Promise<BoundedLogRead>,
  ): Promise<BoundedLogRead> {
    if (this.ttlMs === 0 || options.signal) return load();
    const key = logReadKey(cluster, options);
    const proof = proofKey(cluster, options, identity);
    const vouched = (this.proofs.get(proof) ?? 0) > this.now();
    if (vouched) return copy(await this.cache.get(key, load));
    const own = await load();
    this.vouch(proof);
    // the user's own read serves the others while no fresher one is kept
    void this.cache.get(key, async () => own);
    return copy(own);
  }

  /** Records that the API server let `proof`'s user read its pod's log now. */
  private vouch(proof: string): void {
    const now = this.now();
    this.proofs.delete(proof);
    this.proofs.set(proof, now + this.proofMs);
    if (this.proofs.size <= MAX_PROOFS) return;
    for (const [key, expires] of this.proofs) {
      if (expires <= now || this.proofs.size > MAX_PROOFS) {
        this.proofs.delete(key);
      } else {
        break;
      }
    }
  }
}

function copy(read: BoundedLogRead): BoundedLogRead {
  return { lines: [...read.lines], truncated: read.truncated };
}
