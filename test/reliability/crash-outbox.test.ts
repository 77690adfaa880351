/**
 * Crash test of the outbox worker: `mahnwerk outbox send` is killed (SIGKILL) at random points
 * while it sends notices through a real SMTP server (smtp-server, in this process); after the
 * restart the lease of the interrupted attempt has run out, the worker runs again, and a person
 * resends what is marked possibly sent. Then every e-mail has arrived, at most one of them twice
 * per crash — and only one that was marked possibly sent — and the outbox, the notices and the
 * events equal those of one uninterrupted send. Bounded in CI, on PostgreSQL (PGlite too when there
 * is no PostgreSQL); `MAHNWERK_SOAK=1` or `MAHNWERK_CRASH_KILLS=<n>` for many kills, on PGlite as well.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { findTenantByCode } from '../../src/db/tenant-repository.ts';
import type { CalendarDate } from '../../src/domain/calendar-date.ts';
import { verifyEventChain } from '../../src/services/audit-service.ts';
import { createDemoData } from '../../src/services/demo-service.ts';
import { runDunning } from '../../src/services/dunning-run-service.ts';
import { approveNotices } from '../../src/services/notice-service.ts';
import { ensureTenant } from '../../src/services/tenant-service.ts';
import { type CanonicalState, canonicalState, stateDifference } from '../support/canonical-state.ts';
import {
  crashKills,
  crashKinds,
  crashTimeout,
  createScratchTemplate,
  killDelays,
  newKillTally,
  reportTally,
  runChild,
  runChildToEnd,
  type Scratch,
  type ScratchTemplate,
  SOAK,
  withScratch,
} from '../support/crash-child.ts';
import { runCli } from '../support/run-cli.ts';

const TENANT = 'crash';
const DATE = '2026-11-24';
const SEND = ['outbox', 'send', '--tenant', TENANT];
const TABLES = ['notices', 'outbox', 'tasks'];
const KILLS = { postgres: crashKills(5, 60), pglite: crashKills(1, 20) };

/** A real SMTP server counting the messages it accepted per recipient. */
async function startSmtp() {
  const received = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        for (const to of session.envelope.rcptTo) {
          received.set(to.address, (received.get(to.address) ?? 0) + 1);
        }
        callback();
      });
    },
  });
  // A killed sender resets its connection (ECONNRESET); that is the point of the test, not an error.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The e-mail rows of the outbox: dedupe key, status, and the address the notice goes to. */
async function emailRows(scratch: Scratch) {
  return withScratch(scratch, async (database) => {
    const tenant = await findTenantByCode(database.db, TENANT);
    return queryRows<{ id: number; dedupe_key: string; status: string; email: string | null }>(
      database.db,
      sql`select o.id, o.dedupe_key, o.status, c.email
            from outbox o join notices n on n.tenant_id = o.tenant_id and n.id = o.notice_id
            join customers c on c.tenant_id = n.tenant_id and c.id = n.customer_id
           where o.tenant_id = ${tenant?.tenantId} and o.kind = 'email'`,
    );
  });
}

async function stateOf(scratch: Scratch) {
  return withScratch(scratch, async (database) => {
    const tenant = await findTenantByCode(database.db, TENANT);
    const ctx = { db: database.db, tenantId: tenant?.tenantId as number };
    const state = await canonicalState(database.db, ctx.tenantId, TABLES);
    // A person's resend is an event of its own; everything else must equal the reference — but for
    // the customer portal links the e-mails carry: composing an e-mail again (the attempt a kill
    // interrupted, a resend) makes a new link, which is no e-mail lost or doubled.
    const resent = (state.events ?? []).filter((line) => line.startsWith('delivery.resent '));
    state.events = (state.events ?? []).filter(
      (line) => !line.startsWith('delivery.resent ') && !line.startsWith('portal.link-created '),
    );
    return { state, resent, chain: await verifyEventChain(ctx) };
  });
}

