import { InputError } from '@backstage/errors';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { OPTIONAL_KIND_ANNOTATION } from '../render/types';
import { ResourceMapper } from './ResourceMapper';
import { KubernetesObject, SourcedObject } from './types';

/** A manifest ready to check: its namespace filled in, and whether its kind is namespaced. */
export interface PreparedObject {
  object: KubernetesObject;
  source: string;
  isNamespaced: boolean;
}

/**
 * Looks up each manifest's kind on the cluster and fills in `defaultNamespace` for namespaced objects that
 * name none. Kinds the cluster does not serve are refused together, naming each manifest's source, unless
 * the object is marked optional: those are left out, with a warning line each in `skipped`.
 */
export async function prepareObjects(
  service: KubernetesClient,
  request: {
    cluster: string;
    objects: SourcedObject[];
    defaultNamespace?: string;
  },
): Promise<{ prepared: PreparedObject[]; skipped: string[] }> {
  const mapper = new ResourceMapper(service);
  const namespaced = new Map<KubernetesObject, boolean>();
  const unknown: string[] = [];
  const skipped: string[] = [];
  await Promise.all(
    request.objects.map(async ({ object, source }) => {
      try {
        namespaced.set(
          object,
          (await mapper.resolve(object.apiVersion, object.kind)).namespaced,
        );
      } catch (error) {
        if (!isErrorNamed(error, 'InputError')) throw error;
        if (
          object.metadata.annotations?.[OPTIONAL_KIND_ANNOTATION] === 'true'
        ) {
          skipped.push(
            `${object.kind} ${object.metadata.name} skipped: cluster "${request.cluster}" does not serve ${object.apiVersion} ${object.kind} (optional)`,
          );
        } else {
          unknown.push(`${source}: ${error.message}`);
        }
      }
    }),
  );
  if (unknown.length > 0) {
    throw new InputError(
      `Unknown kinds; nothing was applied:\n${unknown.join('\n')}`,
    );
  }
  const prepared = request.objects
    .filter(({ object }) => namespaced.has(object))
    .map(({ object, source }) => {
      const isNamespaced = namespaced.get(object) ?? true;
      const namespace = object.metadata.namespace ?? request.defaultNamespace;
      const filled =
        isNamespaced && namespace
          ? { ...object, metadata: { ...object.metadata, namespace } }
          : object;
      return { object: filled, source, isNamespaced };
    });
  return { prepared, skipped };
}
