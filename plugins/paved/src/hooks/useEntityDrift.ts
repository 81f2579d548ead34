import { useEntityPavedApi } from './usePavedApi';

/**
 * The page's entity's objects whose live fields differ from the last revision Paved applied, with the field
 * manager that changed each field and when, and the environments that could not be read.
 */
export const useEntityDrift = () =>
  useEntityPavedApi((api, ref) => api.getEntityDrift(ref));
