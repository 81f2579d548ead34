import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pavedApiRef } from '../api/PavedApi';

/** Events about the entity's objects, warnings first: `{ events, total }`. */
export function useEntityEvents(environment?: string) {
  const { entity } = useEntity();
  const api = useApi(pavedApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    async () => api.getEvents(ref, { environment }),
    [api, ref.kind, ref.namespace, ref.name, environment],
  );
}
