import { ChangeImpact } from '@paved/plugin-paved-common';
import { toError } from '@backstage/errors';
import { performance } from 'node:perf_hooks';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { CostPrices } from '../cost/prices';
import { assessAgainst } from '../impact/assessChange';
import { readLiveState } from '../impact/readLiveState';
import { publishStep } from './stepTiming';
import { KubernetesObject } from './types';

/** Works out the impact of the change as the dry run planned it. */
export type ImpactAssessment = (
  planned: KubernetesObject[],
) => Promise<ChangeImpact | undefined>;

/**
 * Starts assessing the blast radius and cost forecast of a change in its one namespace (a change spanning
 * several is not assessed): the namespace's live state is read at once, as the acting user, so that the read
 * runs beside the change's dry run (which writes nothing, so both see the same state); the answer is worked
 * out from the dry run's objects. A failure to read what the assessment needs becomes a note, never a refusal.
 */
export function startImpactAssessment(
  client: KubernetesClient,
  objects: KubernetesObject[],
  prices: CostPrices | undefined,
): ImpactAssessment {
  const namespaces = new Set(
    objects.map(o => o.metadata.namespace).filter(Boolean),
  );
  if (namespaces.size !== 1) return async () => undefined;
  const [namespace] = [...namespaces] as string[];
  const started = performance.now();
  const live = readLiveState(client, namespace);
  // awaited once the dry run is done; until then a failure must not count as unhandled
  live.catch(() => undefined);
  return async planned => {
    try {
      return assessAgainst(
        { client, namespace, changed: planned, prices },
        await live,
      );
    } catch (error) {
      return {
        blastRadius: {
          restartingPods: [],
          services: [],
          conflicts: [],
          cutTraffic: [],
          components: [],
          owners: [],
        },
        notes: [
          `The blast radius could not be worked out: ${toError(error).message}`,
        ],
      };
    } finally {
      publishStep('impact', performance.now() - started, planned.length);
    }
  };
}
