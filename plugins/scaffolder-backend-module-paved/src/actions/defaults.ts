/**
 * The action input with defaults filled in for fields the template left out. The scaffolder validates
 * inputs against the action's schema but does not insert the schema's defaults, so handlers do it here;
 * empty strings (a template expression over a parameter nobody filled in) count as left out.
 */
export function withDefaults<I extends object, D extends Partial<I>>(
  input: I,
  defaults: D,
): I & Required<Pick<I, Extract<keyof D, keyof I>>> {
  const given = Object.fromEntries(
    Object.entries(input).filter(
      ([, value]) => value !== undefined && value !== null && value !== '',
    ),
  );
  return { ...defaults, ...given } as unknown as I &
    Required<Pick<I, Extract<keyof D, keyof I>>>;
}
