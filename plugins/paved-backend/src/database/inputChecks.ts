import { InputError } from '@backstage/errors';

/**
 * Refuses a text column value that is missing, blank or longer than the column holds; `what` names the
 * record, as in "An approval request needs team".
 */
export function requireText(
  what: string,
  field: string,
  value: unknown,
  max: number,
): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${what} needs ${field} (a non-empty string)`);
  }
  if (value.length > max) {
    throw new InputError(
      `${field} is too long (${value.length} characters, at most ${max})`,
    );
  }
}

/** Refuses a page size that is not a whole number from 1 to `max`. */
export function requirePageSize(limit: number, max: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new InputError(
      `limit must be a whole number from 1 to ${max}, got ${limit}`,
    );
  }
}

/** Refuses a value that is not one of `allowed`; `noun` names it, as in "audit outcome". */
export function requireOneOf<T extends string>(
  noun: string,
  value: string,
  allowed: readonly T[],
): asserts value is T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(
      `Unknown ${noun} "${value}"; use one of ${allowed.join(', ')}`,
    );
  }
}
