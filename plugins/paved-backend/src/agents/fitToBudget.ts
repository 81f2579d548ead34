/** What {@link fitToBudget} answers: the value, cut to the budget when it was larger. */
export interface Fitted<T> {
  value: T;
  /** Whether anything was left out to fit. */
  truncated: boolean;
}

const bytesOf = (value: unknown) =>
  Buffer.byteLength(JSON.stringify(value), 'utf8');

/** The longest array in `value` (by its JSON size) that still has an element, with its size. */
function largestArray(value: unknown): unknown[] | undefined {
  let best: { array: unknown[]; size: number } | undefined;
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      if (node.length > 0) {
        const size = bytesOf(node);
        if (!best || size > best.size) best = { array: node, size };
      }
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return best?.array;
}

/** The longest string in `value`, as a setter on its parent. */
function longestString(
  value: unknown,
): { length: number; set: (s: string) => void; get: () => string } | undefined {
  let best:
    | { length: number; set: (s: string) => void; get: () => string }
    | undefined;
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : Object.entries(node);
    for (const [key, child] of entries) {
      if (typeof child === 'string') {
        if (!best || child.length > best.length) {
          const parent = node as Record<string | number, unknown>;
          best = {
            length: child.length,
            get: () => parent[key] as string,
            set: s => {
              parent[key] = s;
            },
          };
        }
      } else {
        visit(child);
      }
    }
  };
  visit(value);
  return best;
}

/**
 * Cuts a JSON answer down to at most `maxBytes` of UTF-8 JSON, so it fits a model's context: the last
 * elements of the largest list go first (lists are ordered most relevant first), then the longest text is
 * halved, marked with `…`. The input is not changed.
 */
export function fitToBudget<T>(input: T, maxBytes: number): Fitted<T> {
  const value = JSON.parse(JSON.stringify(input)) as T;
  let truncated = false;
  for (let guard = 0; bytesOf(value) > maxBytes && guard < 100_000; guard++) {
    truncated = true;
    const array = largestArray(value);
    if (array && bytesOf(array) > 64) {
      array.pop();
      continue;
    }
    const text = longestString(value);
    if (!text || text.length <= 16) break;
    text.set(`${text.get().slice(0, Math.floor(text.length / 2))}…`);
  }
  return { value, truncated };
}
