import { usePavedApi } from './usePavedApi';

/** The newest audit trail entries, optionally of one environment (namespace). */
export const useAuditTrail = (query: { namespace?: string; limit?: number }) =>
  usePavedApi(
    async api => (await api.getAuditTrail(query)).events,
    [query.namespace, query.limit],
  );
