/**
 * Databases for tests. PGlite always; PostgreSQL when TEST_DATABASE_URL is set (in CI
 * MAHNWERK_REQUIRE_SERVICES=1 makes it mandatory). A migrated PGlite template is dumped once to the
 * temp folder (keyed by the migrations' content) and loaded by every test file, because creating a
 * PGlite database takes seconds. Tests isolate themselves by creating their own tenant.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { type Database, MIGRATIONS_FOLDER, openDatabase } from '../../src/db/database.ts';
import { createTenant } from '../../src/services/tenant-service.ts';
import { createDatabaseOwnedByRole } from './application-role.ts';
import { type ServiceContext, tenantContext } from '../../src/services/service-context.ts';

export type TestDatabaseKind = 'pglite' | 'postgres';

const databaseUrl = process.env.TEST_DATABASE_URL;

if (process.env.MAHNWERK_REQUIRE_SERVICES === '1' && !databaseUrl) {
  throw new Error('MAHNWERK_REQUIRE_SERVICES=1 but TEST_DATABASE_URL is not set');
}

/** The kinds to run database tests on: PGlite, plus PostgreSQL when TEST_DATABASE_URL is set. */
export const TEST_DATABASE_KINDS: TestDatabaseKind[] = databaseUrl ? ['pglite', 'postgres'] : ['pglite'];

function migrationsHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return hash.digest('hex').slice(0, 16);
}

let template: Promise<Blob> | undefined;

async function pgliteTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `mahnwerk-test-template-${migrationsHash()}.tar.gz`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const client = new PGlite();
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  const dump = await client.dumpDataDir('gzip');
  await client.close();
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
  renameSync(temp, file); // atomic: parallel workers never read half a file
  return dump;
}

/** A test database; `url` is set for PostgreSQL, so a test can open a second session to it. */
export type TestDatabase = Database & { url?: string };

export async function openTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    template ??= pgliteTemplate();
    return openDatabase({ dataDir: 'memory://', loadDataDir: await template, migrate: false });
  }
  const name = `mahnwerk_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(await createDatabaseOwnedByRole(databaseUrl as string, name, 'mahnwerk_test_app'));
  const database = await openDatabase({ url: url.toString(), poolSize: 4 });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: databaseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

let tenantCounter = 0;

/** A fresh tenant in the test database, and a service context acting for it (with its code, for CLI tests). */
export async function newTenantContext(
  database: Database,
  options: { now?: () => Date; state?: string } = {},
): Promise<ServiceContext & { tenantCode: string }> {
  tenantCounter += 1;
  const code = `t${process.pid}-${tenantCounter}-${randomBytes(3).toString('hex')}`;
  const tenant = await createTenant(
    database.db,
    { code, name: `Test ${code}`, state: options.state ?? 'BE' },
    'test',
  );
  return { ...tenantContext(database, tenant.tenantId, 'test', options.now), tenantCode: code };
}
