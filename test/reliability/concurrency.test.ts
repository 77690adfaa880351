/**
 * Concurrency across processes: two server processes (`node bin/server.js`) on one PostgreSQL
 * database, as in a deployment with more than one. Simultaneous dunning runs (one wins the lock,
 * the other answers 409 run-in-progress), payments booked while a run writes (no notice stays for
 * a claim paid), two users assigning the same bank transaction (one books, the other gets 409), and
 * the same statement imported through both at once (its entries stored once). PostgreSQL only:
 * PGlite belongs to one process. Skipped without TEST_DATABASE_URL, unless
 * MAHNWERK_REQUIRE_SERVICES=1.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { addDays, type CalendarDate } from '../../src/domain/calendar-date.ts';
import { writeCamt053 } from '../../src/formats/camt-writer.ts';
import { createApiToken } from '../../src/services/auth-service.ts';
import { createDemoData } from '../../src/services/demo-service.ts';
import { generateDemoStatement } from '../../src/services/demo-statement-service.ts';
import { approveNotices } from '../../src/services/notice-service.ts';
import type { ServiceContext } from '../../src/services/service-context.ts';
import { SOAK } from '../support/crash-child.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { newTenantContext, openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
const DATE = '2026-11-24';
/** Rounds of each race: a few in CI, many in the soak mode. */
const ROUNDS = Number(process.env.MAHNWERK_RACE_ROUNDS ?? '') || (SOAK ? 20 : 3);

