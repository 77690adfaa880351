/**
 * @module cli-context
 * Database access for commands: opens the database of the environment (DATABASE_URL, else PGlite
 * in MAHNWERK_DATA_DIR or ./data), makes sure the tenant exists, runs the work, closes again.
 * Tests hand in an open database instead.
 */
import type { Command } from 'commander';
import { type Database, openDatabaseFromEnv } from '../db/database.ts';
import { findTenantByCode } from '../db/tenant-repository.ts';
import { AppError } from '../services/app-error.ts';
import { type ServiceContext, tenantContext } from '../services/service-context.ts';
import { DEFAULT_TENANT_CODE, ensureTenant } from '../services/tenant-service.ts';
import type { CliIo } from './main.ts';

export interface TenantOption {
  tenant: string;
}

export function addTenantOption(command: Command): Command {
  return command.option('--tenant <code>', 'company (tenant) to work on', DEFAULT_TENANT_CODE);
}

/**
 * `createTenant`: unset, only the default company is made on first use (a fresh installation works
 * at once, and a mistyped `--tenant` is an error instead of a new empty company); `true` makes any
 * missing company (`company create`, `demo`); `false` never makes one.
 */
export async function withServiceContext<T>(
  io: CliIo,
  options: TenantOption & { createTenant?: boolean },
  commandName: string,
  work: (ctx: ServiceContext, database: Database) => Promise<T>,
): Promise<T> {
  return withDatabase(io, commandName, async (database) => {
    const create = options.createTenant ?? options.tenant === DEFAULT_TENANT_CODE;
    const tenant = create
      ? await ensureTenant(database.db, options.tenant, 'cli')
      : await findTenantByCode(database.db, options.tenant);
    if (!tenant) {
      throw new AppError(
        'not-found',
        `--tenant: no company with code "${options.tenant}" (see \`mahnwerk company list\`; a new one: \`mahnwerk company create ${options.tenant} --name "…"\`)`,
      );
    }
    return work(tenantContext(database, tenant.tenantId, 'cli'), database);
  });
}

/** The database of the environment (or the test's) for a command that works across companies. */
export async function withDatabase<T>(
  io: CliIo,
  commandName: string,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = io.database ? await io.database() : await openDatabaseFromEnv(`mahnwerk ${commandName}`);
  try {
    return await work(database);
  } finally {
    if (!io.database) await database.close();
  }
}
