import { usePavedApi } from './usePavedApi';

/**
 * The secrets of one environment (namespace) of a cluster; nothing is asked while either is unknown
 * (`value` stays undefined).
 */
export const useEnvironmentSecrets = (cluster?: string, namespace?: string) =>
  usePavedApi(
    async api =>
      cluster && namespace
        ? api.getEnvironmentSecrets(cluster, namespace)
        : undefined,
    [cluster, namespace],
  );
