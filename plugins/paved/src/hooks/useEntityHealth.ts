import { usePlatformPart } from '../components/PlatformPage';
import { useEntityPavedApiFrom } from './useFirstPaint';
import { SignalWindow, signalWindowQuery } from './signalWindow';

/**
 * Each environment of the entity at a glance over the tab's window (the Health section); on the Platform tab
 * the last hour comes from the tab's first request.
 */
export const useEntityHealth = (window: SignalWindow) => {
  const first = usePlatformPart('health');
  const query = signalWindowQuery(window);
  return useEntityPavedApiFrom(
    'range' in query && query.range === '1h' ? first : undefined,
    (api, ref) => api.getHealth(ref, query),
    [JSON.stringify(query)],
  );
};
