import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { pavedApiRef } from '../api/PavedApi';

/** Confirms or cancels a change an agent asked for: `[state, call]`; a changed apply answers a 409 review. */
export function useConfirmAgentRequest() {
  const api = useApi(pavedApiRef);
  return useAsyncFn(
    (id: string, decision: 'confirm' | 'cancel', confirm?: string) =>
      api.confirmAgentRequest(id, decision, confirm),
    [api],
  );
}
