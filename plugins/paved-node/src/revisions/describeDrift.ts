import { DriftField } from '@paved/plugin-paved-common';

/** Path prefixes left out of the sentence: `replicas` rather than `spec.replicas`. */
const SHORT_PREFIXES = ['spec.template.spec.', 'spec.', 'metadata.'];

const MAX_VALUE_LENGTH = 60;

function shortName(path: string): string {
  const prefix = SHORT_PREFIXES.find(p => path.startsWith(p));
  return prefix ? path.slice(prefix.length) : path;
}

function showValue(value: unknown): string {
  const text =
    typeof value === 'string' && value !== '' && !/[\s"]/.test(value)
      ? value
      : JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_LENGTH
    ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…`
    : text;
}

/** How long ago, in the coarsest unit that is at least 1: `just now`, `12 min ago`, `3 h ago`, `2 d ago`. */
export function relativeTime(at: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - at.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

function whatChanged(field: DriftField): string {
  const hasExpected = 'expected' in field && field.expected !== undefined;
  const hasActual = 'actual' in field && field.actual !== undefined;
  let change = field.change;
  if (!change) {
    if (hasExpected && hasActual) change = 'changed';
    else change = hasActual ? 'added' : 'removed';
  }
  if (change === 'added')
    return hasActual ? `added: ${showValue(field.actual)}` : 'added';
  if (change === 'removed') {
    return hasExpected
      ? `removed (was ${showValue(field.expected)})`
      : 'removed';
  }
  if (hasExpected && hasActual) {
    return `${showValue(field.expected)} → ${showValue(field.actual)}`;
  }
  return 'changed';
}

/**
 * One drift field as a sentence, e.g. `replicas 3 → 5 by kubectl, 12 min ago`,
 * `containers[name=api].env[name=DEBUG] added: {"name":"DEBUG","value":"1"} by kubectl-set, just now` or
 * `data.password changed by kubectl-edit, 2 h ago` (a Secret's values are never in a drift field). `now`
 * is the time the age is counted from.
 *
 * @public
 */
export function describeDriftField(field: DriftField, now: Date): string {
  let text = `${shortName(field.path)} ${whatChanged(field)}`;
  text += field.manager ? ` by ${field.manager}` : ' by an unknown manager';
  const at = field.changedAt ? new Date(field.changedAt) : undefined;
  if (at && !Number.isNaN(at.getTime())) text += `, ${relativeTime(at, now)}`;
  return text;
}
