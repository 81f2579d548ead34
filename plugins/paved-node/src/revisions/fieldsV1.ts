import { isDeepStrictEqual } from 'node:util';
import { InputError } from '@backstage/errors';

/**
 * One step of a field path: a map field (`f:`), a list item found by its key fields (`k:`), a set item
 * found by its value (`v:`), or a list item found by its position (`i:`).
 */
export type FieldSegment =
  | { field: string }
  | { key: Record<string, unknown> }
  | { value: unknown }
  | { index: number };

/**
 * A leaf of a managedFields `fieldsV1` tree. A list item owned as a whole (`.`) is one leaf, the item,
 * with the fields under it as `members`: they matter when the other side has the item too.
 */
export interface OwnedField {
  segments: FieldSegment[];
  members?: OwnedField[];
}

/** A field found in an object: its value, its JSON Pointer, and the checks that pin its list items. */
export interface LocatedField {
  value: unknown;
  /** RFC 6901 pointer, list positions as found in the object. */
  pointer: string;
  /** JSON Patch `test` operations that hold while each list item on the way is still the one found. */
  tests: Array<{ path: string; value: unknown }>;
}

/** List key fields the API server fills in when a manifest leaves them out. */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(
      `managedFields fieldsV1 ${what} "${text}" is not valid JSON; read the object again from the cluster`,
    );
  }
}

/** The segment a `fieldsV1` key stands for (`f:replicas`, `k:{"name":"api"}`, `v:"x"`, `i:0`). */
export function parseFieldsV1Key(key: string): FieldSegment {
  const body = key.slice(2);
  switch (key.slice(0, 2)) {
    case 'f:':
      return { field: body };
    case 'k:': {
      const parsed = parseJson(body, 'list key');
      if (!isMap(parsed)) {
        throw new InputError(
          `managedFields fieldsV1 list key "${key}" is not a JSON object of key fields`,
        );
      }
      return { key: parsed };
    }
    case 'v:':
      return { value: parseJson(body, 'set value') };
    case 'i:': {
      const index = Number(body);
      if (!Number.isInteger(index) || index < 0) {
        throw new InputError(
          `managedFields fieldsV1 list position "${key}" is not a non-negative integer`,
        );
      }
      return { index };
    }
    default:
      throw new InputError(
        `managedFields fieldsV1 key "${key}" starts with neither f:, k:, v: nor i:; read the object again from the cluster`,
      );
  }
}

function isListItem(segment: FieldSegment | undefined): boolean {
  return segment !== undefined && !('field' in segment);
}

function collect(node: unknown, segments: FieldSegment[], out: OwnedField[]) {
  const children = isMap(node) ? Object.keys(node).filter(k => k !== '.') : [];
  if (children.length === 0) {
    out.push({ segments });
    return;
  }
  const parse = (child: string) => [...segments, parseFieldsV1Key(child)];
  if (isListItem(segments[segments.length - 1]) && '.' in (node as object)) {
    const members: OwnedField[] = [];
    for (const child of children) {
      collect((node as Record<string, unknown>)[child], parse(child), members);
    }
    out.push({ segments, members });
    return;
  }
  for (const child of children) {
    collect((node as Record<string, unknown>)[child], parse(child), out);
  }
}

/**
 * The leaves a managedFields `fieldsV1` tree owns, e.g. `{"f:spec":{"f:replicas":{}}}` → `spec.replicas`.
 * A list item owned as a whole (`.`) is one leaf with its fields as members; a map's own `.` is not a leaf
 * of its own when fields under it are owned.
 */
