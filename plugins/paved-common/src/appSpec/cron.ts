import { CronExpressionParser } from 'cron-parser';

/** A field of a schedule and what Kubernetes lets it hold besides numbers, `*`, ranges, lists and steps. */
interface CronField {
  name: string;
  /** An example of the three-letter names the field takes. */
  names?: string;
  /** Whether `?` (no specific value) is allowed: only in the two day fields. */
  question?: boolean;
}

/** The five fields of a schedule, in order. */
const FIELDS: CronField[] = [
  { name: 'minute' },
  { name: 'hour' },
  { name: 'day of month', question: true },
  { name: 'month', names: 'JAN' },
  { name: 'day of week', names: 'MON', question: true },
];

/** The macros Kubernetes CronJobs accept in place of the five fields. */
const MACROS = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];

/**
 * Keeps out what the parser reads but Kubernetes refuses: the Quartz and Jenkins extensions `L`, `W`, `#` and
 * `H`, names in a numeric field, and `?` outside the day fields. What the field is made of is checked here;
 * whether it makes sense (ranges, steps, names) is left to the parser.
 */
function notationProblem(text: string, field: CronField): string | undefined {
  const words = text.match(/[a-z]+/gi) ?? [];
  const fits =
    /^[0-9a-z*?,/-]+$/i.test(text) &&
    (field.question || !text.includes('?')) &&
    (field.names ? words.every(w => w.length === 3) : words.length === 0);
  if (fits) return undefined;
  return `${field.name} "${text}" is not a number${
    field.names ? ` or a name (${field.names}…)` : ''
  }, *, a range, a list or a step as Kubernetes reads them`;
}

/** The parser's complaint about a schedule, or undefined when it reads it. */
function parserProblem(fields: string[]): string | undefined {
  try {
    CronExpressionParser.parse(fields.join(' '));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * What is wrong with a cron schedule in plain words, or undefined when it is a valid five-field schedule
 * (or a macro such as `@daily`) as Kubernetes CronJobs accept it. The fields are read by `cron-parser`; a
 * problem it finds is given in its words, after the field it is about.
 *
 * @public
 */
export function cronProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed.startsWith('@')) {
    return MACROS.includes(trimmed)
      ? undefined
      : `"${trimmed}" is not a known macro (${MACROS.join(', ')})`;
  }
  const parts = trimmed.split(/\s+/).filter(Boolean);
  if (parts.length !== FIELDS.length) {
    return `it has ${parts.length} field(s) instead of 5`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = notationProblem(parts[i], FIELDS[i]);
    if (problem) return problem;
  }
  const problem = parserProblem(parts);
  if (!problem) return undefined;
  // the parser names no field: the one to name is the first it refuses alone, the others left as "*"
  const field = parts.findIndex(
    (part, i) =>
      parserProblem(parts.map((_, j) => (j === i ? part : '*'))) !== undefined,
  );
  return field < 0
    ? problem
    : `${FIELDS[field].name} "${parts[field]}": ${problem}`;
}

/** The fix appended to every schedule problem. */
export const CRON_FIX =
  'write five fields "minute hour day-of-month month day-of-week", e.g. "0 3 * * *" for 03:00 every day or "*/15 * * * *" for every 15 minutes';
