import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pavedApiRef } from '../api/PavedApi';

/** The newest audit trail entries, optionally of one environment (namespace). */
export function useAuditTrail(query: { namespace?: string; limit?: number }) {
  const api = useApi(pavedApiRef);
  return useAsyncRetry(
    async () => (await api.getAuditTrail(query)).events,
    [api, query.namespace, query.limit],
  );
}
