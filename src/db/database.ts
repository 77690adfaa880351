/**
 * @module database
 * Opens the database: PGlite (PostgreSQL in WebAssembly, in-process) in `./data` or
 * `MAHNWERK_DATA_DIR` by default, a PostgreSQL server when `DATABASE_URL` is set. Both give the
 * same drizzle database type, and migrations run on open; no code outside this file knows which.
 */
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  /**
   * The database as the system sees it: every company's rows. For the few paths that must cross
   * companies — login, session and token lookup, the scheduler's loop, the outbox's claim of due
   * deliveries, tenant creation. Work done for one company uses `forTenant`.
   */
  db: Db;
  /**
   * The database as one company sees it. On PostgreSQL every connection it uses carries the tenant
   * (`mahnwerk.tenant_id`), and row-level security (migration 0013) hides and refuses other
   * companies' rows even where a query forgot its tenant filter. On PGlite the same as `db`.
   */
  forTenant(tenantId: number): Db;
  /**
   * Whether row-level security is in effect: false on PGlite and when the PostgreSQL role is a
   * superuser or has BYPASSRLS (then only the queries' own tenant filters separate companies).
   */
  rowLevelSecurity: boolean;
  /** `pglite:<dir>` or `postgres://host/db` without credentials, for messages. */
  description: string;
  /**
   * Takes an exclusive lock across processes (a PostgreSQL session advisory lock on a connection
   * of its own) and within this process; returns its release, or `null` when someone else holds it.
   */
  tryLock(name: string): Promise<(() => Promise<void>) | null>;
  close(): Promise<void>;
}

/** Two 32-bit keys for pg_try_advisory_lock(int, int) from a lock name. */
export function advisoryKeys(name: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < name.length; i++) {
    a = Math.imul(a ^ name.charCodeAt(i), 16777619);
    b = Math.imul(b ^ name.charCodeAt(i), 2246822519);
  }
  return [a | 0, b | 0];
}

/** Locks held by this process: a session advisory lock is re-entrant within its own session. */
const heldInProcess = new Set<string>();

