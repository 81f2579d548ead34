import { useEffect, useReducer, useRef } from 'react';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  discoveryApiRef,
  fetchApiRef,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { appSignalApiRef } from '../api/appSignals';
import {
  EntityLiveMessage,
  LivePodChange,
  entityLiveChannel,
} from '@paved/plugin-paved-common';
import { PavedLiveClient } from '../api/PavedLiveClient';

/**
 * What live updates told since the page opened: the latest state of each pod that changed, and the ready
 * count of each workload one of them belongs to.
 *
 * @public
 */
export interface EntityLiveState {
  /** By {@link livePodKey}; pods that went away are removed. */
  pods: Record<string, LivePodChange>;
  /** Ready pods now, by {@link liveWorkloadKey}. */
  workloads: Record<string, number>;
}

/** The key of a pod in {@link EntityLiveState}. @public */
export const livePodKey = (p: {
  cluster: string;
  namespace: string;
  pod: string;
}) => `${p.cluster}/${p.namespace}/${p.pod}`;

/** The key of a workload in {@link EntityLiveState}. @public */
export const liveWorkloadKey = (w: {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
}) => `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`;

const NOTHING_YET: EntityLiveState = { pods: {}, workloads: {} };

/** Applies one live message, every change in order. */
export function applyLiveMessage(
  state: EntityLiveState,
  message: EntityLiveMessage,
): EntityLiveState {
  const pods = { ...state.pods };
  const workloads = { ...state.workloads };
  for (const change of message.pods ?? []) {
    if (change.change === 'deleted') delete pods[livePodKey(change)];
    else pods[livePodKey(change)] = change;
    if (change.workload) {
      workloads[
        liveWorkloadKey({
          ...change,
          kind: change.workload.kind,
          name: change.workload.name,
        })
      ] = change.workload.ready;
    }
  }
  return { pods, workloads };
}

/** Seconds to wait before registering again after a failed registration. */
const RETRY_SECONDS = 60;

/**
 * Live updates of `entity`'s pods while the component is shown: registers the user's interest with the
 * Paved backend (renewed at half its time to live, which is a lease, not a read: changes come only over
 * Backstage Signals on {@link @paved/plugin-paved-common#entityLiveChannel}), and leaves when unmounted. Does
 * nothing without an entity or without the app's signals API; a refused registration (the user may not read
 * the entity) is not tried again.
 *
 * @public
 */
export function useEntityLive(entity: Entity | undefined): EntityLiveState {
  const apis = useApiHolder();
  const signals = apis.get(appSignalApiRef);
  // the holder may be a new object on each render; the registration must not start again for that
  const apisRef = useRef(apis);
  apisRef.current = apis;
  const entityRef = entity ? stringifyEntityRef(entity) : undefined;
  const [state, dispatch] = useReducer(applyLiveMessage, NOTHING_YET);

  useEffect(() => {
    if (!signals || !entityRef) return undefined;
    const ref = parseEntityRef(entityRef);
    // the backend's APIs are only needed (and only resolved) where the app has signals
    const client = new PavedLiveClient({
      discoveryApi: apisRef.current.get(discoveryApiRef)!,
      fetchApi: apisRef.current.get(fetchApiRef)!,
    });
    let ended = false;
    let renewal: ReturnType<typeof setTimeout> | undefined;
    const subscription = signals.subscribe(entityLiveChannel(entityRef), m =>
      dispatch(m as unknown as EntityLiveMessage),
    );
    const register = async () => {
      let seconds = RETRY_SECONDS;
      try {
        seconds = (await client.subscribe(ref)).ttlSeconds / 2;
      } catch (error) {
        if ((error as { response?: Response }).response?.status === 403) {
          return;
        }
      }
      if (!ended) renewal = setTimeout(register, seconds * 1000);
    };
    void register();
    return () => {
      ended = true;
      clearTimeout(renewal);
      subscription.unsubscribe();
      client.leave(ref).catch(() => {});
    };
  }, [signals, entityRef]);

  return state;
}
