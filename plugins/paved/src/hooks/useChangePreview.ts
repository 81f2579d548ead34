import { useApi } from '@backstage/core-plugin-api';
import { GoldenPath } from '@paved/plugin-paved-common';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { ChangePreviewBody, pavedApiRef } from '../api/PavedApi';

/**
 * Previews a golden path's change in an environment: `[state, call]`, where `state.value` holds the diff,
 * results, blast radius, cost forecast and whether a team lead approves it. Nothing is applied.
 */
export function useChangePreview() {
  const api = useApi(pavedApiRef);
  return useAsyncFn(
    (goldenPath: GoldenPath, body: ChangePreviewBody) =>
      api.previewGoldenPath(goldenPath, body),
    [api],
  );
}
