import { z } from 'zod/v3';
import { addProblem } from './issues';

/** A field whose value each entry of a list must have to itself. */
export interface UniqueField<T> {
  field: keyof T & string;
  /** A value the golden path already uses, e.g. the `http` port name. */
  reserved?: T[keyof T];
  /** The problem with an entry that repeats a value (or takes the reserved one), after `field (value)`. */
  problem: (value: T[keyof T], reserved: boolean) => string;
}

/**
 * A refinement for a list whose entries must differ in each given field: every entry that repeats a value
 * of an earlier entry, or takes a reserved value, is named at its own path with the problem.
 */
export function uniqueEntries<T>(fields: Array<UniqueField<T>>) {
  return (list: T[], ctx: z.RefinementCtx) => {
    const seen = fields.map(
      f => new Set<unknown>(f.reserved === undefined ? [] : [f.reserved]),
    );
    list.forEach((entry, i) => {
      fields.forEach((f, k) => {
        const value = entry[f.field];
        if (seen[k].has(value)) {
          addProblem(ctx, f.problem(value, value === f.reserved), [i, f.field]);
        }
        seen[k].add(value);
      });
    });
  };
}

/**
 * The `name` of a list's entries, used once each; `reserved` is the name the golden path gives its own entry,
 * told in `takenBy` (e.g. ` by the main port`).
 */
export function uniqueName<T extends { name: string }>(
  noun: string,
  reserved: string,
  takenBy: string,
): UniqueField<T> {
  return {
    field: 'name',
    reserved: reserved as T[keyof T],
    problem: (name, isReserved) =>
      `("${name}") is already used${
        isReserved ? takenBy : ''
      }; give each ${noun} its own name`,
  };
}
