import { usePavedApi } from './usePavedApi';

/**
 * The change requests AI agents made on the signed-in user's behalf: the ones waiting for them first, then
 * the others, newest first.
 */
export function useAgentRequests() {
  return usePavedApi(async api => {
    const { requests } = await api.listApprovals({
      origin: 'agent',
      mine: 'true',
    });
    const waiting = requests.filter(
      r => r.status === 'pending' && !r.agent?.confirmedBy,
    );
    return [...waiting, ...requests.filter(r => !waiting.includes(r))];
  }, []);
}
