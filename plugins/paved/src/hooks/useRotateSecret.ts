import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { SecretPlace, pavedApiRef } from '../api/PavedApi';

/** Rotates a Secret's generated keys now: `[state, call]`, with the keys rotated and workloads restarted. */
export function useRotateSecret() {
  const api = useApi(pavedApiRef);
  return useAsyncFn(
    (place: SecretPlace, entityRef?: string) =>
      api.rotateSecret(place, entityRef),
    [api],
  );
}
