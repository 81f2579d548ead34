import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pavedApiRef } from '../api/PavedApi';

/** Current CPU and memory of the entity's pods. */
export function useCurrentMetrics() {
  const { entity } = useEntity();
  const api = useApi(pavedApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    async () => (await api.getCurrentMetrics(ref)).pods,
    [api, ref.kind, ref.namespace, ref.name],
  );
}

/** Golden signals of the entity over a range. */
export function useGoldenSignals(range: string) {
  const { entity } = useEntity();
  const api = useApi(pavedApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    async () => (await api.getGoldenSignals(ref, { range })).series,
    [api, ref.kind, ref.namespace, ref.name, range],
  );
}
