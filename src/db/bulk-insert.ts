/**
 * @module bulk-insert
 * Many rows in one statement with one parameter per column: `INSERT … SELECT … FROM unnest($1::t[], …)`.
 * Multi-row VALUES needs a parameter per value, which drizzle builds and PGlite parses one by one
 * (about 3 of 4 seconds of a large import); arrays are passed as text and parsed by the database.
 */
import { type Column, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from './database.ts';

const CHUNK = 5000;

export async function bulkInsert<T extends PgTable>(
  db: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { returning: boolean },
): Promise<T['$inferSelect'][]> {
  const columns = getTableColumns(table) as Record<string, Column>;
  const first = rows[0] as Record<string, unknown> | undefined;
  if (!first) return [];
  const keys = Object.keys(columns).filter((k) => first[k] !== undefined);
  for (const row of rows as Record<string, unknown>[]) {
    for (const k of Object.keys(columns)) {
      if ((row[k] === undefined) !== (first[k] === undefined))
        throw new Error(`bulkInsert: every row must set the same columns (${k})`);
    }
  }
  const out: T['$inferSelect'][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK) as Record<string, unknown>[];
    const params: SQL[] = [];
    const selects: (SQL | ReturnType<typeof sql.identifier>)[] = [];
    keys.forEach((key, j) => {
      const column = columns[key] as Column;
      const type = column.getSQLType();
      const isArray = type.endsWith('[]');
      const values = chunk.map((r) => (r[key] === null ? null : column.mapToDriverValue(r[key])));
      params.push(sql`${sql.param(values)}::${sql.raw(isArray ? 'text' : type)}[]`);
      selects.push(isArray ? sql`${sql.identifier(`c${j}`)}::${sql.raw(type)}` : sql.identifier(`c${j}`));
    });
    const names = sql.join(
      keys.map((k) => sql.identifier((columns[k] as Column).name)),
      sql`, `,
    );
    const aliases = sql.join(
      keys.map((_, j) => sql.identifier(`c${j}`)),
      sql`, `,
    );
    const query = sql`insert into ${table} (${names}) select ${sql.join(selects, sql`, `)} from unnest(${sql.join(params, sql`, `)}) as u(${aliases})${options.returning ? sql` returning *` : sql``}`;
    const raw = await queryRows<Record<string, unknown>>(db, query);
    if (options.returning) {
      for (const r of raw) {
        const row: Record<string, unknown> = {};
        for (const [key, column] of Object.entries(columns)) {
          const value = r[column.name];
          row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
        }
        out.push(row as T['$inferSelect']);
      }
    }
  }
  return out;
}
