import { useEntityPavedApi } from './usePavedApi';

/**
 * The page's entity's environments delivered by GitOps (Flux): the commit each runs and whether Flux has
 * applied the newest one, or Flux's reason why not.
 */
export const useEntityDelivery = () =>
  useEntityPavedApi((api, ref) => api.getDelivery(ref));
