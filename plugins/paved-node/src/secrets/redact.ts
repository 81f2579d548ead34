import { KubernetesObject } from '../apply/types';

/**
 * What replaces a Secret value wherever Paved shows, logs, stores for display or audits an object.
 *
 * @public
 */
export const REDACTED = 'redacted';

/**
 * How one key of a Secret changes between two versions of it.
 *
 * @public
 */
export type SecretKeyChange = 'added' | 'removed' | 'changed' | 'unchanged';

/** Annotation in which `kubectl apply` keeps a whole copy of the object, Secret values included. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Values shorter than this are not searched for in free text (they would match almost anywhere). */
const MIN_SCRUBBED_LENGTH = 4;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a value is a Kubernetes Secret (any object with `kind: Secret` and metadata), whose `data` and
 * `stringData` must never be shown.
 *
 * @public
 */
export function isSecretObject(value: unknown): value is KubernetesObject {
  return isRecord(value) && value.kind === 'Secret' && isRecord(value.metadata);
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/**
 * A Secret's values by key as the API server stores them (base64), `stringData` encoded and taking
 * precedence over `data` as the API server does.
 */
function encodedValues(secret: KubernetesObject): Map<string, string> {
  const values = new Map<string, string>();
  if (isRecord(secret.data)) {
    for (const [key, value] of Object.entries(secret.data))
      values.set(key, asText(value));
  }
  if (isRecord(secret.stringData)) {
    for (const [key, value] of Object.entries(secret.stringData)) {
      values.set(key, Buffer.from(asText(value), 'utf8').toString('base64'));
    }
  }
  return values;
}

/**
 * How each key of a Secret changes from `before` (the live object, or nothing for a new one) to `after`,
 * comparing values without revealing them. Keys are sorted.
 *
 * @public
 */
export function secretKeyChanges(
  before: KubernetesObject | undefined,
  after: KubernetesObject | undefined,
): Record<string, SecretKeyChange> {
  const old = before ? encodedValues(before) : new Map<string, string>();
  const next = after ? encodedValues(after) : new Map<string, string>();
  const keys = [...new Set([...old.keys(), ...next.keys()])].sort();
  const changes: Record<string, SecretKeyChange> = {};
  for (const key of keys) {
    if (!old.has(key)) changes[key] = 'added';
    else if (!next.has(key)) changes[key] = 'removed';
    else
      changes[key] = old.get(key) === next.get(key) ? 'unchanged' : 'changed';
  }
  return changes;
}

/** The Secret with its values replaced; `markers` gives each key's text. */
function withMarkers(
  secret: KubernetesObject,
  markers: Record<string, string>,
): KubernetesObject {
  const {
    data: _data,
    stringData: _stringData,
    ...rest
  } = secret as KubernetesObject & { data?: unknown; stringData?: unknown };
  const metadata: KubernetesObject['metadata'] = { ...secret.metadata };
  delete metadata.managedFields;
  if (isRecord(metadata.annotations) && LAST_APPLIED in metadata.annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...annotations } =
      metadata.annotations;
    metadata.annotations = { ...annotations, [LAST_APPLIED]: REDACTED };
  }
  const keys = Object.keys(markers);
  return {
    ...rest,
    metadata,
    ...(keys.length > 0 || 'data' in secret || 'stringData' in secret
      ? { data: markers }
      : {}),
  };
}

/**
 * A copy of a Secret that shows its keys but no values: `data` and `stringData` become one `data` map of
 * key → `redacted`, the `kubectl.kubernetes.io/last-applied-configuration` annotation (a full copy of the
 * object) is replaced by `redacted`, and `managedFields` are dropped. Any other object is returned as is.
 *
 * @public
 */
export function redactSecret<T>(object: T): T {
  if (!isSecretObject(object)) return object;
  const markers = Object.fromEntries(
    [...encodedValues(object).keys()].sort().map(key => [key, REDACTED]),
  );
  return withMarkers(object, markers) as T;
}

/**
 * Two versions of an object prepared for a diff. For Secrets, each key's value becomes a marker: `redacted`
 * when the value is unchanged (a context line), `redacted (changed)`, `redacted (added)` on the new side and
 * `redacted (removed)` on the old side, so a diff shows which keys change and how, and still differs exactly
 * when a value differs. Other objects are returned as they are.
 *
 * @public
 */
