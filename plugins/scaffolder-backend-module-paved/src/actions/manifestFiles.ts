import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { KubernetesObject } from '@paved/plugin-paved-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';

/** `<kind>-<name>.yaml`, lowercase. */
function fileNameOf(object: KubernetesObject): string {
  return `${object.kind}-${object.metadata.name}.yaml`.toLocaleLowerCase(
    'en-US',
  );
}

/**
 * Writes each object as `<kind>-<name>.yaml` into a folder of the task workspace and returns the written
 * files relative to the workspace. Nothing is written when two objects would share a file.
 */
export async function writeManifestFiles(options: {
  workspacePath: string;
  /** Folder relative to the workspace; it may not lead out of it. */
  outputPath: string;
  objects: KubernetesObject[];
  /** Called once per written file, e.g. to log it. */
  onWritten?: (object: KubernetesObject, relative: string) => void;
}): Promise<string[]> {
  const { workspacePath, objects } = options;
  const folder = resolveSafeChildPath(workspacePath, options.outputPath);
  const files = objects.map(object => ({
    object,
    absolute: path.join(folder, fileNameOf(object)),
  }));
  const seen = new Set<string>();
  for (const { absolute } of files) {
    if (seen.has(absolute)) {
      throw new InputError(
        `Two rendered objects would both be written to ${path.basename(
          absolute,
        )}; give them different names with the spec's patches`,
      );
    }
    seen.add(absolute);
  }
  await fs.mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const { object, absolute } of files) {
    await fs.writeFile(
      absolute,
      yaml.stringify(object, { aliasDuplicateObjects: false, lineWidth: 0 }),
      'utf8',
    );
    const relative = path.relative(workspacePath, absolute);
    written.push(relative);
    options.onWritten?.(object, relative);
  }
  return written;
}
