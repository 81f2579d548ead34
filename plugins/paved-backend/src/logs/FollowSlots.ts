import { TooManyRequestsError } from '@paved/plugin-paved-node';

/**
 * Counts the live log follows open on this backend, per user and in all, and refuses one more beyond
 * `paved.limits.follows.perUser` or `paved.limits.follows.global`.
 */
export class FollowSlots {
  private readonly byUser = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: { perUser: number; global: number }) {}

  /**
   * Takes a slot for `user`, or throws a {@link TooManyRequestsError} that names the limit and its config
   * key. The returned function gives the slot back; calling it again does nothing.
   */
  acquire(user: string): () => void {
    const mine = this.byUser.get(user) ?? 0;
    if (mine >= this.limits.perUser) {
      throw new TooManyRequestsError(
        `${user} already follows logs live ${mine} times, the most one user may (paved.limits.follows.perUser = ${this.limits.perUser}); stop following in another tab or window, or read the logs without following`,
      );
    }
    if (this.total >= this.limits.global) {
      throw new TooManyRequestsError(
        `${this.total} live log follows are open on this Backstage instance, the most allowed (paved.limits.follows.global = ${this.limits.global}); read the logs without following, or follow again later`,
      );
    }
    this.byUser.set(user, mine + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.byUser.get(user) ?? 1) - 1;
      if (left > 0) this.byUser.set(user, left);
      else this.byUser.delete(user);
    };
  }

  /** Follows open now, of `user` when given, else of everyone. */
  open(user?: string): number {
    return user === undefined ? this.total : this.byUser.get(user) ?? 0;
  }
}
