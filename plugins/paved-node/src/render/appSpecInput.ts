import { InputError } from '@backstage/errors';
import yaml from 'yaml';

type Json = Record<string, unknown>;

const MAX_TEXT = 256 * 1024;
const PATCH_EXAMPLE =
  '- target: { kind: Deployment }\n  type: json\n  patch: [{ op: replace, path: /spec/revisionHistoryLimit, value: 10 }]';
/** Keys whose values are kept exactly as written: their empty values mean something. */
const VERBATIM = new Set(['patches', 'env', 'annotations']);

const isMap = (value: unknown): value is Json =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * Expert patches written as YAML or JSON text (a golden-path form's Expert page): a list of patches, or one
 * patch. Empty text is none.
 *
 * @throws InputError naming `patches`, the line of a syntax error and the fix.
 * @public
 */
export function parsePatchesText(text: string | undefined): unknown[] {
  if (!text || !text.trim()) return [];
  if (text.length > MAX_TEXT) {
    throw new InputError(
      `patches: larger than ${MAX_TEXT / 1024} KiB; keep it small`,
    );
  }
  const documents = yaml.parseAllDocuments(text);
  if (documents.length !== 1) {
    throw new InputError(
      `patches: holds ${documents.length} YAML documents; keep exactly one list`,
    );
  }
  const [document] = documents;
  const [error] = document.errors;
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new InputError(
      `patches: not valid YAML or JSON${line ? ` (line ${line})` : ''}: ${
        error.message.split('\n')[0]
      }`,
    );
  }
  const value: unknown = document.toJS({ maxAliasCount: 50 });
  if (Array.isArray(value)) return value;
  if (isMap(value) && 'target' in value) return [value];
  throw new InputError(
    `patches: write a list of patches (YAML or JSON), e.g.\n${PATCH_EXAMPLE}`,
  );
}

/**
 * Drops what a form leaves behind without meaning — undefined, null, empty strings, empty objects and
 * lists — so the spec holds only what was chosen. `patches`, `env` and `annotations` are kept as written.
 *
 * @public
 */
export function pruneSpec(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(pruneSpec).filter(v => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isMap(value)) {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, VERBATIM.has(k) ? v : pruneSpec(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  if (value === null || value === '') return undefined;
  return value;
}

/**
 * The app spec of a golden-path form (the `paved:app-spec:read` action and the review page's preview): the
 * form's spec with the expert patches text appended to its own patches, and without empty fields.
 *
 * @throws InputError when the patches cannot be read or `spec.patches` is not a list.
 * @public
 */
export function appSpecFromForm(
  spec: Record<string, unknown>,
  patchesText?: string,
): Record<string, unknown> {
  const extra = parsePatchesText(patchesText);
  const own = spec.patches ?? [];
  if (extra.length > 0 && !Array.isArray(own)) {
    throw new InputError(
      'spec.patches: is not a list, so the expert patches cannot be added to it; write spec.patches as a list',
    );
  }
  return (pruneSpec({
    ...spec,
    ...(extra.length > 0 ? { patches: [...(own as unknown[]), ...extra] } : {}),
  }) ?? {}) as Json;
}
