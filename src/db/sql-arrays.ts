/**
 * @module sql-arrays
 * `column = any($1::bigint[])`: a set of ids as ONE array parameter. An `in (…)` list costs a
 * parameter per id, which PGlite parses one by one — the daily run asks for thousands at a time.
 */
import { type Column, type SQL, sql } from 'drizzle-orm';

export function isAnyOf(column: Column | SQL, ids: readonly number[]): SQL {
  return sql`${column} = any(${sql.param([...ids])}::bigint[])`;
}

/** An `ilike` pattern that finds `text` anywhere, with `%`, `_` and `\` in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}
