import { isErrorNamed } from '@paved/plugin-paved-common';
import { ResourceMapper } from '../apply/ResourceMapper';
import { KubernetesObject } from '../apply/types';
import { OPTIONAL_KIND_ANNOTATION } from './types';

/**
 * An object left out because the cluster does not serve its kind, with a note for the task log.
 *
 * @public
 */
export interface SkippedObject {
  object: KubernetesObject;
  note: string;
}

/**
 * Drops the objects marked with {@link OPTIONAL_KIND_ANNOTATION} whose kind the cluster does not serve (e.g.
 * a ServiceMonitor where the Prometheus operator is not installed), so the deploy goes ahead without them.
 * Unmarked objects are always kept: a kind they need that is missing stays an error of the deploy.
 *
 * @param isServed - whether the cluster serves an object's apiVersion and kind; see {@link kindServedBy}.
 * @public
 */
export async function withoutMissingKinds(
  objects: KubernetesObject[],
  isServed: (object: KubernetesObject) => boolean | Promise<boolean>,
): Promise<{ objects: KubernetesObject[]; skipped: SkippedObject[] }> {
  const kept: KubernetesObject[] = [];
  const skipped: SkippedObject[] = [];
  for (const object of objects) {
    const optional =
      object.metadata.annotations?.[OPTIONAL_KIND_ANNOTATION] === 'true';
    if (!optional || (await isServed(object))) {
      kept.push(object);
    } else {
      skipped.push({
        object,
        note: `Skipped ${object.kind} ${object.metadata.name}: the cluster does not serve ${object.apiVersion} ${object.kind}; install its CRD (or operator) to get it`,
      });
    }
  }
  return { objects: kept, skipped };
}

/**
 * An `isServed` check for {@link withoutMissingKinds} backed by the cluster's API discovery.
 *
 * @public
 */
export function kindServedBy(
  mapper: ResourceMapper,
): (object: KubernetesObject) => Promise<boolean> {
  return async object => {
    try {
      await mapper.resolve(object.apiVersion, object.kind);
      return true;
    } catch (error) {
      if (isErrorNamed(error, 'InputError')) return false;
      throw error;
    }
  };
}
