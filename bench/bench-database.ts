/**
 * @module bench-database
 * The scratch database of a benchmark run: on PostgreSQL a database `mahnwerk_bench_<pid>` created
 * through the admin connection (`DATABASE_URL`) and dropped afterwards; on PGlite a temporary data
 * directory removed afterwards. Workload processes open it one after the other.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, type Db, openDatabase } from '../src/db/database.ts';
import { createTenant } from '../src/services/tenant-service.ts';
import { createDatabaseOwnedByRole } from '../test/support/application-role.ts';
import type { ServiceContext } from '../src/services/service-context.ts';

export type BenchDbKind = 'pglite' | 'postgres';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Where a workload process finds the scratch database: a PostgreSQL URL or a PGlite data directory. */
export interface BenchTarget {
  kind: BenchDbKind;
  location: string;
}

export interface Scratch extends BenchTarget {
  drop(): Promise<void>;
}

export async function createScratch(kind: BenchDbKind): Promise<Scratch> {
  if (kind === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'mahnwerk-bench-db-'));
    return {
      kind,
      location: join(dir, 'data'),
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const name = `mahnwerk_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  return {
    kind,
    // As deployed: the application's role owns the tables and row-level security binds it.
    location: await createDatabaseOwnedByRole(adminUrl, name, 'mahnwerk_bench'),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export function openBenchDatabase(target: BenchTarget): Promise<Database> {
  return target.kind === 'postgres'
    ? openDatabase({ url: target.location })
    : openDatabase({ dataDir: target.location, command: 'npm run bench' });
}

/** The driver's own client: PGlite, or the pg pool (for COPY and the floors' raw SQL). */
export function pgliteOf(database: Database): PGlite {
  return (database.db as unknown as { $client: PGlite }).$client;
}

export function poolOf(database: Database): pg.Pool {
  return (database.db as unknown as { $client: pg.Pool }).$client;
}

/** Raw SQL whichever driver runs it; the rows as the driver gives them. */
export async function rawQuery<T = Record<string, unknown>>(db: Db, text: string): Promise<T[]> {
  const result = (await db.execute(sql.raw(text))) as unknown as { rows: T[] };
  return result.rows;
}

/** Thrown to roll the outer transaction back after a measured run. */
class RollBack extends Error {}

/**
 * Runs `work` in a transaction that is rolled back afterwards (or committed with `keep`), so every
 * run starts from the same data. The services' own transactions become savepoints inside it.
 */
export async function inRolledBackTransaction<T>(
  db: Db,
  work: (tx: Db) => Promise<T>,
  keep = false,
): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction(async (tx) => {
      result = await work(tx as unknown as Db);
      if (!keep) throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return result as T;
}

/** Dead rows of rolled-back runs cleared, so that the next run finds the tables as the first did. */
export async function vacuum(db: Db): Promise<void> {
  await rawQuery(db, 'vacuum analyze');
}

export const BENCH_TENANT = 'bench';

export function contextFor(db: Db, tenantId: number): ServiceContext {
  return { db, tenantId, actor: 'bench', now: () => new Date('2026-11-24T07:00:00Z') };
}

export async function newTenant(db: Db, code: string): Promise<number> {
  const tenant = await createTenant(db, { code, name: `Bench ${code}`, state: 'BE' }, 'bench');
  return tenant.tenantId;
}

/** The tenant holding the shared data set (imported by W1 or the setup step). */
export async function benchTenantId(db: Db): Promise<number> {
  const rows = await rawQuery<{ id: number | string }>(
    db,
    `select tenant_id as id from tenants where code = '${BENCH_TENANT}'`,
  );
  if (!rows[0]) throw new Error('bench: the shared data set is missing (run W1 or the setup step first)');
  return Number(rows[0].id);
}
