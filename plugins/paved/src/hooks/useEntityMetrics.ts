import { SIGNAL_RANGES } from '@paved/plugin-paved-common';
import { useEntityPavedApi } from './usePavedApi';

/** Current CPU and memory of the entity's pods, and the clusters that could not be read. */
export const useCurrentMetrics = () =>
  useEntityPavedApi(async (api, ref) => api.getCurrentMetrics(ref));

/** Golden signals of the entity over a range, and the clusters (or their Prometheus) that could not be read. */
export const useGoldenSignals = (range: (typeof SIGNAL_RANGES)[number]) =>
  useEntityPavedApi(
    async (api, ref) => api.getGoldenSignals(ref, { range }),
    [range],
  );
