/**
 * @module bulk-insert
 * Many rows at once. Up to `COPY_MIN_ROWS` rows: one `INSERT … SELECT … FROM unnest($1::t[], …)`
 * with one parameter per column (multi-row VALUES needs a parameter per value, which drizzle builds
 * and PGlite parses one by one). From `COPY_MIN_ROWS` rows inside a transaction: `COPY … FROM
 * STDIN` (node-postgres, pg-copy-streams) or `FROM '/dev/blob'` (PGlite) in the text format — the
 * least work the database can do to take rows (benchmark W1). Identity ids are then reserved from
 * the table's sequence first, so the rows can be returned without `RETURNING`.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { type Column, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyLine } from './copy-text.ts';
import { type Db, queryRows } from './database.ts';

const CHUNK = 5000;
/** Below this many rows one INSERT is as quick as reserving ids, copying and reading back. */
export const COPY_MIN_ROWS = 1000;
/** Rows per COPY statement: keeps each text payload well below V8's string limit. */
const COPY_CHUNK = 50_000;

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
  const copier = rows.length >= COPY_MIN_ROWS ? copierOf(db) : null;
  if (copier) return copyInsert(db, copier, table, columns, keys, rows, options);

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
    if (options.returning) out.push(...raw.map((r) => fromDriver<T>(columns, r)));
  }
  return out;
}

function fromDriver<T extends PgTable>(
  columns: Record<string, Column>,
  raw: Record<string, unknown>,
): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(columns)) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}

/** Sends one COPY statement with its text-format data. */
type Copier = (statement: string, data: string) => Promise<void>;

/**
 * The COPY sender of the connection behind `db`, or `null` where there is none to use: a pool
 * outside a transaction hands out a different connection per statement.
 */
function copierOf(db: Db): Copier | null {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client || typeof client !== 'object') return null;
  if ('release' in client && 'query' in client) {
    const connection = client as pg.PoolClient;
    return async (statement, data) => {
      const stream = connection.query(copyFrom(`${statement} from stdin`));
      await pipeline(Readable.from([data]), stream);
    };
  }
  if ('exec' in client && 'query' in client && !('connect' in client)) {
    const pglite = client as PGlite | PgliteTransaction;
    return async (statement, data) => {
      await pglite.query(`${statement} from '/dev/blob'`, [], { blob: new Blob([data]) });
    };
  }
  return null;
}

async function copyInsert<T extends PgTable>(
  db: Db,
  copy: Copier,
  table: T,
  columns: Record<string, Column>,
  keys: string[],
  rows: readonly T['$inferInsert'][],
  options: { returning: boolean },
): Promise<T['$inferSelect'][]> {
  const tableName = getTableName(table);
  const idColumn = columns.id;
  const needsIds = !!idColumn?.generatedIdentity && !keys.includes('id') && options.returning;
  const ids = needsIds ? await reserveIds(db, tableName, rows.length) : [];
  const copyKeys = needsIds ? ['id', ...keys] : keys;
  const names = copyKeys.map((k) => (columns[k] as Column).name);
  const columnList = names.map((n) => `"${n}"`).join(', ');
  // PostgreSQL refuses COPY FROM into a table whose row-level security binds the role: the rows go
  // into a temporary table of the same columns first and from there through the policy's check.
  const staged = await rowSecurityActive(db, tableName);
  const stage = `copy_stage_${tableName}`;
  if (staged) {
    await db.execute(
      sql.raw(
        `create temp table "${stage}" on commit drop as select ${columnList} from "${tableName}" with no data`,
      ),
    );
  }
  const statement = `copy "${staged ? stage : tableName}" (${columnList})`;
  for (let i = 0; i < rows.length; i += COPY_CHUNK) {
    const end = Math.min(rows.length, i + COPY_CHUNK);
    const lines: string[] = [];
    for (let r = i; r < end; r++) {
      const row = rows[r] as Record<string, unknown>;
      const values = copyKeys.map((k) => {
        if (k === 'id' && needsIds) return ids[r];
        const value = row[k];
        return value === null ? null : (columns[k] as Column).mapToDriverValue(value);
      });
      lines.push(copyLine(values, names));
    }
    await copy(statement, lines.join(''));
    if (staged) {
      await db.execute(
        sql.raw(
          `insert into "${tableName}" (${columnList})${needsIds ? ' overriding system value' : ''} select ${columnList} from "${stage}"`,
        ),
      );
      await db.execute(sql.raw(`truncate "${stage}"`));
    }
  }
  if (staged) await db.execute(sql.raw(`drop table "${stage}"`));
  if (!options.returning) return [];
  return readBack(db, table, columns, rows, ids);
}

async function rowSecurityActive(db: Db, tableName: string): Promise<boolean> {
  const [row] = await queryRows<{ active: boolean }>(
    db,
    sql`select row_security_active(${`"${tableName}"`}::regclass) as active`,
  );
  return row?.active === true;
}

/** Ids from the table's identity sequence, as many as asked (not necessarily consecutive). */
async function reserveIds(db: Db, tableName: string, count: number): Promise<number[]> {
  const [row] = await queryRows<{ ids: string }>(
    db,
    sql`select string_agg(nextval(pg_get_serial_sequence(${`"${tableName}"`}, 'id'))::text, ',') as ids
        from generate_series(1, ${count}::int)`,
  );
  return (row?.ids ?? '').split(',').map(Number);
}

/** The rows just copied, with their defaults, read by the reserved ids (a range scan of the key), in order. */
async function readBack<T extends PgTable>(
  db: Db,
  table: T,
  columns: Record<string, Column>,
  rows: readonly T['$inferInsert'][],
  ids: readonly number[],
): Promise<T['$inferSelect'][]> {
  const tenantId = (rows[0] as Record<string, unknown>).tenantId;
  if (typeof tenantId !== 'number' || ids.length === 0)
    throw new Error(`bulkInsert: rows of ${getTableName(table)} copied without a tenant or ids`);
  let low = ids[0] as number;
  let high = low;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const raw = await queryRows<Record<string, unknown>>(
    db,
    sql`select * from ${table} where tenant_id = ${tenantId} and id between ${low} and ${high}`,
  );
  const byId = new Map(raw.map((r) => [Number(r.id), r]));
  // In the order of the rows given (ids were reserved for them in that order).
  return ids.map((id) => {
    const found = byId.get(id);
    if (!found) throw new Error(`bulkInsert: copied row ${id} of ${getTableName(table)} not found`);
    return fromDriver<T>(columns, found);
  });
}
