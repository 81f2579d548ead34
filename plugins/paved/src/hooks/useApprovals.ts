import { usePavedApi } from './usePavedApi';

/** How many decided requests are kept below the pending ones. */
const RECENT_DECISIONS = 5;

/**
 * Approval requests for changes to these environments (namespaces), and the teams' requests to clone into
 * new protected environments: every pending one, then the latest decided.
 */
export function useApprovals(
  namespaces: string[],
  teams: string[] = [],
  /** Every request of the teams, whatever environment it is about. */
  everyOfTeams = false,
) {
  const key = [...namespaces].sort().join(',');
  const teamKey = [...teams].sort().join(',');
  return usePavedApi(
    async api => {
      const { requests } = await api.listApprovals({});
      const wanted = new Set(namespaces);
      const ownTeams = new Set(teams);
      const mine = requests.filter(
        r =>
          wanted.has(r.namespace) ||
          (ownTeams.has(r.team) &&
            (everyOfTeams || r.kind === 'environment-clone')),
      );
      return [
        ...mine.filter(r => r.status === 'pending'),
        ...mine.filter(r => r.status !== 'pending').slice(0, RECENT_DECISIONS),
      ];
    },
    [key, teamKey, everyOfTeams],
  );
}
