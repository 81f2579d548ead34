import { isErrorNamed } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { objectPath } from './applyObjects';
import { ResourceMapper } from './ResourceMapper';
import { KubernetesObject } from './types';

/** From how many objects of one kind and namespace one list is read instead of one read per object. */
const LIST_FROM = 3;

/** The key of an object in {@link LiveObjects}. */
export function liveObjectKey(
  object: KubernetesObject,
  namespace: string | undefined,
): string {
  return `${object.apiVersion}|${object.kind}|${namespace ?? ''}|${
    object.metadata.name
  }`;
}

/**
 * What is known of the live objects before a change: the object, `null` when it does not exist, and no entry
 * when it was not read (it is then read on its own).
 *
 * @public
 */
export type LiveObjects = Map<string, KubernetesObject | null>;

/**
 * Reads the live objects of a change with one list per kind and namespace where several objects share them
 * (a 35-object change of 6 kinds costs 6 reads instead of 35). Kinds the user may not list, or lists that
 * fail, are left unread: each object is then read on its own.
 *
 * @public
 */
export async function readLiveObjects(
  client: KubernetesClient,
  objects: KubernetesObject[],
  defaultNamespace?: string,
): Promise<LiveObjects> {
  const mapper = new ResourceMapper(client);
  const groups = new Map<
    string,
    { collection: string; namespace?: string; objects: KubernetesObject[] }
  >();
  for (const object of objects) {
    // a kind the cluster does not serve is reported by the object's own dry run
    const where = await objectPath(mapper, object, defaultNamespace).catch(
      () => undefined,
    );
    if (!where) continue;
    const { path, namespace } = where;
    const collection = path.slice(0, path.lastIndexOf('/'));
    const group = groups.get(collection) ?? {
      collection,
      namespace,
      objects: [],
    };
    group.objects.push(object);
    groups.set(collection, group);
  }
  const known: LiveObjects = new Map();
  await Promise.all(
    [...groups.values()]
      .filter(g => g.objects.length >= LIST_FROM)
      .map(async group => {
        let items: KubernetesObject[];
        try {
          const list = await client.request<{ items?: KubernetesObject[] }>({
            path: group.collection,
            context: `listing ${group.objects[0].kind}s`,
          });
          items = list.items ?? [];
        } catch (error) {
          if (
            isErrorNamed(error, 'NotAllowedError') ||
            isErrorNamed(error, 'NotFoundError')
          ) {
            return;
          }
          throw error;
        }
        const byName = new Map(items.map(i => [i.metadata.name, i]));
        for (const object of group.objects) {
          const live = byName.get(object.metadata.name);
          // a list's items carry no apiVersion and kind; the object's own read would
          known.set(
            liveObjectKey(object, group.namespace),
            live
              ? { ...live, apiVersion: object.apiVersion, kind: object.kind }
              : null,
          );
        }
      }),
  );
  return known;
}
