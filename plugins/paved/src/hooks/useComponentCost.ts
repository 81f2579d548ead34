import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pavedApiRef } from '../api/PavedApi';

/** The cost of the page's component this month. */
export function useComponentCost() {
  const { entity } = useEntity();
  const api = useApi(pavedApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    async () => api.getComponentCost(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
}
