import {
  ClusterObjects,
  FetchResponse,
  KubernetesFetchError,
  ObjectsByEntityResponse,
} from '@backstage/plugin-kubernetes-common';
import { ReadableNamespaces, mayRead } from './ReadableNamespaces';

/** Object types never passed on to a browser, whoever asks: their values are secret. */
const WITHHELD_TYPES = new Set<string>(['secrets']);

const NAMESPACE_IN_PATH = /\/namespaces\/([^/]+)/;

/**
 * Whether an object is a Secret, whatever list brought it: a custom-resource query for `v1/secrets` answers
 * them under the type `customresources`, with key names and annotations (a `last-applied-configuration`
 * holds the values) that must not reach a browser either.
 */
function isSecret(object: unknown): boolean {
  return (object as { kind?: unknown })?.kind === 'Secret';
}

function namespaceOf(object: unknown): string | undefined {
  const metadata = (object as { metadata?: { namespace?: unknown } })?.metadata;
  return typeof metadata?.namespace === 'string'
    ? metadata.namespace
    : undefined;
}

function keepError(
  error: KubernetesFetchError,
  readable: ReadableNamespaces,
  cluster: string,
): boolean {
  if (readable.all) return true;
  if (error.errorType === 'FETCH_ERROR') return true;
  const namespace = NAMESPACE_IN_PATH.exec(error.resourcePath ?? '')?.[1];
  // an error about a cluster-wide list names no namespace and no object
  return namespace === undefined || mayRead(readable, cluster, namespace);
}

function filterCluster(
  item: ClusterObjects,
  readable: ReadableNamespaces,
): ClusterObjects {
  const cluster = item.cluster.name;
  const inScope = (object: unknown) =>
    mayRead(readable, cluster, namespaceOf(object));
  return {
    ...item,
    resources: item.resources
      .filter(response => !WITHHELD_TYPES.has(response.type))
      .map(
        response =>
          ({
            ...response,
            resources: (response.resources as unknown[]).filter(
              object => inScope(object) && !isSecret(object),
            ),
          } as FetchResponse),
      ),
    podMetrics: item.podMetrics.filter(metric => inScope(metric.pod)),
    errors: item.errors.filter(error => keepError(error, readable, cluster)),
  };
}

/**
 * Keeps only what `readable` allows of a Kubernetes plugin answer: objects in readable namespaces of each
 * cluster (cluster-scoped objects are dropped for everyone but platform admins; Secrets, in any list,
 * for everyone), pod metrics of those pods, and errors that name no other namespace. Clusters where nothing is
 * readable are left out entirely.
 *
 * @public
 */
export function filterObjectsByNamespace(
  response: ObjectsByEntityResponse,
  readable: ReadableNamespaces,
): ObjectsByEntityResponse {
  const items = response.items
    .filter(item => readable.all || readable.byCluster.has(item.cluster.name))
    .map(item => filterCluster(item, readable));
  return { items };
}