describe.runIf(hasPostgres)('two server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let ctx: ServiceContext & { tenantCode: string };
  let a: ServerProcess;
  let b: ServerProcess;
  const races = { runs: 0, paymentsDuringRun: 0, assignments: 0, imports: 0 };

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    ctx = await newTenantContext(database);
    await createDemoData(ctx, { customers: 250, invoices: 750, seed: 13, today: DATE });
    const { token } = await createApiToken(ctx, { name: 'concurrency', role: 'admin' });
    // One after the other: started at the same moment on a fresh database, both would create the
    // first admin and the second would exit (ensureFirstAdmin counts, then inserts; reported).
    a = await startServerProcess({ databaseUrl: database.url as string, token });
    b = await startServerProcess({ databaseUrl: database.url as string, token });
  }, 240_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    console.log(
      `[race] ${races.runs} simultaneous runs, ${races.paymentsDuringRun} payments booked during a run, ${races.assignments} double assignments, ${races.imports} parallel imports; nothing lost or doubled`,
    );
    await database?.close();
  });

  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(database.db, query);

  it('lets one of two simultaneous runs take the lock; the other answers 409 run-in-progress', async () => {
    const [first, second] = await Promise.all([
      a.request('POST', '/api/runs', { date: DATE }),
      b.request('POST', '/api/runs', { date: DATE }),
    ]);
    races.runs += 1;
    const answers = [first, second].sort((x, y) => x.status - y.status);
    expect(answers.map((r) => r.status)).toEqual([201, 409]);
    const refused = (await answers[1]?.json()) as { code: string; detail: string };
    expect(answers[1]?.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused).toMatchObject({ code: 'run-in-progress' });
    expect(refused.detail).toMatch(/already in progress/);
    const won = (await answers[0]?.json()) as { notices: number };
    expect(won.notices).toBeGreaterThan(20);
    // One run, and each claim in at most one pending notice.
    const runs = await rows<{ n: number }>(
      sql`select count(*)::int as n from dunning_runs where tenant_id = ${ctx.tenantId}`,
    );
    expect(Number(runs[0]?.n)).toBe(1);
    const doubled = await rows<{ invoice_id: number }>(
      sql`select ni.invoice_id from notice_items ni join notices n on n.tenant_id = ni.tenant_id and n.id = ni.notice_id
           where ni.tenant_id = ${ctx.tenantId} and not ni.cancelled and n.status = 'proposed'
           group by ni.invoice_id having count(*) > 1`,
    );
    expect(doubled).toEqual([]);
    // Then the next run, through the other process, finds nothing to do.
    const again = await b.request('POST', '/api/runs', { date: DATE });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { notices: number }).notices).toBe(0);
  }, 120_000);

  it('leaves no notice for a claim paid while a run writes', async () => {
    // A later date: the claims proposed now (and more) are due for their next stage after approval.
    for (let round = 0; round < ROUNDS; round++) {
      const date = addDays('2026-12-10' as CalendarDate, round * 7);
      await approveNotices(ctx, { all: true });
      // Overdue claims, the latest first (most of them due for a notice on `date`): paid one after
      // another through the other process while the run works.
      const open = await rows<{ number: string; customer: string; open: number }>(
        sql`select i.number, c.number as customer, s.open_principal_cents + s.open_costs_cents as open
              from claim_states s join invoices i on i.tenant_id = s.tenant_id and i.id = s.invoice_id
              join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id
             where s.tenant_id = ${ctx.tenantId} and s.open_principal_cents > 0 and i.due_date < ${date}
               and c.block_reason is null
             order by i.due_date desc, i.id limit 80`,
      );
      let running = true;
      const run = a.request('POST', '/api/runs', { date }).finally(() => (running = false));
      // Several payers at once, so that some payments commit while the run has read its facts and
      // not yet written its proposals.
      const paid: string[] = [];
      const queue = [...open];
      const payer = async () => {
        for (let claim = queue.shift(); claim && running; claim = queue.shift()) {
          const response = await b.request('POST', '/api/payments', {
            customerNumber: claim.customer,
            amountCents: Number(claim.open),
            bookedOn: date,
            invoiceNumbers: [claim.number],
          });
          if (response.status === 201) {
            paid.push(claim.number);
            if (running) races.paymentsDuringRun += 1;
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, payer));
      expect((await run).status).toBe(201);
      // The invariant: a claim paid in full has no item in a notice that may still go out.
      const stale = await rows<{ number: string }>(
        sql`select i.number from notice_items ni
              join notices n on n.tenant_id = ni.tenant_id and n.id = ni.notice_id
              join invoices i on i.tenant_id = ni.tenant_id and i.id = ni.invoice_id
              join claim_states s on s.tenant_id = ni.tenant_id and s.invoice_id = ni.invoice_id
             where ni.tenant_id = ${ctx.tenantId} and not ni.cancelled
               and n.status in ('proposed', 'approved') and n.issued_on = ${date}
               and s.open_principal_cents = 0 and s.open_costs_cents = 0`,
      );
      expect(stale, `paid during the run: ${paid.join(', ')}`).toEqual([]);
    }
    expect(races.paymentsDuringRun).toBeGreaterThan(0);
  }, 300_000);

  it('imports the same statement through both processes at once: its entries once', async () => {
    const { statement } = await generateDemoStatement(ctx, {
      date: '2027-01-15' as CalendarDate,
      payments: 120,
      seed: 9,
    });
    const bytes = (messageId: string) =>
      Buffer.from(
        [...writeCamt053(statement, { messageId, createdAt: '2027-01-15T18:00:00' })].join(''),
        'utf8',
      );
    // The same file twice, and the same entries in a file of other bytes (another message id).
    const [same1, same2, other] = await Promise.all([
      a.request('POST', '/api/statements', bytes('RACE-1')),
      b.request('POST', '/api/statements', bytes('RACE-1')),
      b.request('POST', '/api/statements', bytes('RACE-2')),
    ]);
    races.imports += 3;
    const results = (await Promise.all([same1, same2, other].map((r) => r.json()))) as {
      duplicate: boolean;
      entries: number;
      newEntries: number;
    }[];
    expect([same1.status, same2.status].sort()).toEqual([200, 201]);
    expect(other.status).toBe(201);
    expect(results.filter((r) => r.duplicate)).toHaveLength(1);
    // Every entry stored once, by whichever import came first.
    const entries = statement.entries.length;
    expect(results.reduce((sum, r) => sum + r.newEntries, 0)).toBe(entries);
    const stored = await rows<{ n: number; keys: number }>(
      sql`select count(*)::int as n, count(distinct entry_key)::int as keys from bank_entries
           where tenant_id = ${ctx.tenantId} and entry_key like 'ref:DEMO-9-%'`,
    );
    expect(stored[0]).toEqual({ n: entries, keys: entries });
  }, 120_000);

  it('books a bank transaction assigned by two users at once only once; the other gets 409', async () => {
    // Whose payment it is does not matter here: both users book it to the same customer.
    const [customer] = await rows<{ number: string }>(
      sql`select number from customers where tenant_id = ${ctx.tenantId} order by id limit 1`,
    );
    const customerNumber = customer?.number as string;
    const queue = await rows<{ id: number }>(
      sql`select id from bank_transactions
           where tenant_id = ${ctx.tenantId} and status in ('review', 'parked') and direction = 'credit'
             and currency = 'EUR' and amount_cents > 0
           order by id limit ${Math.max(ROUNDS, 8)}`,
    );
    expect(queue.length).toBeGreaterThan(0);
    for (const item of queue) {
      const [first, second] = await Promise.all([
        a.request('POST', `/api/review-queue/${item.id}/assign`, { customerNumber }),
        b.request('POST', `/api/review-queue/${item.id}/assign`, { customerNumber }),
      ]);
      races.assignments += 1;
      const answers = [first, second].sort((x, y) => x.status - y.status);
      expect(answers.map((r) => r.status)).toEqual([200, 409]);
      expect(((await answers[1]?.json()) as { code: string }).code).toBe('conflict');
      const payments = await rows<{ n: number }>(
        sql`select count(*)::int as n from payments
             where tenant_id = ${ctx.tenantId} and bank_transaction_id = ${item.id}`,
      );
      expect(Number(payments[0]?.n)).toBe(1);
    }
    expect(races.assignments).toBeGreaterThan(0);
  }, 120_000);
});
