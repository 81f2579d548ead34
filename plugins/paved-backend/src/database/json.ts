/** A JSON value, as stored in the text columns of Paved's tables. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

/** A JSON object, as stored in the text columns of Paved's tables. */
export type JsonObject = { [key: string]: JsonValue | undefined };

/** A timestamp column as the drivers return it (see {@link readTimestamp}). */
export type Timestamp = Date | number | string;

/** Reads a JSON object column; an empty column reads as `undefined`. */
export function parseJsonObject(
  text: string | null | undefined,
): JsonObject | undefined {
  if (text === null || text === undefined || text === '') return undefined;
  const value = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`Expected a JSON object, got ${text.slice(0, 80)}`);
  }
  return value as JsonObject;
}

/**
 * Reads a timestamp column. PostgreSQL (`timestamptz`) returns Dates; SQLite stores the Dates Knex binds
 * as epoch milliseconds; a string is accepted for rows written by hand.
 */
export function readTimestamp(value: Timestamp): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const numeric = Number(value);
  if (value.trim() !== '' && Number.isFinite(numeric)) return new Date(numeric);
  // 'YYYY-MM-DD HH:MM:SS' (SQLite's CURRENT_TIMESTAMP) is UTC
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`Unreadable timestamp ${JSON.stringify(value)}`);
  }
  return date;
}
