import { z } from 'zod/v3';
import { postRoute } from './route';
import type { EnvironmentPlace } from './observe';
import type { PartialClusterAnswer } from './clusters';

/**
 * What a pod looks like now, as live updates tell it: ready or not, its phase and, when it is not ready,
 * why (a container's waiting or terminated reason, `Terminating`, or the pod's condition reason).
 *
 * @public
 */
export interface LivePodState {
  pod: string;
  ready: boolean;
  phase: string;
  reason?: string;
  /**
   * The Deployment, StatefulSet or DaemonSet the pod belongs to, with how many of its pods are ready now
   * (pods being deleted left out).
   */
  workload?: { kind: string; name: string; ready: number };
}

/**
 * One change of one of an entity's pods, with its place: it appeared, changed readiness, phase or reason,
 * or went away.
 *
 * @public
 */
export type LivePodChange = LivePodState &
  EnvironmentPlace & { change: 'added' | 'modified' | 'deleted' };

/**
 * The message of a live update on an entity's channel ({@link entityLiveChannel}): the changes of its pods
 * in one environment, oldest first.
 *
 * @public
 */
export type EntityLiveMessage = {
  pods: LivePodChange[];
};

/**
 * The Backstage Signals channel that carries live updates about one entity, e.g.
 * `paved:entity:component:default/checkout-api`. Only users who registered interest and may read the
 * entity receive its messages.
 *
 * @public
 */
export function entityLiveChannel(entityRef: string): string {
  return `paved:entity:${entityRef}`;
}

/**
 * The answer to registering interest in an entity's live updates: the channel to subscribe to, how long
 * the registration lasts unless renewed, and the environments whose pods are watched for the caller.
 *
 * @public
 */
export interface LiveSubscription extends PartialClusterAnswer {
  channel: string;
  ttlSeconds: number;
  /** The environments whose pods are watched for the caller; clusters that could not be read are named in `unavailableClusters`. */
  environments: EnvironmentPlace[];
}

/** The (empty) body of the live routes. @public */
export const liveBodySchema = z.object({});

const entity = '/entities/:namespace/:kind/:name';

/**
 * The live-update routes of `/api/paved`: `subscribe` registers (or renews) the caller's interest in an
 * entity's pods for `ttlSeconds`, after which changes arrive over Backstage Signals on
 * {@link entityLiveChannel}; `leave` ends it at once.
 *
 * @public
 */
export const liveRoutes = {
  subscribe: postRoute<LiveSubscription>()(`${entity}/live`, liveBodySchema),
  leave: postRoute<{ left: boolean }>()(`${entity}/live/leave`, liveBodySchema),
};
