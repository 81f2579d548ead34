import { InputError } from '@backstage/errors';
import { compare } from 'fast-json-patch';
import { parse, stringify } from 'yaml';
import { KubernetesObject } from '../apply/types';

/**
 * What one apply writes to a deploy repository: the files to write (path → content) and the files of the
 * component's folders to remove (objects the change no longer has).
 *
 * @public
 */
export interface DeployTreeChange {
  /** Files to create or replace, by path from the repository's root. */
  write: Record<string, string>;
  /** Files to delete, by path from the repository's root. */
  remove: string[];
}

/**
 * What the repository holds for the component and its environment, as the layout reads it.
 *
 * @public
 */
export interface DeployTreeFiles {
  /** Paths of the files under the component's base folder. */
  base: string[];
  /** Paths of the files under the component's overlay folder of the environment. */
  overlay: string[];
  /** The environment folder's own kustomization.yaml, when there is one. */
  environmentKustomization?: string;
  /** The component's base objects as the repository holds them (namespace-free), by file path. */
  baseObjects: Record<string, KubernetesObject>;
}

const KUSTOMIZATION_HEADER = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
};

/** A file name for an object: `deployment-payments-api.yaml`. */
export function objectFileName(object: KubernetesObject): string {
  return `${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
}

/** `apps/v1` → group `apps`, version `v1`; `v1` → core group. */
function groupVersion(apiVersion: string) {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  return { group, version };
}

/** The object as the repository keeps it: no namespace (the environment's Kustomization sets it), no status. */
export function repositoryObject(object: KubernetesObject): KubernetesObject {
  const { status: _status, ...rest } = object as KubernetesObject & {
    status?: unknown;
  };
  const { namespace: _namespace, ...metadata } = rest.metadata;
  return { ...rest, metadata } as KubernetesObject;
}

function identity(object: KubernetesObject) {
  return `${object.apiVersion}|${object.kind}|${object.metadata.name}`;
}

/** The component's folders: `base/<component>` and `<environment path>/<component>`. */
export function componentFolders(environmentPath: string, component: string) {
  const environment = environmentPath.replace(/^\.\//, '').replace(/\/+$/, '');
  return {
    environment,
    base: `base/${component}`,
    overlay: `${environment}/${component}`,
  };
}

/** `a/b/c` relative to `a/x/y` → `../../b/c`. */
function relativePath(from: string, to: string): string {
  const a = from.split('/');
  const b = to.split('/');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) {
    common++;
  }
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}

function yamlOf(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/**
 * Lays out one component's objects for one environment in a deploy repository as kustomize reads it:
 *
 * - `base/<component>/`: the component's objects without namespace, written when the repository has no base
 *   for it yet and otherwise left as it is, so a change to one environment never changes another;
 * - `<environment path>/<component>/kustomization.yaml`: the environment's overlay — the base, JSON patches
 *   (RFC 6902) that turn each base object into exactly this environment's object, the objects the base lacks
 *   (as files of the overlay) and a delete patch for each base object the environment does not have;
 * - `<environment path>/kustomization.yaml`: lists each component folder of the environment (kept when
 *   there, the component added when not).
 *
 * The built overlay equals `objects` without their namespace (the environment's Flux Kustomization sets it).
 * Objects must be of one environment and distinct by kind and name.
 *
 * @public
 */
export function layoutDeployTree(options: {
  component: string;
  environmentPath: string;
  objects: KubernetesObject[];
  existing: DeployTreeFiles;
}): DeployTreeChange {
  const { component, objects, existing } = options;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(component)) {
    throw new InputError(
      `component "${component}" is not a folder name Paved writes to a deploy repository: lowercase letters, digits and "-"`,
    );
  }
  if (objects.length === 0) {
    throw new InputError(
      'manifests: nothing to write to the deploy repository; give at least one object',
    );
  }
  const folders = componentFolders(options.environmentPath, component);
  const wanted = objects.map(repositoryObject);
  const seen = new Set<string>();
  for (const o of wanted) {
    if (seen.has(identity(o))) {
      throw new InputError(
        `manifests: ${o.kind} ${o.metadata.name} is given twice; a deploy repository holds each object once per environment`,
      );
    }
    seen.add(identity(o));
  }

  const write: Record<string, string> = {};
  let baseObjects = Object.values(existing.baseObjects);
  if (baseObjects.length === 0) {
    baseObjects = wanted;
    for (const o of wanted) {
      write[`${folders.base}/${objectFileName(o)}`] = yamlOf(o);
    }
    write[`${folders.base}/kustomization.yaml`] = yamlOf({
      ...KUSTOMIZATION_HEADER,
      resources: wanted.map(objectFileName).sort(),
    });
  }

  const byIdentity = new Map(wanted.map(o => [identity(o), o]));
  const patches: unknown[] = [];
  for (const base of baseObjects) {
    const target = {
      ...groupVersion(base.apiVersion),
      kind: base.kind,
      name: base.metadata.name,
    };
    const mine = byIdentity.get(identity(base));
    if (!mine) {
      patches.push({
        target,
        patch: yamlOf({
          $patch: 'delete',
          apiVersion: base.apiVersion,
          kind: base.kind,
          metadata: { name: base.metadata.name },
        }),
      });
      continue;
    }
    byIdentity.delete(identity(base));
    const operations = compare(base, mine);
    if (operations.length > 0) {
      patches.push({ target, patch: yamlOf(operations) });
    }
  }
  const extras = [...byIdentity.values()];
  for (const o of extras) {
    write[`${folders.overlay}/${objectFileName(o)}`] = yamlOf(o);
  }
  write[`${folders.overlay}/kustomization.yaml`] = yamlOf({
    ...KUSTOMIZATION_HEADER,
    resources: [
      relativePath(folders.overlay, folders.base),
      ...extras.map(objectFileName).sort(),
    ],
    ...(patches.length > 0 ? { patches } : {}),
  });

  write[`${folders.environment}/kustomization.yaml`] = environmentKustomization(
    existing.environmentKustomization,
    component,
  );
  const remove = existing.overlay.filter(path => !(path in write));
  return { write, remove };
}

/** The environment folder's kustomization with the component's folder among its resources. */
function environmentKustomization(
  text: string | undefined,
  component: string,
): string {
  let resources: string[] = [];
  if (text !== undefined) {
    const parsed = parse(text) as { resources?: unknown } | null;
    if (Array.isArray(parsed?.resources)) {
      resources = parsed!.resources.filter(
        (r): r is string => typeof r === 'string',
      );
    }
  }
  if (!resources.includes(component)) resources.push(component);
  return yamlOf({ ...KUSTOMIZATION_HEADER, resources: resources.sort() });
}
