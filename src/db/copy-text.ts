/**
 * @module copy-text
 * Encodes rows as PostgreSQL's COPY text format (tab-separated, `\N` for null): the format both
 * drivers can stream into `COPY … FROM STDIN` (node-postgres) or `FROM '/dev/blob'` (PGlite).
 * Values arrive as the driver would send them (drizzle's `mapToDriverValue`).
 */

/** Backslash, tab, newline and carriage return are the characters COPY's text format escapes. */
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field: strings escaped, numbers and booleans as PostgreSQL reads them, bytes as `\x…` hex. */
export function copyField(value: unknown, column: string): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : value;
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`copy: column ${column}: not a finite number (${value})`);
      return String(value);
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    default:
      if (value instanceof Date) return value.toISOString();
      // bytea: the hex form, its backslash escaped for the text format.
      if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value).toString('hex')}`;
      throw new Error(`copy: column ${column}: cannot encode a ${typeof value} value`);
  }
}

/** One line of the COPY text format, ending in a newline. */
export function copyLine(values: readonly unknown[], columns: readonly string[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    line += copyField(values[i], columns[i] as string);
  }
  return `${line}\n`;
}
