import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  KubernetesObject,
  SourcedObject,
  parseManifests,
  validateObject,
} from '@paved/plugin-paved-node';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Collects manifests from workspace files or folders (`.yaml`, `.yml`, `.json`, sorted by path) and from
 * inline YAML or objects. Every problem is reported at once.
 */
export async function readManifestSources(options: {
  workspacePath: string;
  paths?: string[];
  inline?: string | Array<Record<string, unknown>>;
}): Promise<SourcedObject[]> {
  const objects: SourcedObject[] = [];
  const problems: string[] = [];
  for (const relative of options.paths ?? []) {
    const absolute = resolveSafeChildPath(options.workspacePath, relative);
    const files = await listManifestFiles(absolute).catch(() => {
      problems.push(
        `path "${relative}": no such file or folder in the task workspace; check the path of the fetched files`,
      );
      return [];
    });
    for (const file of files) {
      const name = path.relative(options.workspacePath, file);
      try {
        objects.push(...parseManifests(await fs.readFile(file, 'utf8'), name));
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }
  if (typeof options.inline === 'string') {
    try {
      objects.push(...parseManifests(options.inline, 'manifests'));
    } catch (error) {
      problems.push((error as Error).message);
    }
  } else if (Array.isArray(options.inline)) {
    options.inline.forEach((value, index) => {
      const found = validateObject(value);
      if (found.length > 0) {
        problems.push(...found.map(p => `manifests[${index}]: ${p}`));
      } else {
        objects.push({
          object: value as KubernetesObject,
          source: `manifests[${index}]`,
        });
      }
    });
  }
  if (problems.length > 0) {
    throw new InputError(problems.join('\n'));
  }
  if (objects.length === 0) {
    throw new InputError(
      'Nothing to apply: give manifests inline (input "manifests") or workspace paths (input "paths")',
    );
  }
  return objects;
}

/**
 * With a `namespace` input, every manifest that names a namespace must name that one: the permission check
 * and the write then read the same environment. Each mismatch is named by its source and field.
 */
export function requireInputNamespace(
  sources: SourcedObject[],
  namespace: string | undefined,
): void {
  if (namespace === undefined) return;
  const strays = sources.filter(
    s =>
      s.object.metadata.namespace !== undefined &&
      s.object.metadata.namespace !== namespace,
  );
  if (strays.length === 0) return;
  throw new InputError(
    strays
      .map(
        s =>
          `${s.source}: metadata.namespace: "${s.object.metadata.namespace}" differs from the input namespace "${namespace}"; leave metadata.namespace out or set it to "${namespace}", or apply to each namespace in a step of its own`,
      )
      .join('; '),
  );
}

async function listManifestFiles(target: string): Promise<string[]> {
  const stat = await fs.stat(target);
  if (stat.isFile()) return [target];
  const entries = await fs.readdir(target, {
    withFileTypes: true,
    recursive: true,
  });
  return entries
    .filter(e => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map(e => path.join(e.parentPath, e.name))
    .sort();
}
