import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterIdentity } from '@paved/plugin-paved-node';
import {
  AbandonedRun,
  RunLeaseStore,
  interruptedMessage,
} from './RunLeaseStore';

/** Seconds without a heartbeat after which a run counts as abandoned, unless `paved.approvals.runLeaseSeconds` says. */
export const DEFAULT_RUN_LEASE_SECONDS = 30;

/**
 * This backend's leases on the approved changes it runs: claims a run, renews its heartbeat every third of
 * the lease while it runs, and on shutdown waits a little for the runs in flight, then gives those still
 * running the outcome `failed` (interrupted) at once, so none waits for housekeeping to be found.
 */
export class RunLeases {
  /** This backend process, as run owners are named: host, pid and a random suffix. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString(
    'hex',
  )}`;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly options: {
      store: RunLeaseStore;
      logger: LoggerService;
      leaseSeconds: number;
    },
  ) {}

  get leaseSeconds() {
    return this.options.leaseSeconds;
  }

  /** Claims the run of a just-approved request; false when another backend holds it. */
  claim(id: string, identity: ClusterIdentity): Promise<boolean> {
    return this.options.store.claim(id, { owner: this.owner, identity });
  }

  /** Runs of approved changes whose backend stopped heartbeating. */
  abandoned(): Promise<AbandonedRun[]> {
    return this.options.store.abandoned({ leaseSeconds: this.leaseSeconds });
  }

  /** Takes an abandoned run over; false when another backend was first. */
  takeOver(run: AbandonedRun): Promise<boolean> {
    return this.options.store.takeOver(run, {
      owner: this.owner,
      leaseSeconds: this.leaseSeconds,
    });
  }

  /** Runs `fn` (the run of request `id`, whose lease this backend holds), renewing the lease until it ends. */
  hold<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const { store, logger } = this.options;
    const timer = setInterval(() => {
      store
        .heartbeat(id, this.owner)
        .catch(error =>
          logger.warn(
            `Could not renew the run lease of approved change ${id}: ${error}`,
          ),
        );
    }, Math.max(200, (this.leaseSeconds * 1000) / 3));
    const run = fn().finally(() => {
      clearInterval(timer);
      this.inFlight.delete(id);
    });
    this.inFlight.set(id, run);
    return run;
  }

  /** The ids of the runs in flight on this backend. */
  running(): string[] {
    return [...this.inFlight.keys()];
  }

  /**
   * For the backend's shutdown: waits up to `graceMs` for the runs in flight, then records the outcome
   * `failed` (interrupted) of those still running. Returns their ids.
   */
  async shutdown(graceMs: number): Promise<string[]> {
    const pending = [...this.inFlight.values()];
    if (pending.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled(pending),
        new Promise(resolve => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    const failed = await this.options.store.failOwned(
      this.owner,
      interruptedMessage(
        `the backend running it shut down before it finished (it waited ${Math.round(
          graceMs / 1000,
        )} s)`,
      ),
    );
    for (const id of failed) {
      this.options.logger.warn(
        `Approved change ${id} was still running at shutdown; recorded as failed (interrupted)`,
      );
    }
    return failed;
  }
}
