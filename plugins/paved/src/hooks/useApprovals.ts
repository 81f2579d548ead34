import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pavedApiRef } from '../api/PavedApi';

/** Approval requests for changes to these environments (namespaces), newest first. */
export function useApprovals(namespaces: string[]) {
  const api = useApi(pavedApiRef);
  const key = [...namespaces].sort().join(',');
  return useAsyncRetry(async () => {
    const { requests } = await api.listApprovals({});
    const wanted = new Set(namespaces);
    return requests.filter(r => wanted.has(r.namespace));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
}
