import { ServiceUnavailableError } from '@backstage/errors';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { objectLabel } from './objectLabel';
import { ApplyPlan } from './plan';
import { ResourceMapper } from './ResourceMapper';
import { diagnoseWorkload } from '../observe/diagnoseWorkload';
import { ROLLOUT_KINDS, rolloutState } from './rollout';
import { KubernetesObject } from './types';

/**
 * How long to wait for rollouts, how often to look, and where progress lines go.
 *
 * @public
 */
export interface RolloutWaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  onProgress?: (line: string) => void;
}

/** A failed rollout, with the reasons read from the workload's pods and events. */
async function rolloutFailure(
  client: KubernetesClient,
  live: KubernetesObject,
  label: string,
  what: string,
): Promise<Error> {
  const reasons = await diagnoseWorkload(client, live).catch(e => [
    `(could not read pods: ${e.message})`,
  ]);
  return new ServiceUnavailableError(
    `Rollout of ${label} failed: ${what}${
      reasons.length ? `\n  - ${reasons.join('\n  - ')}` : ''
    }`,
  );
}

/**
 * Waits until every Deployment, StatefulSet, DaemonSet and Job of the plan has rolled out, reading them with
 * `client`. On timeout or a failed rollout it throws with the reasons read from pod status and events.
 */
export async function waitForPlanRollout(
  client: KubernetesClient,
  plan: ApplyPlan,
  options: RolloutWaitOptions,
): Promise<void> {
  const mapper = new ResourceMapper(client);
  const readLive = async (object: KubernetesObject) => {
    const info = await mapper.resolve(object.apiVersion, object.kind);
    return client.request<KubernetesObject>({
      path: `${info.base}/namespaces/${object.metadata.namespace}/${info.plural}/${object.metadata.name}`,
    });
  };
  const labelOf = (object: KubernetesObject) =>
    objectLabel({ ...object.metadata, kind: object.kind });
  const pending = plan.objects.filter(o => ROLLOUT_KINDS.has(o.kind));
  const deadline = Date.now() + options.timeoutMs;
  const last = new Map<KubernetesObject, string>();
  while (pending.length > 0) {
    for (const object of [...pending]) {
      const live = await readLive(object);
      const state = rolloutState(live);
      const label = labelOf(object);
      if (state.progress !== last.get(object)) {
        options.onProgress?.(`${label}: ${state.progress}`);
        last.set(object, state.progress);
      }
      if (state.failed) {
        throw await rolloutFailure(client, live, label, state.failed);
      }
      if (state.done) {
        options.onProgress?.(`${label}: rolled out`);
        pending.splice(pending.indexOf(object), 1);
      }
    }
    if (pending.length === 0) return;
    if (Date.now() > deadline) {
      throw await rolloutFailure(
        client,
        await readLive(pending[0]),
        labelOf(pending[0]),
        `not rolled out within ${Math.round(options.timeoutMs / 1000)} s`,
      );
    }
    await new Promise(resolve =>
      setTimeout(resolve, options.intervalMs ?? 1000),
    );
  }
}
