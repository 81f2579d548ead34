import { DriftField } from '@paved/plugin-paved-common';
import { relativeTime } from '../RevisionsCard/format';

/** The longest value shown in a field's description; longer ones are cut with `…`. */
const MAX_VALUE = 80;

/**
 * A field path for people: what follows its last `spec` (`spec.replicas` → `replicas`), with list items by
 * name (`containers[name=api].env[name=DEBUG]` → `containers[api].env[DEBUG]`).
 */
export function shortPath(path: string): string {
  const segments = path.split('.');
  const lastSpec = segments.lastIndexOf('spec');
  const rest =
    lastSpec >= 0 && lastSpec < segments.length - 1
      ? segments.slice(lastSpec + 1)
      : segments;
  return rest.join('.').replace(/\[name=([^\]]*)\]/g, '[$1]');
}

/** A field value for people: strings as they are, anything else as compact JSON, cut at 80 characters. */
export function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/**
 * One drifted field in words: `replicas 3 → 5 by kubectl-scale, 12 min ago`; `… added by kubectl-set` when
 * the revision does not set it, `… removed` when it is gone from the live object.
 */
export function describeField(
  field: DriftField,
  now: number = Date.now(),
): string {
  const name = shortPath(field.path);
  let change: string;
  if (field.expected === undefined)
    change = `${name} ${formatValue(field.actual)} added`;
  else if (field.actual === undefined)
    change = `${name} ${formatValue(field.expected)} removed`;
  else
    change = `${name} ${formatValue(field.expected)} → ${formatValue(
      field.actual,
    )}`;
  const by = field.manager ? ` by ${field.manager}` : '';
  const when = field.changedAt ? `, ${relativeTime(field.changedAt, now)}` : '';
  return `${change}${by}${when}`;
}
