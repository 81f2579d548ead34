import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod/v3';
import { DriftField, parseQuantity } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import {
  FieldSegment,
  OwnedField,
  formatFieldPath,
  listKeyOf,
  locateField,
  matchesKey,
  parseFieldsV1,
  parseFieldsV1Key,
} from './fieldsV1';

/** One entry of `metadata.managedFields`, as the API server writes it. */
const managedFieldsEntrySchema = z
  .object({
    manager: z.string().default(''),
    operation: z.string().optional(),
    subresource: z.string().optional(),
    time: z.string().optional(),
    fieldsType: z.string().optional(),
    fieldsV1: z.unknown().optional(),
  })
  .passthrough();

type ManagedFieldsEntry = z.infer<typeof managedFieldsEntrySchema>;

/**
 * A live object as read from the cluster, with the field managers' ownership in `metadata.managedFields`
 * (read with the managed fields kept, e.g. `--show-managed-fields`).
 *
 * @public
 */
export type LiveKubernetesObject = KubernetesObject & {
  metadata: KubernetesObject['metadata'] & { managedFields?: unknown };
};

/** A drift field with the segments of its path, for the removals of fields other managers added. */
export interface FoundDrift {
  segments: FieldSegment[];
  field: DriftField;
}

/** Annotations the control plane and kubectl write on their own; never drift. */
const CONTROL_PLANE_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
]);
const CONTROL_PLANE_ANNOTATION_PREFIXES = [
  'pv.kubernetes.io/',
  'volume.kubernetes.io/',
  'volume.beta.kubernetes.io/',
];

/**
 * Controllers that write fields of their own (a PVC's `volumeName`, an HPA's scale): their fields count as
 * drift only where the revision sets the field to another value.
 */
const CONTROL_PLANE_MANAGERS = new Set([
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
]);

/** Fields whose values are quantities (`500m` and `0.5` are the same value). */
const QUANTITY_PARENTS = new Set([
  'limits',
  'requests',
  'hard',
  'capacity',
  'default',
  'defaultRequest',
  'max',
  'min',
]);

/** Paved's own field managers: `paved`, and `paved-…` (e.g. the backend's restarts). */
export function isPavedManager(manager: string): boolean {
  return manager === 'paved' || manager.startsWith('paved-');
}

function fieldName(segment: FieldSegment | undefined): string | undefined {
  return segment && 'field' in segment ? segment.field : undefined;
}

function isControlPlaneAnnotation(key: string): boolean {
  return (
    CONTROL_PLANE_ANNOTATIONS.has(key) ||
    CONTROL_PLANE_ANNOTATION_PREFIXES.some(prefix => key.startsWith(prefix))
  );
}

/** Whether drift is looked for at a path: spec, data, binaryData, labels and (most) annotations. */
function inScope(segments: FieldSegment[]): boolean {
  const [first, second, third] = segments.map(fieldName);
  if (first === 'spec' || first === 'data' || first === 'binaryData')
    return true;
  if (first !== 'metadata') return false;
  if (second === 'labels') return true;
  if (second !== 'annotations') return false;
  return third === undefined || !isControlPlaneAnnotation(third);
}

function isSecretValue(object: KubernetesObject, segments: FieldSegment[]) {
  const first = fieldName(segments[0]);
  return (
    object.kind === 'Secret' && (first === 'data' || first === 'binaryData')
  );
}

