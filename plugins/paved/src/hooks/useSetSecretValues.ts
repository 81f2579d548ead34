import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { PavedApi, SecretPlace, pavedApiRef } from '../api/PavedApi';

/**
 * Sets keys of a Secret, write-only: `[state, call]`, where `state.value` is what the backend did (the
 * keys, never the values).
 */
export function useSetSecretValues() {
  const api = useApi(pavedApiRef);
  return useAsyncFn(
    (place: SecretPlace, body: Parameters<PavedApi['setSecretValues']>[1]) =>
      api.setSecretValues(place, body),
    [api],
  );
}
