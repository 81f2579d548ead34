/**
 * The namespaces a user may read through the Kubernetes plugin: everything (platform admins and backend
 * services), or a set of namespaces per cluster name.
 *
 * @public
 */
export type ReadableNamespaces =
  | { all: true }
  | { all: false; byCluster: ReadonlyMap<string, ReadonlySet<string>> };

/** Nothing at all: the answer for a user who may not read the entity. */
export const NO_NAMESPACES: ReadableNamespaces = {
  all: false,
  byCluster: new Map(),
};

/** True when `namespace` of `cluster` is readable. */
export function mayRead(
  readable: ReadableNamespaces,
  cluster: string,
  namespace: string | undefined,
): boolean {
  if (readable.all) return true;
  if (!namespace) return false;
  return readable.byCluster.get(cluster)?.has(namespace) ?? false;
}
