import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { RevisionPlace, RollbackBody, pavedApiRef } from '../api/PavedApi';

/**
 * Rolls an environment back to a revision (or re-applies its newest one): `[state, call]`, where
 * `state.value` says whether it was applied (with the new revision) or became a change request.
 */
export function useRollback() {
  const api = useApi(pavedApiRef);
  return useAsyncFn(
    (revision: RevisionPlace, body: RollbackBody) =>
      api.rollback(revision, body),
    [api],
  );
}
