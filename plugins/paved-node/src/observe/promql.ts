/**
 * A regular-expression alternation of `values` for the body of a PromQL `=~"…"` matcher: each value's regular
 * expression metacharacters are escaped, then backslashes and quotes are escaped for the PromQL string. Callers
 * validate the values first (Kubernetes names); this keeps even an unexpected character literal.
 *
 * @public
 */
export function promqlRegexAlternation(values: string[]): string {
  return values
    .map(value => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')
    .replace(/[\\"]/g, '\\$&');
}
