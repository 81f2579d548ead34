/**
 * How messages name an object: `Kind namespace/name`, or `Kind name` for a cluster-scoped one.
 *
 * @public
 */
export function objectLabel(object: {
  kind: string;
  namespace?: string;
  name: string;
}): string {
  const { kind, namespace, name } = object;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}
