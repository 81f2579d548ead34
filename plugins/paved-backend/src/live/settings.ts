import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PodWatchLimits } from '@paved/plugin-paved-node';

/** The bounds of live updates, from `paved.live`. */
export interface LiveSettings {
  enabled: boolean;
  /** Seconds a registration of interest lasts unless renewed; the page renews it at half this. */
  subscriptionTtlSeconds: number;
  /** Entities one user may follow live at once (open pages, all tabs together). */
  perUser: number;
  /** Namespaces watched at once on this backend, all users together. */
  maxWatches: number;
  /** Seconds a namespace's watch is kept after its last subscriber left (a page reload picks it up again). */
  lingerSeconds: number;
  /** Milliseconds changes of one entity in one environment are gathered into one message. */
  coalesceMs: number;
  watch: PodWatchLimits;
}

/** The settings used when `paved.live` says nothing. */
export const DEFAULT_LIVE_SETTINGS: LiveSettings = {
  enabled: true,
  subscriptionTtlSeconds: 60,
  perUser: 10,
  maxWatches: 100,
  lingerSeconds: 30,
  coalesceMs: 50,
  watch: {
    timeoutSeconds: 300,
    maxEventBytes: 1024 * 1024,
    maxPods: 2000,
    backoffInitialMs: 1000,
    backoffMaxMs: 30_000,
  },
};

/** Reads `paved.live`, filling in {@link DEFAULT_LIVE_SETTINGS}; numbers must be whole and positive. */
export function readLiveSettings(config: Config): LiveSettings {
  const section = config.getOptionalConfig('paved.live');
  const number = (key: string, fallback: number, min = 1) => {
    const value = section?.getOptionalNumber(key);
    if (value !== undefined && (!Number.isInteger(value) || value < min)) {
      throw new InputError(
        `paved.live.${key} must be a whole number of at least ${min}, got ${value}; remove it to use the default ${fallback}`,
      );
    }
    return value ?? fallback;
  };
  const d = DEFAULT_LIVE_SETTINGS;
  return {
    enabled: section?.getOptionalBoolean('enabled') ?? d.enabled,
    subscriptionTtlSeconds: number(
      'subscriptionTtlSeconds',
      d.subscriptionTtlSeconds,
      10,
    ),
    perUser: number('perUser', d.perUser),
    maxWatches: number('maxWatches', d.maxWatches),
    lingerSeconds: number('lingerSeconds', d.lingerSeconds, 0),
    coalesceMs: number('coalesceMs', d.coalesceMs, 0),
    watch: {
      timeoutSeconds: number('watch.timeoutSeconds', d.watch.timeoutSeconds),
      maxEventBytes: number('watch.maxEventBytes', d.watch.maxEventBytes),
      maxPods: number('watch.maxPods', d.watch.maxPods),
      backoffInitialMs: number(
        'watch.backoffInitialMs',
        d.watch.backoffInitialMs,
      ),
      backoffMaxMs: number('watch.backoffMaxMs', d.watch.backoffMaxMs),
    },
  };
}
