/**
 * @module service-context
 * What every use case receives: the database, the tenant it acts for, who acts, and the clock.
 * The clock is passed in so that tests and the daily run can fix "now".
 */
import type { Database, Db } from '../db/database.ts';

export interface ServiceContext {
  /** The database as this tenant sees it (row-level security on PostgreSQL: see `Database.forTenant`). */
  db: Db;
  tenantId: number;
  /** `user:<email>`, `cli`, `scheduler`, `api-token:<id>` … recorded with every event. */
  actor: string;
  now: () => Date;
}

/** The context of work done for one tenant; its database connection shows that tenant's rows only. */
export function tenantContext(
  database: Pick<Database, 'forTenant'>,
  tenantId: number,
  actor: string,
  now: () => Date = () => new Date(),
): ServiceContext {
  return { db: database.forTenant(tenantId), tenantId, actor, now };
}
