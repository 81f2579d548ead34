import { useEntityPavedApi } from './usePavedApi';
import { SignalWindow, signalWindowQuery } from './signalWindow';

/** Each environment of the entity at a glance over the tab's window (the Health section). */
export const useEntityHealth = (window: SignalWindow) => {
  const query = signalWindowQuery(window);
  return useEntityPavedApi(
    (api, ref) => api.getHealth(ref, query),
    [JSON.stringify(query)],
  );
};