export function redactSecretPair(
  before: KubernetesObject | undefined,
  after: KubernetesObject,
): { before: KubernetesObject | undefined; after: KubernetesObject } {
  if (!isSecretObject(after) && !isSecretObject(before)) {
    return { before, after };
  }
  const changes = secretKeyChanges(before, after);
  const entries = Object.entries(changes);
  const marker = (change: SecretKeyChange) =>
    change === 'unchanged' ? REDACTED : `${REDACTED} (${change})`;
  const beforeMarkers = Object.fromEntries(
    entries
      .filter(([, change]) => change !== 'added')
      .map(([key, change]) => [
        key,
        change === 'removed' ? marker(change) : REDACTED,
      ]),
  );
  const afterMarkers = Object.fromEntries(
    entries
      .filter(([, change]) => change !== 'removed')
      .map(([key, change]) => [key, marker(change)]),
  );
  return {
    before: before && withMarkers(before, beforeMarkers),
    after: withMarkers(after, afterMarkers),
  };
}

/**
 * A deep copy of any JSON-like value (an object, a list of objects, an approval payload, audit details) in
 * which every Secret found at any depth is replaced by `redactSecret`. Use it on anything that may
 * hold manifests before it is logged, returned by an API, shown or audited.
 *
 * @public
 */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(v => redactSecrets(v)) as T;
  if (!isRecord(value)) return value;
  if (isSecretObject(value)) return redactSecret(value);
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, redactSecrets(v)]),
  ) as T;
}

/** Every value of a Secret's `data` or `stringData`, as text: each key's value, each leaf of a malformed one. */
function leafTexts(value: unknown, nested = false): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) || isRecord(value)) {
    const leaves = Object.values(value).flatMap(v => leafTexts(v, true));
    // a value that is not text, whole as JSON too (the usual map of keys itself is not a value)
    return nested || Array.isArray(value) ? [...leaves, asText(value)] : leaves;
  }
  return [String(value)];
}

/** Every value of the Secrets found in `value`, as stored (base64) and as plain text. */
function collectSecretValues(value: unknown, into: Set<string>) {
  if (Array.isArray(value)) {
    value.forEach(v => collectSecretValues(v, into));
    return;
  }
  if (!isRecord(value)) return;
  if (isSecretObject(value)) {
    const add = (text: string) => {
      if (text.length >= MIN_SCRUBBED_LENGTH) into.add(text);
    };
    // whatever shape they have: a malformed Secret (a list or a plain string for `data`, a number or a map
    // for one value) is refused with a message that may quote it
    for (const encoded of leafTexts(value.data)) {
      add(encoded);
      add(Buffer.from(encoded, 'base64').toString('utf8'));
    }
    for (const plain of leafTexts(value.stringData)) {
      add(plain);
      add(Buffer.from(plain, 'utf8').toString('base64'));
    }
    return;
  }
  Object.values(value).forEach(v => collectSecretValues(v, into));
}

/**
 * Replaces, in free text such as an error message from the API server, every value of the Secrets found in
 * `objects` (as stored in base64 and as plain text) by `redacted`. Values shorter than 4 characters are left
 * alone. Structured data is redacted with {@link redactSecrets} instead; this is for text that may echo
 * part of a manifest.
 *
 * @public
 */
export function scrubSecretValues(text: string, objects: unknown): string {
  const values = new Set<string>();
  collectSecretValues(objects, values);
  let scrubbed = text;
  // longest first, so a value containing another one is replaced whole
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    scrubbed = scrubbed.split(value).join(REDACTED);
  }
  return scrubbed;
}

/**
 * Scrubs an error's message and stack with {@link scrubSecretValues} (in place, keeping its type, so typed
 * errors still map to their HTTP status) and returns it.
 *
 * @public
 */
export function scrubSecretError<E>(error: E, objects: unknown): E {
  if (error instanceof Error) {
    error.message = scrubSecretValues(error.message, objects);
    if (error.stack) error.stack = scrubSecretValues(error.stack, objects);
  }
  return error;
}