function sameValue(
  expected: unknown,
  actual: unknown,
  segments: FieldSegment[],
) {
  if (isDeepStrictEqual(expected, actual)) return true;
  const parent = fieldName(segments[segments.length - 2]);
  if (!parent || !QUANTITY_PARENTS.has(parent)) return false;
  if (!['string', 'number'].includes(typeof expected)) return false;
  if (!['string', 'number'].includes(typeof actual)) return false;
  const a = parseQuantity(String(expected));
  const b = parseQuantity(String(actual));
  if (a === undefined || b === undefined) return false;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

function managedFieldsOf(live: LiveKubernetesObject): ManagedFieldsEntry[] {
  const raw = live.metadata.managedFields;
  if (!Array.isArray(raw)) return [];
  const entries = raw.flatMap(entry => {
    const parsed = managedFieldsEntrySchema.safeParse(entry);
    return parsed.success &&
      (parsed.data.fieldsType ?? 'FieldsV1') === 'FieldsV1'
      ? [parsed.data]
      : [];
  });
  // Newest first: where managers share a field, the one that wrote the object last is named.
  return entries.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}

/** Whether a `fieldsV1` tree owns a path, or an atomic field above it. */
function owns(tree: unknown, segments: FieldSegment[]): boolean {
  let node = tree;
  for (const [depth, segment] of segments.entries()) {
    if (typeof node !== 'object' || node === null) return false;
    const children = Object.keys(node).filter(k => k !== '.');
    if (children.length === 0) return depth > 0;
    const child = children.find(key =>
      isDeepStrictEqual(parseFieldsV1Key(key), segment),
    );
    if (child === undefined) return false;
    node = (node as Record<string, unknown>)[child];
  }
  return true;
}

/** Every manager's `fieldsV1` merged into one tree: how the object's lists are keyed. */
function mergeTrees(trees: unknown[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const merge = (into: Record<string, unknown>, from: unknown) => {
    if (typeof from !== 'object' || from === null) return;
    for (const [key, child] of Object.entries(from)) {
      const target = (into[key] ??= {}) as Record<string, unknown>;
      merge(target, child);
    }
  };
  for (const tree of trees) merge(merged, tree);
  return merged;
}

class DriftFinder {
  private readonly found = new Map<string, FoundDrift>();
  private readonly entries: ManagedFieldsEntry[];
  private readonly secret: boolean;

  constructor(
    private readonly revision: KubernetesObject,
    private readonly live: LiveKubernetesObject,
  ) {
    this.entries = managedFieldsOf(live);
    this.secret = live.kind === 'Secret';
  }

  run(): FoundDrift[] {
    for (const entry of this.entries) {
      if (isPavedManager(entry.manager)) continue;
      for (const leaf of parseFieldsV1(entry.fieldsV1))
        this.foreignLeaf(leaf, entry);
    }
    const tree = mergeTrees(this.entries.map(entry => entry.fieldsV1));
    const treeChild = (node: unknown, key: string) =>
      (node as Record<string, unknown> | undefined)?.[key];
    for (const root of ['spec', 'data', 'binaryData']) {
      if (root in this.revision) {
        this.revisionField(this.revision[root], treeChild(tree, `f:${root}`), [
          { field: root },
        ]);
      }
    }
    const metadataTree = treeChild(tree, 'f:metadata');
    for (const root of ['labels', 'annotations']) {
      const value = this.revision.metadata[root];
      if (value !== undefined) {
        const segments = [{ field: 'metadata' }, { field: root }];
        this.revisionField(
          value,
          treeChild(metadataTree, `f:${root}`),
          segments,
        );
      }
    }
    return [...this.found.values()].sort((a, b) =>
      a.field.path < b.field.path ? -1 : Number(a.field.path > b.field.path),
    );
  }

  private add(segments: FieldSegment[], field: Omit<DriftField, 'path'>) {
    const path = formatFieldPath(segments);
    if (this.found.has(path)) return;
    const shown = { ...field };
    if (this.secret && isSecretValue(this.live, segments)) {
      delete shown.expected;
      delete shown.actual;
    }
    this.found.set(path, { segments, field: { path, ...shown } });
  }

  private attribution(entry: ManagedFieldsEntry | undefined) {
    return entry
      ? {
          ...(entry.manager ? { manager: entry.manager } : {}),
          ...(entry.time ? { changedAt: entry.time } : {}),
        }
      : {};
  }

  /** A field another manager owns: drift when it differs from the revision or the revision lacks it. */
  private foreignLeaf(leaf: OwnedField, entry: ManagedFieldsEntry) {
    if (!inScope(leaf.segments)) return;
    const actual = locateField(this.live, leaf.segments);
    if (!actual) return;
    const expected = locateField(this.revision, leaf.segments, {
      defaultedKeys: true,
    });
    if (expected && leaf.members) {
      for (const member of leaf.members) this.foreignLeaf(member, entry);
      return;
    }
    if (!expected) {
      if (CONTROL_PLANE_MANAGERS.has(entry.manager)) return;
      this.add(leaf.segments, {
        change: 'added',
        actual: actual.value,
        ...this.attribution(entry),
      });
      return;
    }
    // A Secret's revision keeps key names only: a value another manager wrote is drift by itself.
    const secretValue = this.secret && isSecretValue(this.live, leaf.segments);
    if (!secretValue && sameValue(expected.value, actual.value, leaf.segments))
      return;
    this.add(leaf.segments, {
      change: 'changed',
      expected: expected.value,
      actual: actual.value,
      ...this.attribution(entry),
    });
  }

  /** Whether drift is already reported at a path or above it. */
  private reported(path: string): boolean {
    return [...this.found.keys()].some(
      known =>
        known === path ||
        path.startsWith(`${known}.`) ||
        path.startsWith(`${known}[`),
    );
  }

  /** The newest entry that owns a path (Paved's own included), for drift no other manager owns. */
  private ownerOf(segments: FieldSegment[]) {
    return this.entries.find(entry => owns(entry.fieldsV1, segments));
  }

  /** The segment of a revision list item, keyed as the managed fields key that list. */
  private itemSegment(
    item: unknown,
    node: Record<string, unknown> | undefined,
  ): { segment: FieldSegment; node: unknown } | undefined {
    const children = Object.keys(node ?? {}).filter(k => k !== '.');
    const segments = children.map(key => ({
      key,
      segment: parseFieldsV1Key(key),
    }));
    for (const { key, segment } of segments) {
      if ('key' in segment && matchesKey(item, segment.key, true)) {
        return { segment, node: node![key] };
      }
      if ('value' in segment && isDeepStrictEqual(item, segment.value)) {
        return { segment, node: node![key] };
      }
    }
    const sample = segments.find(({ segment }) => 'key' in segment)?.segment;
    const names =
      sample && 'key' in sample ? Object.keys(sample.key) : ['name'];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return segments.some(({ segment }) => 'value' in segment)
        ? { segment: { value: item }, node: undefined }
        : undefined;
    }
    const key = listKeyOf(item, names);
    return key ? { segment: { key }, node: undefined } : undefined;
  }

  /** A field the revision sets: drift when the live object lacks it or holds another value. */
  private revisionField(
    expected: unknown,
    node: unknown,
    segments: FieldSegment[],
  ) {
    if (expected === null || expected === undefined) return;
    if (!inScope(segments)) return;
    const path = formatFieldPath(segments);
    if (this.reported(path)) return;
    const actual = locateField(this.live, segments);
    if (!actual) {
      this.add(segments, { change: 'removed', expected });
      return;
    }
    const treeNode =
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)
        : undefined;
    const atomic =
      treeNode !== undefined && Object.keys(treeNode).every(key => key === '.');
    if (!atomic && typeof expected === 'object' && !Array.isArray(expected)) {
      for (const [name, value] of Object.entries(expected as object)) {
        this.revisionField(value, treeNode?.[`f:${name}`], [
          ...segments,
          { field: name },
        ]);
      }
      return;
    }
    if (!atomic && Array.isArray(expected)) {
      const items = expected.map(item => this.itemSegment(item, treeNode));
      if (items.every(item => item !== undefined)) {
        items.forEach((item, i) =>
          this.revisionField(expected[i], item!.node, [
            ...segments,
            item!.segment,
          ]),
        );
        return;
      }
    }
    if (this.secret && isSecretValue(this.live, segments)) return;
    if (sameValue(expected, actual.value, segments)) return;
    this.add(segments, {
      change: 'changed',
      expected,
      actual: actual.value,
      ...this.attribution(this.ownerOf(segments)),
    });
  }
}

/** The drift of a live object with the segments of each field's path (see {@link computeDrift}). */
export function findDrift(
  revisionObject: KubernetesObject,
  live: LiveKubernetesObject,
): FoundDrift[] {
  return new DriftFinder(revisionObject, live).run();
}

/**
 * The fields of a live object that differ from the revision Paved last applied, sorted by path, each named
 * with the field manager that owns the live value and when it wrote the object (from `managedFields`).
 *
 * Looked at: `spec`, `data`, `binaryData`, `metadata.labels` and `metadata.annotations` (not the
 * annotations the control plane writes, such as `deployment.kubernetes.io/revision`). A field is drift
 * when another manager than Paved's own (`paved`, `paved-…`) owns it and its value differs from the
 * revision's or the revision does not set it (`change: 'added'`; not for the control plane's own fields),
 * or when the revision sets it and the live value differs with no other manager owning it
 * (`change: 'changed'` or `'removed'`; the manager is the owner found, if any). A Secret's values never
 * appear: its `data` fields name the key only.
 *
 * @public
 */
export function computeDrift(
  revisionObject: KubernetesObject,
  live: LiveKubernetesObject,
): DriftField[] {
  return findDrift(revisionObject, live).map(found => found.field);
}
