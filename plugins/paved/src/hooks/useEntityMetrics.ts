import { SIGNAL_RANGES } from '@paved/plugin-paved-common';
import { useEntityPavedApi } from './usePavedApi';

/** Current CPU and memory of the entity's pods. */
export const useCurrentMetrics = () =>
  useEntityPavedApi(
    async (api, ref) => (await api.getCurrentMetrics(ref)).pods,
  );

/** Golden signals of the entity over a range. */
export const useGoldenSignals = (range: (typeof SIGNAL_RANGES)[number]) =>
  useEntityPavedApi(
    async (api, ref) => (await api.getGoldenSignals(ref, { range })).series,
    [range],
  );
