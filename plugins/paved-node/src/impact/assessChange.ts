import {
  ChangeImpact,
  PAVED_LABELS,
  decodeEntityRefLabel,
} from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { CostPrices } from '../cost/prices';
import { computeBlastRadius } from './blastRadius';
import { forecastCost } from './costForecast';
import { inNamespace } from './objects';
import { readLiveState } from './readLiveState';
import { LiveStateRead, RemovedObjectRef } from './types';

/**
 * A change to assess before it is applied: the namespace it writes, the client to read it with (acting as the
 * user), and the change's objects as the server-side dry run returned them.
 *
 * @public
 */
export interface ChangeAssessmentRequest {
  client: KubernetesClient;
  namespace: string;
  /** The team owning the namespace, reported as the owner of the affected components. */
  team?: string;
  changed: KubernetesObject[];
  /** Objects the change deletes (e.g. what a rollback prunes). */
  removed?: RemovedObjectRef[];
  /** The cluster's price table; without one the cost is not forecast. */
  prices?: CostPrices;
}

/**
 * The blast radius and cost forecast of a change, from one read of the namespace's live state. Kinds the user
 * may not list, and a missing price table, are named in `notes`; the rest is still computed.
 *
 * @public
 */
export async function assessChange(
  request: ChangeAssessmentRequest,
): Promise<ChangeImpact> {
  return assessAgainst(
    request,
    await readLiveState(request.client, request.namespace),
  );
}

/**
 * The blast radius and cost forecast of a change against a live state already read (see {@link readLiveState}),
 * e.g. while the change's dry run ran.
 */
export function assessAgainst(
  request: ChangeAssessmentRequest,
  live: LiveStateRead,
): ChangeImpact {
  const { client, namespace, team, removed, prices } = request;
  const changed = inNamespace(request.changed, namespace);
  const { state } = live;
  const notes = [...live.notes];
  // the environment's team, from its namespace label, when the caller did not say
  const teamLabel = state.namespaceLabels?.[PAVED_LABELS.team];
  const owner =
    team ?? (teamLabel ? decodeEntityRefLabel(teamLabel) : undefined);
  const blastRadius = computeBlastRadius({
    namespace,
    ...(owner ? { team: owner } : {}),
    live: state,
    changed,
    ...(removed ? { removed } : {}),
  });
  if (!prices) {
    notes.push(
      `No price table for cluster "${client.cluster.name}" (paved.cost.prices.${client.cluster.name}): the cost is not forecast`,
    );
    return { blastRadius, notes };
  }
  const cost = forecastCost({
    live: [...state.workloads, ...state.horizontalPodAutoscalers],
    changed,
    ...(removed ? { removed } : {}),
    prices,
  });
  return { blastRadius, cost, notes };
}
