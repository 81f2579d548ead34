import { PAVED_LABELS } from '@paved/plugin-paved-common';
import { teamOf } from './costGroups';

/**
 * An ephemeral environment that served no HTTP traffic in the window.
 *
 * @public
 */
export interface IdleEnvironment {
  namespace: string;
  /** The owning team's group ref, from `paved.dev/team`. */
  team?: string;
  /** Requests served in the window (below `minRequests`). */
  requests: number;
  /** Its cost, when costs were given. */
  cost?: number;
}

/**
 * Flags ephemeral environments (namespaces labelled `paved.dev/lifecycle=ephemeral`) that served fewer than
 * `minRequests` HTTP requests (default 1, i.e. none) in the window; a namespace missing from `requests`
 * served none. Most expensive first when `costs` (e.g. month-to-date per namespace) are given.
 *
 * @public
 */
export function findIdleEnvironments(options: {
  namespaceLabels: Record<string, Record<string, string>>;
  /** HTTP requests per namespace in the window, e.g. `PrometheusCostSource.httpRequests`. */
  requests: Record<string, number>;
  costs?: Record<string, number>;
  minRequests?: number;
}): IdleEnvironment[] {
  const minRequests = options.minRequests ?? 1;
  const idle: IdleEnvironment[] = [];
  for (const [namespace, labels] of Object.entries(options.namespaceLabels)) {
    if (labels[PAVED_LABELS.lifecycle] !== 'ephemeral') continue;
    const requests = options.requests[namespace] ?? 0;
    if (requests >= minRequests) continue;
    const team = teamOf(namespace, options.namespaceLabels);
    const cost = options.costs?.[namespace];
    idle.push({
      namespace,
      ...(team && { team }),
      requests,
      ...(cost !== undefined && { cost }),
    });
  }
  return idle.sort(
    (a, b) =>
      (b.cost ?? 0) - (a.cost ?? 0) || a.namespace.localeCompare(b.namespace),
  );
}
