import { InputError } from '@backstage/errors';

/**
 * One requirement of a label selector: the label equals a value (`key=value`), is one of several values
 * (`key in (a,b)`), or merely exists (`{ exists: true }`, written `key`).
 *
 * @public
 */
export type LabelRequirement = string | readonly string[] | { exists: true };

// characters that are selector syntax; a key or value holding one would change what the selector means
const SELECTOR_SYNTAX = /[\s,=!()]/;

function checked(text: string, what: string): string {
  if (SELECTOR_SYNTAX.test(text)) {
    throw new InputError(
      `${what} ${JSON.stringify(
        text,
      )} cannot be used in a label selector: it contains white space or one of , = ! ( )`,
    );
  }
  return text;
}

function requirement(key: string, wanted: LabelRequirement): string {
  const label = checked(key, 'Label key');
  if (typeof wanted === 'string') {
    return `${label}=${checked(wanted, `Value of label ${key}`)}`;
  }
  if ('exists' in wanted) return label;
  const values = wanted.map(v => checked(v, `Value of label ${key}`));
  return `${label} in (${values.join(',')})`;
}

/**
 * Builds the `labelSelector` query parameter of a Kubernetes list from its requirements, in the order given,
 * e.g. `labelSelector({ 'paved.dev/managed-by': 'paved', 'paved.dev/team': ['a', 'b'] })` is
 * `paved.dev/managed-by=paved,paved.dev/team in (a,b)`. Keys and values that hold selector syntax are refused
 * with an InputError, so no value can widen the selection. No requirements give `''`, which selects everything.
 *
 * @public
 */
export function labelSelector(
  requirements: Record<string, LabelRequirement>,
): string {
  return Object.entries(requirements)
    .map(([key, wanted]) => requirement(key, wanted))
    .join(',');
}

/**
 * The objects a read covers: those matching `labelSelector` in one namespace.
 *
 * @public
 */
export interface NamespacedSelection {
  namespace: string;
  labelSelector: string;
}
