import { useEntityPavedApi } from './usePavedApi';

/**
 * The secrets of the page's entity per environment (a component's environments, or every environment of a
 * group's team): keys, whether they exist, their readers and last change — never a value.
 */
export const useEntitySecrets = () =>
  useEntityPavedApi(async (api, ref) => api.getEntitySecrets(ref));
