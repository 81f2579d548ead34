import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { PavedApi, SecretPlace, pavedApiRef } from '../api/PavedApi';

/** Sets or stops the rotation schedule of a Secret's generated keys: `[state, call]`. */
export function useSetSecretRotation() {
  const api = useApi(pavedApiRef);
  return useAsyncFn(
    (place: SecretPlace, body: Parameters<PavedApi['setSecretRotation']>[1]) =>
      api.setSecretRotation(place, body),
    [api],
  );
}
