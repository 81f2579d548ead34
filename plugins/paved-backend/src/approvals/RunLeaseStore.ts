import { ClusterIdentity } from '@paved/plugin-paved-node';
import { PavedStore } from '../database/PavedStore';
import { readTimestamp } from '../database/json';
import { approvalRows } from './approvalRows';

/** An approved change whose run nobody holds any more: its backend stopped heartbeating, or never started it. */
export interface AbandonedRun {
  id: string;
  owner?: string;
  /** The approver as the cluster knows them, when the run was ever started. */
  identity?: ClusterIdentity;
  attempts: number;
}

/** What an interrupted run's outcome says, with why it could not be finished. */
export function interruptedMessage(why: string): string {
  return `interrupted: ${why}; the change may be partly applied, check the environment and ask for the change again`;
}

/**
 * Run leases of approved changes, in the approval requests' table. The backend running an approved change
 * holds its lease and renews the heartbeat while it runs; a lease whose heartbeat is older than the lease
 * time belongs to a backend that stopped, and any backend may take it over (compare-and-set on the owner and
 * heartbeat, so one backend wins). Only approved requests without an outcome have a live lease.
 */
export class RunLeaseStore extends PavedStore {
  /** Starts the run of a just-approved request as `owner`; false when another backend already holds it. */
  async claim(
    id: string,
    options: { owner: string; identity: ClusterIdentity; now?: Date },
  ): Promise<boolean> {
    const updated = await approvalRows(this.db)
      .where({ id, status: 'approved' })
      .whereNull('outcome')
      .whereNull('run_owner')
      .update({
        run_owner: options.owner,
        run_heartbeat_at: options.now ?? new Date(),
        run_identity: JSON.stringify({
          user: options.identity.user,
          groups: options.identity.groups,
        }),
        run_attempts: 1,
      });
    return updated === 1;
  }

  /** Renews the lease; false when `owner` no longer holds it (taken over, or the run has an outcome). */
  async heartbeat(id: string, owner: string, now = new Date()) {
    const updated = await approvalRows(this.db)
      .where({ id, run_owner: owner, status: 'approved' })
      .whereNull('outcome')
      .update({ run_heartbeat_at: now });
    return updated === 1;
  }

  /**
   * Approved requests without an outcome whose lease is older than `leaseSeconds`: a heartbeat that
   * stopped, or a run never started (decided that long ago, no heartbeat).
   */
  async abandoned(options: {
    leaseSeconds: number;
    now?: Date;
  }): Promise<AbandonedRun[]> {
    const now = options.now ?? new Date();
    const staleBefore = new Date(now.getTime() - options.leaseSeconds * 1000);
    const rows = await approvalRows(this.db)
      .where('status', 'approved')
      .whereNull('outcome')
      .andWhere(q =>
        q
          .where('run_heartbeat_at', '<', staleBefore)
          .orWhere(p =>
            p
              .whereNull('run_heartbeat_at')
              .andWhere('decided_at', '<', staleBefore),
          ),
      )
      .select('id', 'run_owner', 'run_identity', 'run_attempts');
    return rows.map(row => ({
      id: row.id,
      ...(row.run_owner ? { owner: row.run_owner } : {}),
      ...(row.run_identity
        ? { identity: JSON.parse(row.run_identity) as ClusterIdentity }
        : {}),
      attempts: row.run_attempts ?? 0,
    }));
  }

  /**
   * Takes over an abandoned run as `owner`: wins only while the lease is still stale (another backend's
   * housekeeping, or the old owner's late heartbeat, wins otherwise). Counts the attempt.
   */
  async takeOver(
    run: AbandonedRun,
    options: { owner: string; leaseSeconds: number; now?: Date },
  ): Promise<boolean> {
    const now = options.now ?? new Date();
    const staleBefore = new Date(now.getTime() - options.leaseSeconds * 1000);
    const updated = await approvalRows(this.db)
      .where({ id: run.id, status: 'approved' })
      .whereNull('outcome')
      .andWhere(q =>
        q
          .where('run_heartbeat_at', '<', staleBefore)
          .orWhereNull('run_heartbeat_at'),
      )
      .update({
        run_owner: options.owner,
        run_heartbeat_at: now,
        run_attempts: run.attempts + 1,
      });
    return updated === 1;
  }

  /** Gives every run `owner` still holds the outcome `failed` with `message`; returns their ids. */
  async failOwned(owner: string, message: string, now = new Date()) {
    const rows = await approvalRows(this.db)
      .where({ run_owner: owner, status: 'approved' })
      .whereNull('outcome')
      .select('id');
    const failed: string[] = [];
    for (const { id } of rows) {
      const updated = await approvalRows(this.db)
        .where({ id, run_owner: owner, status: 'approved' })
        .whereNull('outcome')
        .update({
          outcome: 'failed',
          outcome_message: message,
          outcome_at: now,
        });
      if (updated === 1) failed.push(id);
    }
    return failed;
  }

  /** When the lease of request `id` was last renewed (for tests and diagnostics). */
  async heartbeatOf(id: string): Promise<Date | undefined> {
    const row = await approvalRows(this.db).where({ id }).first();
    return row?.run_heartbeat_at
      ? readTimestamp(row.run_heartbeat_at)
      : undefined;
  }
}
