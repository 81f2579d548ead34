import { EnvironmentRef } from '../api/PavedApi';
import { usePavedApi } from './usePavedApi';

/**
 * The difference between revisions `from` and `to` of one environment; nothing is asked while any of them
 * is unknown (`value` stays undefined).
 */
export const useRevisionDiff = (
  environment?: EnvironmentRef,
  from?: number,
  to?: number,
) =>
  usePavedApi(
    async api =>
      environment && from !== undefined && to !== undefined
        ? api.getRevisionDiff(environment, from, to)
        : undefined,
    [environment?.cluster, environment?.namespace, from, to],
  );
