/**
 * Crash test of the bank statement import: `mahnwerk import statement` is killed (SIGKILL) at
 * random points of a camt.053 import that books payments and cancels the proposals they pay, then
 * run again; entries, transactions, payments, allocations, claims, notices and events must equal
 * those of one uninterrupted import — no booking lost, none doubled — and the chain must verify.
 * Bounded in CI, on PostgreSQL (PGlite too when there is no PostgreSQL); `MAHNWERK_SOAK=1` or
 * `MAHNWERK_CRASH_KILLS=<n>` for many kills, on PGlite as well.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTenantByCode } from '../../src/db/tenant-repository.ts';
import type { CalendarDate } from '../../src/domain/calendar-date.ts';
import { writeCamt053 } from '../../src/formats/camt-writer.ts';
import { verifyEventChain } from '../../src/services/audit-service.ts';
import { createDemoData } from '../../src/services/demo-service.ts';
import { generateDemoStatement } from '../../src/services/demo-statement-service.ts';
import { runDunning } from '../../src/services/dunning-run-service.ts';
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
const TABLES = [
  'statement_imports',
  'bank_statements',
  'bank_entries',
  'bank_transactions',
  'payments',
  'payment_allocations',
  'claim_states',
  'claim_costs',
  'notices',
  'notice_items',
  'direct_debits',
  'customers',
];

const KILLS = { postgres: crashKills(4, 60), pglite: crashKills(2, 20) };

const dir = mkdtempSync(join(tmpdir(), 'mahnwerk-crash-statement-'));
const file = join(dir, 'statement.camt053.xml');
const IMPORT = ['import', 'statement', file, '--tenant', TENANT];

async function stateOf(scratch: Scratch) {
  return withScratch(scratch, async (database) => {
    const tenant = await findTenantByCode(database.db, TENANT);
    const ctx = { db: database.db, tenantId: tenant?.tenantId as number };
    return {
      state: await canonicalState(database.db, ctx.tenantId, TABLES),
      chain: await verifyEventChain(ctx),
    };
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(crashKinds(false))('the statement import killed at random points on %s', (kind) => {
  let template: ScratchTemplate;
  let reference: CanonicalState;
  let base: CanonicalState;
  let workMs = 0;

  beforeAll(async () => {
    template = await createScratchTemplate(kind, async (database) => {
      const tenant = await ensureTenant(database.db, TENANT, 'test');
      const ctx = { db: database.db, tenantId: tenant.tenantId, actor: 'test', now: () => new Date() };
      await createDemoData(ctx, {
        customers: SOAK ? 600 : 100,
        invoices: SOAK ? 2400 : 300,
        seed: 11,
        today: DATE,
      });
      // Proposals waiting for approval: the payments of the statement cancel theirs.
      await runDunning(ctx, database, { date: DATE as CalendarDate });
      const { statement } = await generateDemoStatement(ctx, {
        date: DATE as CalendarDate,
        payments: SOAK ? 1500 : 250,
        seed: 3,
      });
      writeFileSync(
        file,
        [...writeCamt053(statement, { messageId: 'CRASH-1', createdAt: `${DATE}T18:00:00` })].join(''),
      );
    });
    const clean = await template.clone();
    base = (await stateOf(clean)).state;
    workMs = (await runChildToEnd(IMPORT, clean.env, clean.inUse)).workMs;
    const after = await stateOf(clean);
    expect(after.chain.ok).toBe(true);
    reference = after.state;
    // The import booked payments and cancelled proposals: worth interrupting.
    expect((reference.payments?.length ?? 0) - (base.payments?.length ?? 0)).toBeGreaterThan(50);
    expect(reference.events).not.toEqual(base.events);
    await clean.drop();
  }, 240_000);
  afterAll(() => template?.drop());

  it(
    'equals one uninterrupted import after each kill and rerun: no booking lost or doubled',
    async () => {
      const tally = newKillTally();
      for (const delay of killDelays(workMs, KILLS[kind])) {
        const scratch = await template.clone();
        try {
          const outcome = await runChild(IMPORT, {
            env: scratch.env,
            killAfterMs: delay,
            startedWhen: scratch.inUse,
          });
          tally.kills++;
          const crashed = await stateOf(scratch);
          expect(crashed.chain.ok).toBe(true);
          if (outcome.killed) {
            tally.interrupted++;
            // One transaction: a killed import left nothing, or (killed at its very end) everything.
            const none = stateDifference(base, crashed.state);
            const all = stateDifference(reference, crashed.state);
            expect(
              Object.keys(none).length === 0 || Object.keys(all).length === 0,
              `kill after ${delay} ms`,
            ).toBe(true);
            if (Object.keys(none).length > 0) tally.partial++;
          } else {
            tally.finishedFirst++;
            expect(outcome.code, outcome.output).toBe(0);
          }
          const rerun = await withScratch(scratch, (database) => runCli(IMPORT, async () => database));
          expect(rerun.code, rerun.err).toBe(0);
          const after = await stateOf(scratch);
          expect(stateDifference(reference, after.state), `kill after ${delay} ms`).toEqual({});
          expect(after.chain).toMatchObject({ ok: true });
        } finally {
          await scratch.drop();
        }
      }
      reportTally('statement import', kind, tally, ` (work of an uninterrupted import ${workMs} ms)`);
      expect(tally.kills).toBe(KILLS[kind]);
    },
    crashTimeout(KILLS[kind], 60_000),
  );
});
