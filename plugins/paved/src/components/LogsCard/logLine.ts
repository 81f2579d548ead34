import { LogLevel } from '../PlatformView';

/**
 * One log line's text read as a structured record: its level, message and time, and every other key as a
 * string. A line that is neither a JSON object nor logfmt is its own message, without fields.
 *
 * @public
 */
export interface ParsedLogLine {
  level: LogLevel;
  /** The line's message (`msg` / `message`); the whole text for a plain line; empty when a record has none. */
  message: string;
  /** The time the line itself names (`time`, `ts`, `timestamp`, `@timestamp`), as written. */
  time?: string;
  /** The record's other keys (nested objects flattened with dots, e.g. `http.status`), values as strings. */
  fields: Record<string, string>;
  /** How the text was read. */
  format: 'json' | 'logfmt' | 'text';
}

const LEVEL_KEYS = ['level', 'lvl', 'severity', 'log.level'];
const MESSAGE_KEYS = ['msg', 'message'];
const TIME_KEYS = ['time', 'ts', 'timestamp', '@timestamp'];

const LEVEL_WORDS: Record<string, LogLevel> = {
  error: 'ERROR',
  err: 'ERROR',
  fatal: 'ERROR',
  panic: 'ERROR',
  dpanic: 'ERROR',
  critical: 'ERROR',
  crit: 'ERROR',
  alert: 'ERROR',
  emerg: 'ERROR',
  emergency: 'ERROR',
  warn: 'WARN',
  warning: 'WARN',
  info: 'INFO',
  notice: 'INFO',
  debug: 'DEBUG',
  trace: 'DEBUG',
};

/**
 * A level as written by a logger (`error`, `WARNING`, `notice`, pino's numbers `30`, …) as one of the
 * levels the logs filter offers; `OTHER` when unknown or absent.
 *
 * @public
 */
export function normalizeLevel(value: string | undefined): LogLevel {
  if (value === undefined) return 'OTHER';
  const word = value.trim().toLowerCase();
  if (LEVEL_WORDS[word]) return LEVEL_WORDS[word];
  // pino and bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal
  if (/^\d{2}$/.test(word)) {
    const n = Number(word);
    if (n >= 50) return 'ERROR';
    if (n >= 40) return 'WARN';
    if (n >= 30) return 'INFO';
    if (n >= 10) return 'DEBUG';
  }
  return 'OTHER';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function flatten(
  value: Record<string, unknown>,
  prefix: string,
  into: Record<string, string>,
): Record<string, string> {
  for (const [key, inner] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isRecord(inner)) flatten(inner, name, into);
    else if (typeof inner === 'string') into[name] = inner;
    else into[name] = JSON.stringify(inner) ?? String(inner);
  }
  return into;
}

/** Takes the first of `keys` present out of `fields`. */
function take(
  fields: Record<string, string>,
  keys: string[],
): string | undefined {
  const key = keys.find(k => k in fields);
  if (key === undefined) return undefined;
  const value = fields[key];
  delete fields[key];
  return value;
}

function structured(
  fields: Record<string, string>,
  format: 'json' | 'logfmt',
): ParsedLogLine {
  const level = normalizeLevel(take(fields, LEVEL_KEYS));
  const message = take(fields, MESSAGE_KEYS) ?? '';
  const time = take(fields, TIME_KEYS);
  return {
    level,
    message,
    ...(time !== undefined ? { time } : {}),
    fields,
    format,
  };
}

function parseJson(text: string): Record<string, string> | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? flatten(value, '', {}) : undefined;
  } catch {
    return undefined;
  }
}

/** Escapes in a quoted logfmt value besides `\"` and `\\`. */
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

const LOGFMT_KEY = /^[A-Za-z_@][\w.\-/@]*$/;

/**
 * Reads `key=value key="quoted value"` pairs; undefined unless the whole text is such pairs (a plain
 * sentence with one `a=b` in it stays plain text).
 */
function parseLogfmt(text: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  let i = 0;
  let pairs = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length) break;
    const eq = text.indexOf('=', i);
    const space = text.slice(i).search(/\s/);
    const tokenEnd = space < 0 ? text.length : i + space;
    if (eq < 0 || eq > tokenEnd) return undefined;
    const key = text.slice(i, eq);
    if (!LOGFMT_KEY.test(key)) return undefined;
    i = eq + 1;
    let value = '';
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i];
        if (c === '\\' && i + 1 < text.length) {
          const next = text[i + 1];
          value += ESCAPES[next] ?? next;
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) return undefined;
      if (i < text.length && !/\s/.test(text[i])) return undefined;
    } else {
      const end = text.slice(i).search(/\s/);
      value = end < 0 ? text.slice(i) : text.slice(i, i + end);
      i = end < 0 ? text.length : i + end;
    }
    fields[key] = value;
    pairs++;
  }
  return pairs > 0 ? fields : undefined;
}

