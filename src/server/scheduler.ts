/**
 * @module scheduler
 * Starts the daily dunning run of every tenant once a day after a set time (default 06:00 local),
 * and on start-up catches up a day whose run is missing. The run itself is idempotent and
 * locked per tenant, so several server processes may run this scheduler side by side.
 * After the run, each tenant's event chain is verified once a day (`audit verify`); the result is
 * recorded as an event, and a broken chain is logged as an alert and shown to admins in the audit log.
 */
import { and, eq } from 'drizzle-orm';
import {
  deleteExpiredSessions,
  deleteIdempotencyKeysBefore,
  deleteLoginAttemptsBefore,
} from '../db/auth-repository.ts';
import type { Database } from '../db/database.ts';
import { dunningRuns, tenants } from '../db/schema.ts';
import { localToday } from '../cli/parse-options.ts';
import { isAppError } from '../services/app-error.ts';
import { lastVerification, verifyAndRecordEventChain } from '../services/audit-service.ts';
import { runDunning } from '../services/dunning-run-service.ts';
import { tenantContext } from '../services/service-context.ts';
import { markPaidOrders } from '../services/order-delivery-service.ts';

export interface SchedulerOptions {
  /** "HH:MM" local time after which the day's run starts. */
  runAfter: string;
  log: (line: string) => void;
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** One pass: forgets expired sessions, old idempotency keys and failed logins of the day before,
 * then runs today's dunning for every tenant that has no finished run for today yet, and verifies the
 * event chain of every tenant whose chain was not verified today yet. */
export async function runDueWork(database: Database, options: SchedulerOptions): Promise<number> {
  const now = options.now?.() ?? new Date();
  await deleteExpiredSessions(database.db, now);
  await deleteIdempotencyKeysBefore(database.db, new Date(now.getTime() - DAY_MS));
  await deleteLoginAttemptsBefore(database.db, new Date(now.getTime() - DAY_MS));
  const hhmm = `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
  if (hhmm < options.runAfter) return 0;
  const today = localToday(now);
  let started = 0;
  for (const tenant of await database.db.select().from(tenants)) {
    const [done] = await database.db
      .select({ id: dunningRuns.id })
      .from(dunningRuns)
      .where(
        and(
          eq(dunningRuns.tenantId, tenant.tenantId),
          eq(dunningRuns.runOn, today),
          eq(dunningRuns.status, 'finished'),
        ),
      )
      .limit(1);
    if (done) continue;
    try {
      const ctx = tenantContext(database, tenant.tenantId, 'scheduler');
      const result = await runDunning(ctx, database, { date: today });
      // Orders whose invoices are all paid now become `paid` (the order's lifecycle ends there).
      await markPaidOrders(ctx, today);
      options.log(
        `dunning run ${today} for ${tenant.code}: ${result.notices} notices, ${result.claims} claims`,
      );
      started += 1;
    } catch (error) {
      if (isAppError(error) && error.code === 'run-in-progress') continue; // another process has it
      options.log(`dunning run ${today} for ${tenant.code} failed: ${(error as Error).message}`);
    }
  }
  for (const tenant of await database.db.select().from(tenants)) {
    await verifyChainOnceADay(database, tenant, today, options);
  }
  return started;
}

/** The nightly `audit verify` of one tenant, unless it was verified today already. */
async function verifyChainOnceADay(
  database: Database,
  tenant: { tenantId: number; code: string },
  today: string,
  options: SchedulerOptions,
): Promise<void> {
  const ctx = tenantContext(database, tenant.tenantId, 'scheduler', options.now);
  try {
    const last = await lastVerification(ctx);
    if (last && localToday(new Date(last.at)) === today) return;
    const result = await verifyAndRecordEventChain(ctx);
    options.log(
      result.ok
        ? `audit verify for ${tenant.code}: event chain intact, ${result.checked} events`
        : `ALERT audit verify for ${tenant.code}: event chain BROKEN at event ${result.firstBroken?.seq}: ${result.firstBroken?.problem}`,
    );
  } catch (error) {
    options.log(`ALERT audit verify for ${tenant.code} failed: ${(error as Error).message}`);
  }
}

export function startScheduler(database: Database, options: SchedulerOptions): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await runDueWork(database, options);
    } catch (error) {
      options.log(`scheduler: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
