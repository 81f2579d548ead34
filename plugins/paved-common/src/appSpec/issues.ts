import { z } from 'zod/v3';

/** Writes an issue path the way a spec author reads it: `autoscaling.max`, `volumes[0].name`. */
export function pathString(path: ReadonlyArray<string | number>): string {
  return path
    .map((key, i) =>
      typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${key}`,
    )
    .join('');
}

/** Adds a custom issue whose message starts with the field's path. */
export function addProblem(
  ctx: z.RefinementCtx,
  message: string,
  path: Array<string | number> = [],
): void {
  const at = pathString([...ctx.path, ...path]);
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: `${at} ${message}`,
    path,
  });
}

const valueText = (value: unknown) =>
  typeof value === 'string' ? `"${value}"` : JSON.stringify(value);

/**
 * Plain-words messages for zod's own issues (missing fields, wrong types, ranges, unknown fields), each naming
 * the field and the fix. `fieldsAt` lists the fields allowed at the top of the spec, for unknown-field hints.
 */
export function plainErrorMap(
  subject: string,
  topLevelFields: string[],
): z.ZodErrorMap {
  return (issue, ctx) => {
    const at = pathString(issue.path) || subject;
    const data = ctx.data;
    switch (issue.code) {
      case z.ZodIssueCode.invalid_type:
        if (issue.received === 'undefined') {
          return { message: `${at} is missing; add it` };
        }
        if (issue.expected === 'integer') {
          return {
            message: `${at} (${valueText(data)}) must be a whole number`,
          };
        }
        return {
          message: `${at} must be ${
            issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`
          }, not ${
            issue.received === 'null' ? 'empty' : `a ${issue.received}`
          }`,
        };
      case z.ZodIssueCode.invalid_union_discriminator:
        return {
          message: `${at} is missing or not allowed; use one of ${issue.options
            .map(o => `"${String(o)}"`)
            .join(', ')}`,
        };
      case z.ZodIssueCode.invalid_enum_value:
        return {
          message: `${at} (${valueText(
            data,
          )}) is not allowed; use one of ${issue.options
            .map(o => `"${String(o)}"`)
            .join(', ')}`,
        };
      case z.ZodIssueCode.invalid_literal:
        return {
          message: `${at} (${valueText(data)}) must be ${valueText(
            issue.expected,
          )}`,
        };
      case z.ZodIssueCode.unrecognized_keys: {
        const fields = issue.keys.map(k => `"${k}"`).join(', ');
        const known =
          issue.path.length === 0
            ? ` (${subject} fields: ${topLevelFields.join(', ')})`
            : '';
        return {
          message: `${at} has unknown field(s) ${fields}; remove them or fix the spelling${known}`,
        };
      }
      case z.ZodIssueCode.too_small:
        if (issue.type === 'array') {
          return {
            message: `${at} needs at least ${issue.minimum} item(s); add some or remove ${at}`,
          };
        }
        if (issue.type === 'string') {
          return { message: `${at} is empty; give it a value or remove it` };
        }
        return {
          message: `${at} (${valueText(data)}) is below ${
            issue.inclusive ? 'the minimum of ' : ''
          }${issue.minimum}; use ${issue.minimum} or more`,
        };
      case z.ZodIssueCode.too_big:
        if (issue.type === 'array') {
          return {
            message: `${at} has more than ${issue.maximum} item(s); remove some`,
          };
        }
        if (issue.type === 'string') {
          return {
            message: `${at} is longer than ${issue.maximum} characters; shorten it`,
          };
        }
        return {
          message: `${at} (${valueText(data)}) is above ${
            issue.inclusive ? 'the maximum of ' : ''
          }${issue.maximum}; use ${issue.maximum} or less`,
        };
      default:
        return { message: `${at}: ${ctx.defaultError}` };
    }
  };
}

/** One line per issue, each starting with the field's path. */
export function formatIssues(issues: z.ZodIssue[]): string[] {
  return issues.map(issue => {
    const at = pathString(issue.path);
    return !at || issue.message.startsWith(at)
      ? issue.message
      : `${at}: ${issue.message}`;
  });
}
