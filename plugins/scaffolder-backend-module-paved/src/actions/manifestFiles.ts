import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { KubernetesObject } from '@paved/plugin-paved-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';

/** An object and the workspace file it is written to. */
export interface ManifestFile {
  object: KubernetesObject;
  absolute: string;
}

/** `<kind>-<name>.yaml`, lowercase. */
function fileNameOf(object: KubernetesObject): string {
  return `${object.kind}-${object.metadata.name}.yaml`.toLocaleLowerCase(
    'en-US',
  );
}

/**
 * Where each object is written: `<kind>-<name>.yaml` in a folder of the task workspace. Refuses a folder
 * outside the workspace and two objects that would share a file, before anything is written.
 */
export function manifestFilesFor(
  workspacePath: string,
  outputPath: string,
  objects: KubernetesObject[],
): ManifestFile[] {
  const folder = resolveSafeChildPath(workspacePath, outputPath);
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
  return files;
}

/**
 * Writes each object as YAML to its file and returns the written files relative to the workspace;
 * `onWritten` is called once per file, e.g. to log it.
 */
export async function writeManifestFiles(
  workspacePath: string,
  files: ManifestFile[],
  onWritten?: (object: KubernetesObject, relative: string) => void,
): Promise<string[]> {
  const written: string[] = [];
  for (const { object, absolute } of files) {
    await fs.mkdir(path.dirname(absolute), { recursive: true });
    await fs.writeFile(
      absolute,
      yaml.stringify(object, { aliasDuplicateObjects: false, lineWidth: 0 }),
      'utf8',
    );
    const relative = path.relative(workspacePath, absolute);
    written.push(relative);
    onWritten?.(object, relative);
  }
  return written;
}
