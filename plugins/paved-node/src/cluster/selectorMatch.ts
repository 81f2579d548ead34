import { InputError } from '@backstage/errors';

/**
 * Tells whether an object's labels satisfy a label selector.
 *
 * @public
 */
export type LabelMatcher = (
  labels: Readonly<Record<string, string>> | undefined,
) => boolean;

type Requirement = LabelMatcher;

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(Boolean);
}

function parseRequirement(text: string, selector: string): Requirement {
  let match = /^!\s*([^\s=!(),]+)$/.exec(text);
  if (match) {
    const key = match[1];
    return labels => labels?.[key] === undefined;
  }
  match = /^([^\s=!(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(text);
  if (match) {
    const [, key, op, list] = match;
    const values = new Set(list.split(',').map(v => v.trim()));
    return op === 'in'
      ? labels => labels?.[key] !== undefined && values.has(labels[key])
      : labels => labels?.[key] === undefined || !values.has(labels[key]);
  }
  match = /^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(text);
  if (match) {
    const [, key, op, value] = match;
    return op === '!='
      ? labels => labels?.[key] !== value
      : labels => labels?.[key] === value;
  }
  match = /^([^\s=!(),]+)$/.exec(text);
  if (match) {
    const key = match[1];
    return labels => labels?.[key] !== undefined;
  }
  throw new InputError(
    `Label selector ${JSON.stringify(
      selector,
    )} cannot be read at ${JSON.stringify(
      text,
    )}; write requirements such as key=value, key!=value, key in (a,b), key notin (a,b), key or !key, separated by commas`,
  );
}

/**
 * Compiles a label selector as the Kubernetes API reads it (`key=value`, `key==value`, `key!=value`,
 * `key in (a,b)`, `key notin (a,b)`, `key`, `!key`, joined by commas) into a matcher; an empty selector
 * matches everything. A selector that cannot be read is an `InputError` naming it.
 *
 * @public
 */
export function compileLabelSelector(selector: string): LabelMatcher {
  const requirements = splitRequirements(selector).map(r =>
    parseRequirement(r, selector),
  );
  return labels => requirements.every(requirement => requirement(labels));
}
