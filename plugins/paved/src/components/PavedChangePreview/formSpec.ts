import { GoldenPath } from '@paved/plugin-paved-common';
import { ChangePreviewBody } from '../../api/PavedApi';

/** The golden paths whose templates build their app spec from form fields. */
export type FormGoldenPath = Exclude<GoldenPath, 'database'>;

/**
 * The options of the {@link PavedChangePreview} form field (`ui:options`).
 *
 * @public
 */
export type PavedChangePreviewUiOptions = {
  /** The template's golden path: `web-service`, `worker` or `cron-job`. */
  goldenPath?: string;
  /** The form field holding the cluster (default `cluster`). */
  clusterField?: string;
  /** The form field holding the target environment's namespace (default `namespace`). */
  namespaceField?: string;
  /** The form field holding the expert patches text (default `patches`). */
  patchesField?: string;
};

/** One field of the app spec and the form value it is read from (a dotted path), as the template maps it. */
type SpecField = readonly [specField: string, formPath: string];

const SOURCE: readonly SpecField[] = [
  ['name', 'name'],
  ['owner', 'owner'],
  ['image', 'source.image'],
  ['buildpack', 'source.buildpack'],
  ['version', 'source.version'],
];

/** The same field name in the spec and the form. */
const same = (...names: string[]): SpecField[] =>
  names.map(name => [name, name] as const);

/**
 * How each golden-path template builds its app spec from its form, exactly as the `spec` input of its
 * `paved:app-spec:read` step (examples/templates/<golden path>.yaml).
 */
export const FORM_SPEC_FIELDS: Record<FormGoldenPath, readonly SpecField[]> = {
  'web-service': [
    ...SOURCE,
    ...same(
      'port',
      'env',
      'size',
      'resources',
      'probes',
      'replicas',
      'autoscaling',
      'volumes',
      'extraPorts',
      'ingress',
    ),
  ],
  worker: [
    ...SOURCE,
    ...same(
      'queue',
      'port',
      'env',
      'size',
      'resources',
      'probes',
      'replicas',
      'autoscaling',
      'volumes',
      'extraPorts',
    ),
  ],
  'cron-job': [
    ...SOURCE,
    ...same(
      'schedule',
      'timeZone',
      'env',
      'size',
      'resources',
      'command',
      'args',
      'concurrencyPolicy',
      'backoffLimit',
      'activeDeadlineSeconds',
      'successfulJobsHistoryLimit',
      'failedJobsHistoryLimit',
      'volumes',
    ),
  ],
};

/** Whether a value names a golden path whose template the preview knows. */
export function isFormGoldenPath(value: unknown): value is FormGoldenPath {
  return (
    typeof value === 'string' &&
    Object.prototype.hasOwnProperty.call(FORM_SPEC_FIELDS, value)
  );
}

/** The form value at a dotted path, e.g. `source.image`. */
function valueAt(form: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined,
      form,
    );
}

const text = (value: unknown) =>
  typeof value === 'string' && value ? value : undefined;

/**
 * The preview request of a template's form, or what is missing before one can be asked: the name and the
 * environment. Fields the form leaves unset are left out (the backend drops empty ones, as the template's
 * app-spec step does).
 */
export function previewRequest(
  goldenPath: FormGoldenPath,
  form: Record<string, unknown>,
  options: PavedChangePreviewUiOptions = {},
): { body: ChangePreviewBody } | { missing: string } {
  const namespace = text(form[options.namespaceField ?? 'namespace']);
  const cluster = text(form[options.clusterField ?? 'cluster']);
  const spec = Object.fromEntries(
    FORM_SPEC_FIELDS[goldenPath]
      .map(([field, path]) => [field, valueAt(form, path)] as const)
      .filter(([, value]) => value !== undefined),
  );
  const missing = [
    !text(spec.name) && 'the name',
    !namespace && 'the environment',
    !cluster && 'the cluster',
  ].filter(Boolean);
  if (missing.length > 0 || !namespace || !cluster) {
    return {
      missing: `Fill in ${missing.join(' and ')} first to preview the change`,
    };
  }
  const patches = text(form[options.patchesField ?? 'patches']);
  return {
    body: { cluster, namespace, spec, ...(patches ? { patches } : {}) },
  };
}