describe.each(crashKinds(false))('the outbox worker killed at random points on %s', (kind) => {
  let template: ScratchTemplate;
  let reference: CanonicalState;
  let workMs = 0;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let env: Record<string, string>;
  const saved = { ...process.env };

  beforeAll(async () => {
    smtp = await startSmtp();
    env = {
      MAHNWERK_SMTP_HOST: '127.0.0.1',
      MAHNWERK_SMTP_PORT: String(smtp.port),
      MAHNWERK_SMTP_FROM: 'Crash Test GmbH <buchhaltung@crash.example>',
    };
    // The reruns in this process read the SMTP server from the environment, as the command does.
    Object.assign(process.env, env);
    template = await createScratchTemplate(kind, async (database) => {
      const tenant = await ensureTenant(database.db, TENANT, 'test');
      const ctx = { db: database.db, tenantId: tenant.tenantId, actor: 'test', now: () => new Date() };
      await createDemoData(ctx, {
        customers: SOAK ? 200 : 60,
        invoices: SOAK ? 800 : 180,
        seed: 5,
        today: DATE,
      });
      await runDunning(ctx, database, { date: DATE as CalendarDate });
      await approveNotices(ctx, { all: true });
    });
    const clean = await template.clone();
    smtp.received.clear();
    workMs = (await runChildToEnd(SEND, { ...clean.env, ...env }, clean.inUse)).workMs;
    const rows = await emailRows(clean);
    const sent = rows.filter((r) => r.status === 'sent');
    expect(sent.length).toBeGreaterThan(5);
    // Uninterrupted: each e-mail arrived exactly once.
    for (const row of sent) expect(smtp.received.get(row.email as string), row.dedupe_key).toBe(1);
    const after = await stateOf(clean);
    expect(after.chain.ok).toBe(true);
    reference = after.state;
    await clean.drop();
  }, 240_000);
  afterAll(async () => {
    await template?.drop();
    await smtp?.close();
    for (const key of Object.keys(env ?? {})) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it(
    'delivers every e-mail after each kill, restart and resend: none lost, at most one twice per crash',
    async () => {
      const tally = newKillTally();
      let possiblySent = 0;
      let duplicates = 0;
      for (const delay of killDelays(workMs, KILLS[kind])) {
        const scratch = await template.clone();
        smtp.received.clear();
        try {
          const outcome = await runChild(SEND, {
            env: { ...scratch.env, ...env },
            killAfterMs: delay,
            startedWhen: scratch.inUse,
          });
          tally.kills++;
          if (outcome.killed) tally.interrupted++;
          else {
            tally.finishedFirst++;
            expect(outcome.code, outcome.output).toBe(0);
          }
          const crashed = await emailRows(scratch);
          if (crashed.some((r) => r.status !== 'pending')) tally.partial += outcome.killed ? 1 : 0;
          // At most the one attempt the kill interrupted is left in `sending`.
          expect(crashed.filter((r) => r.status === 'sending').length).toBeLessThanOrEqual(1);
          // The restart comes after the lease (10 minutes): instead of waiting, the interrupted
          // attempt's clock is moved back.
          await withScratch(scratch, (database) =>
            database.db.execute(
              sql`update outbox set attempt_started_at = attempt_started_at - interval '11 minutes'
                   where status = 'sending'`,
            ),
          );
          const rerun = await withScratch(scratch, (database) => runCli(SEND, async () => database));
          expect(rerun.code, rerun.err).toBe(0);
          const marked = (await emailRows(scratch)).filter((r) => r.status === 'possibly-sent');
          expect(marked.length, `kill after ${delay} ms`).toBeLessThanOrEqual(1);
          possiblySent += marked.length;
          // A person checked and resends them; then the worker sends again.
          for (const row of marked) {
            const resend = await withScratch(scratch, (database) =>
              runCli(['outbox', 'resend', String(row.id), '--tenant', TENANT], async () => database),
            );
            expect(resend.code, resend.err).toBe(0);
          }
          if (marked.length > 0) {
            const again = await withScratch(scratch, (database) => runCli(SEND, async () => database));
            expect(again.code, again.err).toBe(0);
          }
          const rows = await emailRows(scratch);
          const twice = new Set(marked.map((r) => r.dedupe_key));
          for (const row of rows.filter((r) => r.status === 'sent')) {
            const count = smtp.received.get(row.email as string) ?? 0;
            // Never lost; twice only for the one marked possibly sent.
            expect(count, row.dedupe_key).toBeGreaterThanOrEqual(1);
            expect(count, row.dedupe_key).toBeLessThanOrEqual(twice.has(row.dedupe_key) ? 2 : 1);
            duplicates += count - 1;
          }
          const after = await stateOf(scratch);
          expect(stateDifference(reference, after.state), `kill after ${delay} ms`).toEqual({});
          expect(after.resent).toEqual(marked.length > 0 ? [`delivery.resent outbox ${marked.length}`] : []);
          expect(after.chain).toMatchObject({ ok: true });
        } finally {
          await scratch.drop();
        }
      }
      expect(duplicates).toBeLessThanOrEqual(tally.interrupted);
      reportTally(
        'outbox worker',
        kind,
        tally,
        ` (work of an uninterrupted send ${workMs} ms; ${possiblySent} marked possibly sent, ${duplicates} e-mails arrived twice after the resend)`,
      );
      expect(tally.kills).toBe(KILLS[kind]);
    },
    crashTimeout(KILLS[kind], 60_000),
  );
});
