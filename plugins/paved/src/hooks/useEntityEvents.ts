import { usePlatformPart } from '../components/PlatformPage';
import { useEntityPavedApiFrom } from './useFirstPaint';

/**
 * Events about the entity's objects, warnings first: `{ events, total }`. On the Platform tab the first
 * answer (all environments) comes from the tab's first request.
 */
export const useEntityEvents = (environment?: string) =>
  useEntityPavedApiFrom(
    usePlatformPart('events'),
    (api, ref) => api.getEvents(ref, { environment }),
    [environment],
  );
