import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pavedApiRef } from '../api/PavedApi';

/** Loads the Platform overview of the entity in context. */
export function useEntityOverview() {
  const { entity } = useEntity();
  const api = useApi(pavedApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    () => api.getOverview(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
}
