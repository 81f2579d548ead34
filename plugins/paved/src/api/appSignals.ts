import { createApiRef } from '@backstage/core-plugin-api';

/**
 * The part of the app's signals API (Backstage Signals, `@backstage/plugin-signals`) that the Platform tab
 * uses: a subscription to one channel, whose messages are JSON objects.
 */
export interface AppSignalApi {
  subscribe(
    channel: string,
    onMessage: (message: object) => void,
  ): { unsubscribe(): void };
}

/**
 * The app's signals API, looked up by the id `@backstage/plugin-signals-react` gives it. Apps resolve APIs by
 * id, so this finds the app's signals whichever 0.0.x release of that package the app has, without Paved
 * bringing a second copy of it into the app (Backstage releases pin different ones).
 */
export const appSignalApiRef = createApiRef<AppSignalApi>({
  id: 'plugin.signal.service',
});
