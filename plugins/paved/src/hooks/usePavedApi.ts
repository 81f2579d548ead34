import { DependencyList } from 'react';
import {
  CompoundEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { PavedApi, pavedApiRef } from '../api/PavedApi';

/**
 * One call to the Paved backend from a component: `{ loading, error, value, retry }`, called again when
 * any of `deps` changes (the call itself is read from the render that changed them). Whatever the call
 * throws, even before it returns a promise, ends up in `error`.
 */
export function usePavedApi<T>(
  call: (api: PavedApi) => Promise<T>,
  deps: DependencyList,
) {
  const api = useApi(pavedApiRef);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useAsyncRetry(async () => call(api), [api, ...deps]);
}

/**
 * One call to the Paved backend about the entity of the page, called again when the entity or any of
 * `deps` changes.
 */
export function useEntityPavedApi<T>(
  call: (api: PavedApi, entity: CompoundEntityRef) => Promise<T>,
  deps: DependencyList = [],
) {
  const ref = getCompoundEntityRef(useEntity().entity);
  return usePavedApi(
    api => call(api, ref),
    [ref.kind, ref.namespace, ref.name, ...deps],
  );
}
