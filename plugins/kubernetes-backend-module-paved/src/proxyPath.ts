import { NotAllowedError } from '@backstage/errors';
import { isKubernetesName } from '@paved/plugin-paved-common';

/**
 * What the scoped proxy lets a non-admin read: namespaced lists and objects of these resources, and pod logs.
 * Secrets (and anything not listed) are never served this way.
 */
const CORE_RESOURCES = new Set([
  'pods',
  'services',
  'endpoints',
  'events',
  'configmaps',
  'persistentvolumeclaims',
  'limitranges',
  'resourcequotas',
]);
const GROUP_RESOURCES: Record<string, Set<string>> = {
  'apps/v1': new Set([
    'deployments',
    'replicasets',
    'statefulsets',
    'daemonsets',
  ]),
  'batch/v1': new Set(['jobs', 'cronjobs']),
  'autoscaling/v2': new Set(['horizontalpodautoscalers']),
  'networking.k8s.io/v1': new Set(['ingresses']),
  'events.k8s.io/v1': new Set(['events']),
};

/** Query parameters passed on to the API server; any other is dropped. */
const ALLOWED_QUERY = new Set([
  'container',
  'previous',
  'tailLines',
  'sinceSeconds',
  'timestamps',
  'limitBytes',
  'labelSelector',
  'fieldSelector',
  'limit',
  'continue',
]);

/**
 * A read the scoped proxy may serve.
 *
 * @public
 */
export interface ProxyRead {
  /** The API path, rebuilt from the validated parts. */
  path: string;
  namespace: string;
  /** True for `pods/<name>/log`, whose answer is text. */
  isLog: boolean;
  query: Record<string, string>;
}

/**
 * Parses a proxied path and query into a {@link ProxyRead}, or explains in a NotAllowedError why the scoped proxy
 * does not serve it. Names are checked against Kubernetes' own syntax and the path is rebuilt from them, so the
 * namespace that is checked is the one that is read.
 *
 * @public
 */
export function parseProxyRead(
  rawPath: string,
  rawQuery: Record<string, unknown>,
): ProxyRead {
  const refuse = (why: string) =>
    new NotAllowedError(
      `The Kubernetes proxy serves non-admins only reads of their own team's environments: ${why}`,
    );
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw refuse(`the path "${rawPath}" is not valid URL encoding`);
  }
  const parts = path.split('/').filter((p, i) => i > 0 || p !== '');
  if (parts.some(p => p === '' || p === '.' || p === '..')) {
    throw refuse(`the path "${path}" has empty or relative segments`);
  }
  let groupVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts[1] === 'v1') {
    groupVersion = 'v1';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length > 3) {
    groupVersion = `${parts[1]}/${parts[2]}`;
    rest = parts.slice(3);
  } else {
    throw refuse(`"${path}" is not a namespaced API path`);
  }
  const [namespacesWord, namespace, resource, name, subresource, ...extra] =
    rest;
  if (namespacesWord !== 'namespaces' || !namespace || !resource) {
    throw refuse(
      `"${path}" names no namespace (cluster-wide reads are for platform admins)`,
    );
  }
  if (
    !isKubernetesName(namespace, 'label') ||
    (name !== undefined && !isKubernetesName(name, 'subdomain'))
  ) {
    throw refuse(
      `"${path}" has a namespace or name that is not a Kubernetes name`,
    );
  }
  const allowed =
    groupVersion === 'v1'
      ? CORE_RESOURCES
      : GROUP_RESOURCES[groupVersion] ?? new Set<string>();
  if (!allowed.has(resource)) {
    throw refuse(
      `reading ${resource} (${groupVersion}) is for platform admins`,
    );
  }
  const isLog = resource === 'pods' && subresource === 'log';
  if (extra.length > 0 || (subresource !== undefined && !isLog)) {
    throw refuse(`"${path}" asks for a subresource other than pods/<name>/log`);
  }
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawQuery)) {
    if (ALLOWED_QUERY.has(key) && typeof value === 'string') {
      query[key] = value;
    }
  }
  const prefix = groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
  return {
    path: [prefix, 'namespaces', namespace, resource, name, subresource]
      .filter(Boolean)
      .join('/'),
    namespace,
    isLog,
    query,
  };
}

/**
 * Whether a proxied API path touches Secrets (`/api/v1/secrets`, `/api/v1/namespaces/x/secrets/…`, their
 * watches), read the way the API server reads it: each segment percent-decoded, empty segments ignored.
 * The Kubernetes proxy serves no Secret to anyone, platform admins included: values go through the
 * Secrets card, write-only.
 *
 * @public
 */
export function touchesSecrets(path: string): boolean {
  let segments: string[];
  try {
    segments = path
      .split('/')
      .filter(Boolean)
      .map(segment => decodeURIComponent(segment));
  } catch {
    // a path the API server could not decode either: refuse rather than guess
    return true;
  }
  if (segments.some(s => s.includes('/'))) return true;
  const core = segments[0] === 'api' ? segments.slice(2) : undefined;
  if (!core) return false;
  const rest = core[0] === 'watch' ? core.slice(1) : core;
  if (rest[0] === 'secrets') return true;
  return rest[0] === 'namespaces' && rest[2] === 'secrets';
}
