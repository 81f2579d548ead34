import { SIGNAL_RANGES } from '@paved/plugin-paved-common';
import { usePlatformPart } from '../components/PlatformPage';
import { useEntityPavedApiFrom } from './useFirstPaint';

/**
 * Current CPU and memory of the entity's pods, and the clusters that could not be read; on the Platform tab
 * first from the tab's first request.
 */
export const useCurrentMetrics = () =>
  useEntityPavedApiFrom(usePlatformPart('currentMetrics'), (api, ref) =>
    api.getCurrentMetrics(ref),
  );

/**
 * Golden signals of the entity over a range, and the clusters (or their Prometheus) that could not be read;
 * on the Platform tab the first hour comes from the tab's first request.
 */
export const useGoldenSignals = (range: (typeof SIGNAL_RANGES)[number]) => {
  const first = usePlatformPart('goldenSignals');
  return useEntityPavedApiFrom(
    range === '1h' ? first : undefined,
    async (api, ref) => api.getGoldenSignals(ref, { range }),
    [range],
  );
};