/** A level word at the start of a plain line: `ERROR …`, `WARN: …`, `[warn] …`, after an optional timestamp. */
const PLAIN_LEVEL =
  /^(?:\d{4}-\d\d-\d\d[T ]?)?(?:\S*\d\d:\d\d:\d\d\S*\s+)?(?:\[([A-Za-z]+)\]|\(([A-Za-z]+)\)|([A-Z]+)(?=[:\s])|([A-Za-z]+):)/;

function plainLevel(text: string): LogLevel {
  const match = PLAIN_LEVEL.exec(text);
  if (!match) return 'OTHER';
  const word = match[1] ?? match[2] ?? match[3] ?? match[4];
  return LEVEL_WORDS[word.toLowerCase()] ?? 'OTHER';
}

/**
 * Reads one log line's text: a JSON object (`{"level":"error","msg":"…",…}`) or logfmt
 * (`level=info msg="GET /x 200" status=200`) gives its level, message, time and other fields; any other
 * text is its own message, with the level a leading `ERROR`/`[warn]`/`info:` names, else `OTHER`.
 *
 * @public
 */
export function parseLogLine(text: string): ParsedLogLine {
  const trimmed = text.trim();
  const json = parseJson(trimmed);
  if (json) return structured(json, 'json');
  if (trimmed.includes('=')) {
    const logfmt = parseLogfmt(trimmed);
    if (logfmt) return structured(logfmt, 'logfmt');
  }
  return {
    level: plainLevel(trimmed),
    message: text,
    fields: {},
    format: 'text',
  };
}

/**
 * One term of a field filter: `key=value` (the field's value is exactly `value`), or a bare word (`key`
 * undefined) that the message or any field value contains, ignoring case.
 *
 * @public
 */
export interface FieldTerm {
  key?: string;
  value: string;
}

/**
 * A field filter as read: its terms, and the first malformed term with what is wrong, in words (the
 * terms before it still apply).
 *
 * @public
 */
export interface FieldFilter {
  terms: FieldTerm[];
  problem?: { term: string; message: string };
}

/** A plausible value for `key`, to show in a hint. */
const exampleValue = (key: string) => {
  if (LEVEL_KEYS.includes(key)) return 'error';
  if (/status|code/i.test(key)) return '503';
  return 'abc';
};

/**
 * Reads a field filter such as `status=503 request_id=abc msg="GET /cart 503" timeout`; never throws:
 * a malformed term (`status=`, `=503`, an unclosed quote) is named in `problem`.
 *
 * @public
 */
export function parseFieldFilter(text: string): FieldFilter {
  const terms: FieldTerm[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let raw = '';
    let quoted = false;
    let closed = true;
    let eq = -1;
    while (i < text.length && (quoted || !/\s/.test(text[i]))) {
      const c = text[i];
      if (quoted && c === '\\' && i + 1 < text.length) {
        raw += text[i + 1];
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = !quoted;
        closed = !quoted;
      } else {
        if (c === '=' && eq < 0 && !quoted) eq = raw.length;
        raw += c;
      }
      i++;
    }
    const term = text.slice(start, i);
    if (!closed) {
      return {
        terms,
        problem: {
          term,
          message: `${term} has no closing quote, e.g. msg="GET /cart"`,
        },
      };
    }
    if (eq < 0) {
      terms.push({ value: raw });
      continue;
    }
    const key = raw.slice(0, eq);
    const value = raw.slice(eq + 1);
    if (!key) {
      return {
        terms,
        problem: {
          term,
          message: `${term} needs a field name, e.g. status${term}`,
        },
      };
    }
    if (!value && !/=""$/.test(term)) {
      return {
        terms,
        problem: {
          term,
          message: `${term} needs a value, e.g. ${key}=${exampleValue(key)}`,
        },
      };
    }
    terms.push({ key, value });
  }
  return { terms };
}

/**
 * A field filter term for `key` and `value` as a person would type it, quoted when the value holds
 * spaces or quotes.
 *
 * @public
 */
export function formatFieldTerm(key: string, value: string): string {
  return /^[^\s"=]+$/.test(value)
    ? `${key}=${value}`
    : `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function matchesTerm(line: ParsedLogLine, term: FieldTerm): boolean {
  if (term.key === undefined) {
    const needle = term.value.toLowerCase();
    return (
      line.message.toLowerCase().includes(needle) ||
      Object.values(line.fields).some(v => v.toLowerCase().includes(needle))
    );
  }
  if (term.key in line.fields) return line.fields[term.key] === term.value;
  if (LEVEL_KEYS.includes(term.key)) {
    return normalizeLevel(term.value) === line.level;
  }
  if (MESSAGE_KEYS.includes(term.key)) return line.message === term.value;
  if (TIME_KEYS.includes(term.key)) return line.time === term.value;
  return false;
}

/**
 * Whether a line matches every term of a field filter: `key=value` when the field's value is exactly
 * `value` (`level` compares levels, so `level=warning` matches WARN lines; `msg`/`message` the message),
 * a bare word when the message or a field value contains it, ignoring case.
 *
 * @public
 */
export function matchesFieldFilter(
  line: ParsedLogLine,
  terms: FieldTerm[],
): boolean {
  return terms.every(term => matchesTerm(line, term));
}
