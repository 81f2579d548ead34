import { InputError } from '@backstage/errors';
import {
  GOLDEN_PATHS,
  GoldenPath,
  isGoldenPath,
} from '@paved/plugin-paved-common';
import yaml from 'yaml';

/**
 * `apiVersion` of a `paved.yaml` document.
 *
 * @public
 */
export const APP_SPEC_API_VERSION = 'paved.dev/v1alpha1';
/**
 * `kind` of a `paved.yaml` document.
 *
 * @public
 */
export const APP_SPEC_KIND = 'AppSpec';

const MAX_TEXT = 256 * 1024;
const DOCUMENT_KEYS = ['apiVersion', 'kind', 'goldenPath', 'spec'];

type Json = Record<string, unknown>;

const isMap = (value: unknown): value is Json =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** Parses one YAML (or JSON) document, naming the source and line of the first syntax error. */
function parseOne(text: string, source: string): unknown {
  if (text.length > MAX_TEXT) {
    throw new InputError(
      `${source} is larger than ${MAX_TEXT / 1024} KiB; keep it small`,
    );
  }
  const documents = yaml.parseAllDocuments(text);
  if (documents.length !== 1) {
    throw new InputError(
      `${source} holds ${documents.length} YAML documents; keep exactly one`,
    );
  }
  const [document] = documents;
  const [error] = document.errors;
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new InputError(
      `${source} is not valid YAML or JSON${line ? ` (line ${line})` : ''}: ${
        error.message.split('\n')[0]
      }`,
    );
  }
  return document.toJS({ maxAliasCount: 50 });
}

/**
 * Reads a `paved.yaml` document: `goldenPath` and `spec`, optionally `apiVersion` and `kind`. Every problem is
 * an InputError naming `source` and the field.
 *
 * @public
 */
export function parseAppSpecDocument(
  text: string,
  source: string,
): { goldenPath: GoldenPath; spec: Record<string, unknown> } {
  const value = parseOne(text, source);
  if (!isMap(value)) {
    throw new InputError(
      `${source} is not an app spec; write a mapping with goldenPath and spec`,
    );
  }
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!DOCUMENT_KEYS.includes(key)) {
      problems.push(
        `${key}: is not a field of an app spec document; keep ${DOCUMENT_KEYS.join(
          ', ',
        )}`,
      );
    }
  }
  if (
    value.apiVersion !== undefined &&
    value.apiVersion !== APP_SPEC_API_VERSION
  ) {
    problems.push(
      `apiVersion: is ${JSON.stringify(
        value.apiVersion,
      )}; write apiVersion: ${APP_SPEC_API_VERSION} or leave it out`,
    );
  }
  if (value.kind !== undefined && value.kind !== APP_SPEC_KIND) {
    problems.push(
      `kind: is ${JSON.stringify(
        value.kind,
      )}; write kind: ${APP_SPEC_KIND} or leave it out`,
    );
  }
  if (!isGoldenPath(value.goldenPath)) {
    problems.push(
      `goldenPath: is ${JSON.stringify(
        value.goldenPath,
      )}; write one of ${GOLDEN_PATHS.join(', ')}`,
    );
  }
  if (!isMap(value.spec)) {
    problems.push(
      'spec: is missing; write the app spec under spec, starting with name and owner',
    );
  }
  if (problems.length > 0) {
    throw new InputError(
      `${source} has ${problems.length} problem(s):\n  - ${problems.join(
        '\n  - ',
      )}`,
    );
  }
  return {
    goldenPath: value.goldenPath as GoldenPath,
    spec: value.spec as Json,
  };
}

/**
 * The `paved.yaml` text of a spec.
 *
 * @public
 */
export function appSpecDocument(
  goldenPath: GoldenPath,
  spec: Record<string, unknown>,
): string {
  return yaml.stringify(
    { apiVersion: APP_SPEC_API_VERSION, kind: APP_SPEC_KIND, goldenPath, spec },
    { aliasDuplicateObjects: false, lineWidth: 0 },
  );
}
