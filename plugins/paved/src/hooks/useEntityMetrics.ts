import { usePlatformPart } from '../components/PlatformPage';
import { useEntityPavedApiFrom } from './useFirstPaint';
import { SignalWindow, signalWindowQuery } from './signalWindow';

/**
 * Current CPU and memory of the entity's pods, and the clusters that could not be read; on the Platform tab
 * first from the tab's first request.
 */
export const useCurrentMetrics = () =>
  useEntityPavedApiFrom(usePlatformPart('currentMetrics'), (api, ref) =>
    api.getCurrentMetrics(ref),
  );

/**
 * Golden signals of the entity over the tab's window (a preset range or a custom one), and the clusters (or
 * their Prometheus) that could not be read; on the Platform tab the first hour comes from the tab's first
 * request.
 */
export const useGoldenSignals = (window: SignalWindow) => {
  const first = usePlatformPart('goldenSignals');
  const query = signalWindowQuery(window);
  return useEntityPavedApiFrom(
    'range' in query && query.range === '1h' ? first : undefined,
    async (api, ref) => api.getGoldenSignals(ref, query),
    [JSON.stringify(query)],
  );
};
