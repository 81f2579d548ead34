/**
 * A Kubernetes `LabelSelector` (`matchLabels` and `matchExpressions`), as workloads, PodDisruptionBudgets
 * and NetworkPolicies hold it.
 */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
    values?: string[];
  }>;
}

/**
 * Whether labels satisfy a label selector. An empty selector (`{}`) selects everything; an absent one
 * (`undefined`) selects nothing, as the API defines for workloads and PodDisruptionBudgets. An unknown
 * operator matches nothing.
 */
export function matchesSelector(
  selector: LabelSelectorSpec | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const own = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (own[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ??
    []) {
    const has = Object.prototype.hasOwnProperty.call(own, key);
    const ok =
      (operator === 'In' && has && values.includes(own[key])) ||
      (operator === 'NotIn' && !(has && values.includes(own[key]))) ||
      (operator === 'Exists' && has) ||
      (operator === 'DoesNotExist' && !has);
    if (!ok) return false;
  }
  return true;
}

/**
 * Whether labels satisfy a Service's selector: a plain map, every pair must match. A Service without a
 * selector (endpoints managed by hand, ExternalName) selects no pods.
 */
export function matchesServiceSelector(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return matchesSelector({ matchLabels: selector }, labels);
}

/** A selector as people write it, e.g. `app=checkout-api,tier in (web)`. */
export function describeSelector(
  selector: LabelSelectorSpec | undefined,
): string {
  if (!selector) return '(none)';
  const parts = [
    ...Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector.matchExpressions ?? []).map(({ key, operator, values }) => {
      if (operator === 'Exists') return key;
      if (operator === 'DoesNotExist') return `!${key}`;
      return `${key} ${operator === 'NotIn' ? 'notin' : 'in'} (${(
        values ?? []
      ).join(',')})`;
    }),
  ];
  return parts.length > 0 ? parts.join(',') : '(all pods)';
}