export function parseFieldsV1(fieldsV1: unknown): OwnedField[] {
  if (!isMap(fieldsV1)) return [];
  const out: OwnedField[] = [];
  for (const child of Object.keys(fieldsV1).filter(k => k !== '.')) {
    collect(fieldsV1[child], [parseFieldsV1Key(child)], out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Readable paths: `spec.template.spec.containers[name=api].env[name=DEBUG]`,
// `metadata.labels["app.kubernetes.io/name"]`, `ports[containerPort=80,protocol=TCP]`, `finalizers[="x"]`,
// `args[0]`. formatFieldPath and parseFieldPath are each other's inverse.
// ---------------------------------------------------------------------------------------------------------

const PLAIN_FIELD = /^[A-Za-z0-9_$-]+$/;
const PLAIN_KEY_VALUE = /^[A-Za-z0-9_.\/:@+-]+$/;

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function formatKeyValue(value: unknown): string {
  if (
    typeof value === 'string' &&
    PLAIN_KEY_VALUE.test(value) &&
    !isJson(value)
  ) {
    return value;
  }
  return JSON.stringify(value);
}

function formatSegment(segment: FieldSegment, first: boolean): string {
  if ('field' in segment) {
    if (!PLAIN_FIELD.test(segment.field))
      return `[${JSON.stringify(segment.field)}]`;
    return first ? segment.field : `.${segment.field}`;
  }
  if ('index' in segment) return `[${segment.index}]`;
  if ('key' in segment) {
    const pairs = Object.entries(segment.key).map(
      ([name, value]) => `${name}=${formatKeyValue(value)}`,
    );
    return `[${pairs.join(',')}]`;
  }
  return `[=${JSON.stringify(segment.value)}]`;
}

/** The readable form of a field path, e.g. `spec.template.spec.containers[name=api].image`. */
export function formatFieldPath(segments: FieldSegment[]): string {
  return segments.map((segment, i) => formatSegment(segment, i === 0)).join('');
}

class PathReader {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new InputError(
      `Field path "${this.text}" is not valid at character ${
        this.pos + 1
      }: ${what}. Use the path as the drift report gives it, e.g. spec.template.spec.containers[name=api].image`,
    );
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  done(): boolean {
    return this.pos >= this.text.length;
  }

  expect(char: string) {
    if (this.peek() !== char) this.fail(`expected "${char}"`);
    this.pos++;
  }

  readWhile(ok: (char: string) => boolean): string {
    const start = this.pos;
    while (!this.done() && ok(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A JSON value: a string, an object or array (brackets balanced), or a bare token up to `,` or `]`. */
  readJson(): unknown {
    const start = this.pos;
    const first = this.peek();
    if (first === '"') {
      this.pos++;
      while (!this.done() && this.peek() !== '"')
        this.pos += this.peek() === '\\' ? 2 : 1;
      this.expect('"');
    } else if (first === '{' || first === '[') {
      let depth = 0;
      do {
        const char = this.peek();
        if (char === '"') {
          this.readJson();
          continue;
        }
        if (char === '{' || char === '[') depth++;
        if (char === '}' || char === ']') depth--;
        this.pos++;
      } while (depth > 0 && !this.done());
      if (depth > 0) this.fail('unbalanced brackets');
    } else {
      this.readWhile(char => char !== ',' && char !== ']');
    }
    const text = this.text.slice(start, this.pos);
    if (!isJson(text)) this.fail(`"${text}" is not a JSON value`);
    return JSON.parse(text);
  }

  readKeyValue(): unknown {
    const first = this.peek();
    if (first === '"' || first === '{' || first === '[') return this.readJson();
    const raw = this.readWhile(char => char !== ',' && char !== ']');
    if (raw === '') this.fail('a key field has no value');
    return isJson(raw) ? JSON.parse(raw) : raw;
  }

  readBracket(): FieldSegment {
    this.expect('[');
    const first = this.peek();
    let segment: FieldSegment;
    if (first === '"') {
      const field = this.readJson();
      segment = { field: field as string };
    } else if (first === '=') {
      this.pos++;
      segment = { value: this.readJson() };
    } else if (first !== undefined && /[0-9]/.test(first)) {
      segment = { index: Number(this.readWhile(char => /[0-9]/.test(char))) };
    } else {
      const key: Record<string, unknown> = {};
      for (;;) {
        const name = this.readWhile(char => char !== '=' && char !== ']');
        if (name === '') this.fail('a key field has no name');
        this.expect('=');
        key[name] = this.readKeyValue();
        if (this.peek() !== ',') break;
        this.pos++;
      }
      segment = { key };
    }
    this.expect(']');
    return segment;
  }

  readField(): FieldSegment {
    const field = this.readWhile(char => char !== '.' && char !== '[');
    if (field === '') this.fail('a field name is empty');
    return { field };
  }
}

/** The segments of a readable field path (the inverse of {@link formatFieldPath}). */
export function parseFieldPath(path: string): FieldSegment[] {
  const reader = new PathReader(path);
  const segments: FieldSegment[] = [];
  if (reader.peek() !== '[') segments.push(reader.readField());
  while (!reader.done()) {
    if (reader.peek() === '.') {
      reader.pos++;
      segments.push(reader.readField());
    } else {
      segments.push(reader.readBracket());
    }
  }
  return segments;
}

// ---------------------------------------------------------------------------------------------------------
// Reading a path in an object.
// ---------------------------------------------------------------------------------------------------------

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Whether a list item has the key fields of a `k:` segment. With `defaultedKeys`, a key field the item
 * leaves out matches its server default (`protocol: TCP`), for manifests that were never defaulted.
 */
export function matchesKey(
  item: unknown,
  key: Record<string, unknown>,
  defaultedKeys = false,
): boolean {
  if (!isMap(item)) return false;
  return Object.entries(key).every(([name, value]) => {
    if (name in item) return isDeepStrictEqual(item[name], value);
    return defaultedKeys && isDeepStrictEqual(KEY_DEFAULTS[name], value);
  });
}

/**
 * The key of a list item for the given key field names, a left-out field taking its server default
 * (`protocol: TCP`); undefined when the item lacks a key field that has no default.
 */
export function listKeyOf(
  item: unknown,
  names: string[],
): Record<string, unknown> | undefined {
  if (!isMap(item)) return undefined;
  const key: Record<string, unknown> = {};
  for (const name of names) {
    const value = name in item ? item[name] : KEY_DEFAULTS[name];
    if (value === undefined || value === null) return undefined;
    key[name] = value;
  }
  return key;
}

/**
 * The value at a field path in an object, with its JSON Pointer (list positions as found in that object)
 * and the `test` operations that pin each list item on the way; undefined when the object lacks the field.
 * With `defaultedKeys`, list items are matched as {@link matchesKey} describes.
 */
export function locateField(
  object: unknown,
  segments: FieldSegment[],
  options: { defaultedKeys?: boolean } = {},
): LocatedField | undefined {
  let value: unknown = object;
  let pointer = '';
  const tests: LocatedField['tests'] = [];
  for (const segment of segments) {
    if ('field' in segment) {
      if (!isMap(value) || !(segment.field in value)) return undefined;
      value = value[segment.field];
      pointer += `/${escapePointer(segment.field)}`;
      continue;
    }
    if (!Array.isArray(value)) return undefined;
    const list: unknown[] = value;
    let index: number;
    if ('index' in segment) {
      index = segment.index < list.length ? segment.index : -1;
    } else if ('key' in segment) {
      index = list.findIndex(item =>
        matchesKey(item, segment.key, options.defaultedKeys),
      );
    } else {
      index = list.findIndex(item => isDeepStrictEqual(item, segment.value));
    }
    if (index < 0) return undefined;
    pointer += `/${index}`;
    value = list[index];
    if ('key' in segment) {
      for (const name of Object.keys(segment.key)) {
        if (isMap(value) && name in value) {
          tests.push({
            path: `${pointer}/${escapePointer(name)}`,
            value: value[name],
          });
        }
      }
    } else if ('value' in segment) {
      tests.push({ path: pointer, value });
    }
  }
  return { value, pointer, tests };
}