function takeInProcess(scope: string, name: string): boolean {
  const key = `${scope}|${name}`;
  if (heldInProcess.has(key)) return false;
  heldInProcess.add(key);
  return true;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * The session setting row-level security reads: a tenant id, or `all` for the system paths.
 * Without it (a connection opened by hand) the policies show no rows at all: they fail closed.
 */
export const TENANT_SETTING = 'mahnwerk.tenant_id';
const ALL_TENANTS = 'all';
const scopeOfClient = Symbol('mahnwerk.scope');

type ScopedClient = pg.PoolClient & { [scopeOfClient]?: string };
/** Connections already given their error listener and query queue (once each, on first use). */
const prepared = new WeakSet<pg.PoolClient>();

/**
 * Makes a connection take its promise queries one after the other. Services read several things at
 * once (`Promise.all`); on a pool that spreads them over connections, but inside a transaction they
 * all go to one connection, where node-postgres 8 queues them itself with a deprecation warning and
 * node-postgres 9 will refuse them. Streams (COPY) and callback calls pass through unchanged.
 */
function queueQueries(client: pg.PoolClient): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  let tail: Promise<unknown> = Promise.resolve();
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    const submittable = typeof (config as { submit?: unknown } | null)?.submit === 'function';
    if (submittable || typeof values === 'function' || typeof callback === 'function') {
      return original(config, values, callback);
    }
    const run = tail.then(() => original(config, values));
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Puts the scope on a connection for its session, and remembers it there. */
async function putScope(client: ScopedClient, scope: string): Promise<void> {
  await client.query('select set_config($1, $2, false)', [TENANT_SETTING, scope]);
  client[scopeOfClient] = scope;
}

/**
 * A pg pool as drizzle sees it (its class name must contain "Pool": drizzle then takes a client of
 * its own for a transaction) that puts its scope on every connection before handing it out. The
 * setting is session-wide and remembered on the client, so a connection that served the same tenant
 * last pays nothing; it is set outside any transaction, so a rollback cannot undo it.
 */
class ScopedPool {
  constructor(
    private readonly pool: pg.Pool,
    private readonly scope: string,
  ) {}

  async connect(): Promise<pg.PoolClient> {
    const client: ScopedClient = await this.pool.connect();
    if (!prepared.has(client)) {
      // A connection that breaks while lent out emits "error"; unheard, that would end the process.
      // The query in flight fails with it, and the pool drops the broken connection on release.
      client.on('error', () => undefined);
      queueQueries(client);
      prepared.add(client);
    }
    if (client[scopeOfClient] !== this.scope) {
      try {
        await putScope(client, this.scope);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    }
    return client;
  }

  async query(config: unknown, values?: unknown): Promise<unknown> {
    const client = await this.connect();
    try {
      const result = await client.query(config as pg.QueryConfig, values as unknown[] | undefined);
      client.release();
      return result;
    } catch (error) {
      client.release(error as Error); // as pg's own pool.query: a connection that failed is not reused
      throw error;
    }
  }
}

/** Serialises migrations of several processes starting at once against one PostgreSQL server. */
const MIGRATION_LOCK_KEY = 0x6d61686e; // "mahn"

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; takes precedence over `dataDir`. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` for a throw-away database. */
  dataDir?: string | undefined;
  /** A PGlite data directory dump to start from (tests: a migrated template). */
  loadDataDir?: Blob | File | undefined;
  /** Named in the data directory lock, so that a second process can say who holds it. */
  command?: string;
  migrate?: boolean;
  poolSize?: number;
}

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'postgres (unparsable DATABASE_URL)';
  }
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.url;
  const migrateOnOpen = options.migrate ?? true;
  if (url) {
    // A server that cannot be reached fails a request after 10 s (503) instead of letting it hang.
    const newPool = (max: number) => {
      const created = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
      created.on('error', () => undefined); // an idle client lost: the next query reconnects
      return created;
    };
    // Two pools: the companies' work, and the system paths (`all`: login, token lookups, the loops
    // over companies). Each request does both; in one pool a connection would change its setting
    // twice per request. bigint (int8) columns are read by drizzle in `number` mode; dates stay
    // strings (`date` → YYYY-MM-DD).
    const pool = newPool(options.poolSize ?? 10);
    const systemPool = newPool(Math.max(2, Math.ceil((options.poolSize ?? 10) / 3)));
    const scoped = (scope: string) =>
      drizzlePg(new ScopedPool(scope === ALL_TENANTS ? systemPool : pool, scope) as never, {
        schema,
      }) as unknown as Db;
    const db = scoped(ALL_TENANTS);
    const tenantDbs = new Map<number, Db>();
    if (migrateOnOpen) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        // A migration that changes data sees every company's rows.
        await putScope(client, ALL_TENANTS);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    }
    const role = await pool.query<{ bypass: boolean }>(
      'select rolsuper or rolbypassrls as bypass from pg_roles where rolname = current_user',
    );
    return {
      db,
      forTenant: (tenantId) => {
        let tenantDb = tenantDbs.get(tenantId);
        if (!tenantDb) {
          if (!Number.isSafeInteger(tenantId)) throw new Error(`forTenant: not a tenant id: ${tenantId}`);
          tenantDb = scoped(String(tenantId));
          tenantDbs.set(tenantId, tenantDb);
        }
        return tenantDb;
      },
      rowLevelSecurity: role.rows[0]?.bypass === false,
      description: describeUrl(url),
      tryLock: async (name) => {
        if (!takeInProcess(url, name)) return null;
        const client = await pool.connect().catch((error: unknown) => {
          heldInProcess.delete(`${url}|${name}`);
          throw error;
        });
        const [k1, k2] = advisoryKeys(name);
        const { rows } = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock($1, $2) as locked',
          [k1, k2],
        );
        if (!rows[0]?.locked) {
          client.release();
          heldInProcess.delete(`${url}|${name}`);
          return null;
        }
        return async () => {
          heldInProcess.delete(`${url}|${name}`);
          await client.query('select pg_advisory_unlock($1, $2)', [k1, k2]).catch(() => undefined);
          client.release();
        };
      },
      close: async () => {
        await Promise.all([pool.end(), systemPool.end()]);
      },
    };
  }

  const dataDir = options.dataDir ?? process.env.MAHNWERK_DATA_DIR ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory
    ? () => undefined
    : acquireDataDirLock(dataDir, options.command ?? process.argv.slice(1).join(' '));
  try {
    const client = new PGlite({
      ...(inMemory ? {} : { dataDir }),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    await client.waitReady;
    const db = drizzlePglite(client, { schema });
    if (migrateOnOpen) await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    // One process owns a PGlite directory (data-dir lock), so a lock within the process suffices.
    const scope = `pglite:${dataDir}:${Math.random()}`;
    return {
      db: db as unknown as Db,
      // PGlite has one user, a superuser, whom row-level security does not bind: one process, one
      // data directory, usually one company. The queries' tenant filters are the wall here.
      forTenant: () => db as unknown as Db,
      rowLevelSecurity: false,
      description: `pglite:${dataDir}`,
      tryLock: async (name) => {
        if (!takeInProcess(scope, name)) return null;
        return async () => {
          heldInProcess.delete(`${scope}|${name}`);
        };
      },
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** The database from the environment: `DATABASE_URL`, else PGlite in `MAHNWERK_DATA_DIR` or `./data`. */
export function openDatabaseFromEnv(command: string): Promise<Database> {
  return openDatabase({ url: process.env.DATABASE_URL, command });
}

/** Rows of a raw query, whichever driver ran it. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Refreshes the planner's statistics of tables after bulk writes. A PostgreSQL server does this
 * itself in time (autovacuum); PGlite has no autovacuum, and without statistics its plans for the
 * daily run were up to ten times slower after an import.
 */
export async function refreshStatistics(db: Db, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`refreshStatistics: not a table name: ${table}`);
    await db.execute(sql.raw(`analyze ${table}`));
  }
}
