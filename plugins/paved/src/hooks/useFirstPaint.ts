import { DependencyList, useEffect, useState } from 'react';
import {
  CompoundEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { PavedApi, pavedApiRef } from '../api/PavedApi';
import { FirstData } from '../components/PlatformPage';

/**
 * Like `useEntityPavedApi`, but starting from `first` when given (the Platform tab's first request; loading
 * while it is pending): the call is made only when the user asks for something else — `retry`, or `deps`
 * different from those of the first render — and from then on as usual. Without `first` the call is made
 * at once.
 */
export function useEntityPavedApiFrom<T>(
  first: FirstData<T> | undefined,
  call: (api: PavedApi, entity: CompoundEntityRef) => Promise<T>,
  deps: DependencyList = [],
) {
  const api = useApi(pavedApiRef);
  const ref = getCompoundEntityRef(useEntity().entity);
  const key = JSON.stringify([ref, ...deps]);
  const [firstKey] = useState(key);
  const [own, setOwn] = useState(false);
  useEffect(() => {
    if (key !== firstKey) setOwn(true);
  }, [key, firstKey]);
  const fromFirst = !own && key === firstKey && first !== undefined;
  const state = useAsyncRetry(
    async () => (fromFirst ? undefined : call(api, ref)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [fromFirst, api, key],
  );
  if (fromFirst) {
    const retry = () => setOwn(true);
    return first.pending
      ? { loading: true, value: undefined, error: undefined, retry }
      : { loading: false, value: first.value, error: first.error, retry };
  }
  return state;
}
