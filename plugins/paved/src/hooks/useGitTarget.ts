import { useApi } from '@backstage/core-plugin-api';
import useDebounce from 'react-use/esm/useDebounce';
import useAsync from 'react-use/esm/useAsync';
import { useState } from 'react';
import { pavedApiRef } from '../api/PavedApi';

/**
 * Where a golden path's code goes for the form's owner and name (asked again 300 ms after they stop
 * changing): the team's repository on the git host, or the local catalog and why.
 */
export function useGitTarget(owner?: string, name?: string) {
  const api = useApi(pavedApiRef);
  const [query, setQuery] = useState({ owner, name });
  useDebounce(() => setQuery({ owner, name }), 300, [owner, name]);
  return useAsync(
    () => api.getGitTarget(query),
    [api, query.owner, query.name],
  );
}
