import { PromiseCache } from '@paved/plugin-paved-node';

/** Share of the TTL after which a hit of the shared caches also refreshes the value in the background. */
export const REFRESH_AFTER_SHARE = 2 / 3;

/**
 * The cache of the entity pages' shared reads and per-token access answers: values kept for `ttlMs`
 * (`paved.sharedReads.ttlMs`), and refreshed in the background by the first hit after two thirds of it, so
 * a page that is looked at steadily never waits for a reload and no answer is older than the TTL.
 */
export function sharedCache<T>(
  ttlMs: number,
  now?: () => number,
): PromiseCache<T> {
  return new PromiseCache<T>(ttlMs, now, {
    refreshAfterMs: Math.floor(ttlMs * REFRESH_AFTER_SHARE),
  });
}
