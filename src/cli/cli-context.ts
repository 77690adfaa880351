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
import type { ServiceContext } from '../services/service-context.ts';
import { DEFAULT_TENANT_CODE, ensureTenant } from '../services/tenant-service.ts';
import type { CliIo } from './main.ts';

export interface TenantOption {
  tenant: string;
}

export function addTenantOption(command: Command): Command {
  return command.option('--tenant <code>', 'company (tenant) to work on', DEFAULT_TENANT_CODE);
}

export async function withServiceContext<T>(
  io: CliIo,
  options: TenantOption & { createTenant?: boolean },
  commandName: string,
  work: (ctx: ServiceContext, database: Database) => Promise<T>,
): Promise<T> {
  const database = io.database ? await io.database() : await openDatabaseFromEnv(`mahnwerk ${commandName}`);
  try {
    const tenant =
      options.createTenant === false
        ? await findTenantByCode(database.db, options.tenant)
        : await ensureTenant(database.db, options.tenant, 'cli');
    if (!tenant) throw new AppError('not-found', `--tenant: no company with code "${options.tenant}"`);
    const ctx: ServiceContext = {
      db: database.db,
      tenantId: tenant.tenantId,
      actor: 'cli',
      now: () => new Date(),
    };
    return await work(ctx, database);
  } finally {
    if (!io.database) await database.close();
  }
}
