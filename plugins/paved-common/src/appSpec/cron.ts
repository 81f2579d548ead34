interface CronField {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: [
      'JAN',
      'FEB',
      'MAR',
      'APR',
      'MAY',
      'JUN',
      'JUL',
      'AUG',
      'SEP',
      'OCT',
      'NOV',
      'DEC',
    ],
  },
  {
    name: 'day of week',
    min: 0,
    max: 7,
    names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
  },
];

const MACROS = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];

function valueOf(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index < 0) return undefined;
  return field.name === 'month' ? index + 1 : index;
}

function itemProblem(item: string, field: CronField): string | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || range === '') {
    return `${field.name} "${item}" is not a value, range or step`;
  }
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1)) {
    return `${field.name} step "/${step}" must be a whole number of 1 or more`;
  }
  if (range === '*' || (range === '?' && field.name.startsWith('day'))) {
    return undefined;
  }
  const bounds = range.split('-');
  if (bounds.length > 2) {
    return `${field.name} "${range}" is not a value or a range`;
  }
  const values = bounds.map(b => valueOf(b, field));
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === undefined) {
      return `${field.name} "${bounds[i]}" is not a number${
        field.names ? ` or a name (${field.names[0]}…)` : ''
      }`;
    }
    if (value < field.min || value > field.max) {
      return `${field.name} ${value} is out of range ${field.min}-${field.max}`;
    }
  }
  if (values.length === 2 && values[0]! > values[1]!) {
    return `${field.name} range "${range}" runs backwards`;
  }
  return undefined;
}

/**
 * What is wrong with a cron schedule in plain words, or undefined when it is a valid five-field schedule
 * (or a macro such as `@daily`) as Kubernetes CronJobs accept it.
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
  if (parts.length !== 5) {
    return `it has ${parts.length} field(s) instead of 5`;
  }
  for (let i = 0; i < 5; i++) {
    for (const item of parts[i].split(',')) {
      const problem = itemProblem(item, FIELDS[i]);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The fix appended to every schedule problem. */
export const CRON_FIX =
  'write five fields "minute hour day-of-month month day-of-week", e.g. "0 3 * * *" for 03:00 every day or "*/15 * * * *" for every 15 minutes';
