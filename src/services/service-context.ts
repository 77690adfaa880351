/**
 * @module service-context
 * What every use case receives: the database, the tenant it acts for, who acts, and the clock.
 * The clock is passed in so that tests and the daily run can fix "now".
 */
import type { Db } from '../db/database.ts';

export interface ServiceContext {
  db: Db;
  tenantId: number;
  /** `user:<email>`, `cli`, `scheduler`, `api-token:<id>` … recorded with every event. */
  actor: string;
  now: () => Date;
}
