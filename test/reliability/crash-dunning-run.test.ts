/**
 * Crash test of the daily run: `mahnwerk run dunning` is killed (SIGKILL) at random points, then
 * run again to its end; the notices, items, claims, holds and events must equal those of one
 * uninterrupted run on an identical database — no notice lost, none doubled — and the event chain
 * must verify. Bounded in CI; `MAHNWERK_SOAK=1` or `MAHNWERK_CRASH_KILLS=<n>` for many kills.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { sql } from 'drizzle-orm';
import { findTenantByCode } from '../../src/db/tenant-repository.ts';
import { verifyEventChain } from '../../src/services/audit-service.ts';
import { createDemoData } from '../../src/services/demo-service.ts';
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
const RUN = ['run', 'dunning', '--date', DATE, '--tenant', TENANT];
const TABLES = [
  'notices',
  'notice_items',
  'claim_states',
  'promises_to_pay',
  'instalment_plans',
  'instalments',
  'tasks',
  'outbox',
];

/** PostgreSQL is the realistic case and gets most kills; PGlite's data directory some. */
const KILLS = { postgres: crashKills(5, 60), pglite: crashKills(2, 20) };

async function stateOf(scratch: Scratch) {
  return withScratch(scratch, async (database) => {
    const tenant = await findTenantByCode(database.db, TENANT);
    const ctx = { db: database.db, tenantId: tenant?.tenantId as number };
    const runs = await queryRows<{ status: string; n: number }>(
      database.db,
      sql`select status, count(*)::int as n from dunning_runs where tenant_id = ${ctx.tenantId} group by status`,
    );
    return {
      state: await canonicalState(database.db, ctx.tenantId, TABLES),
      chain: await verifyEventChain(ctx),
      runs: Object.fromEntries(runs.map((r) => [r.status, Number(r.n)])) as Record<string, number>,
    };
  });
}

describe.each(crashKinds(true))('the daily run killed at random points on %s', (kind) => {
  let template: ScratchTemplate;
  let reference: CanonicalState;
  let base: CanonicalState;
  let workMs = 0;

  beforeAll(async () => {
    template = await createScratchTemplate(kind, async (database) => {
      const tenant = await ensureTenant(database.db, TENANT, 'test');
      const ctx = { db: database.db, tenantId: tenant.tenantId, actor: 'test', now: () => new Date() };
      await createDemoData(ctx, {
        customers: SOAK ? 1500 : 120,
        invoices: SOAK ? 4500 : 360,
        seed: 7,
        today: DATE,
      });
    });
    const clean = await template.clone();
    base = (await stateOf(clean)).state;
    workMs = (await runChildToEnd(RUN, clean.env, clean.inUse)).workMs;
    const after = await stateOf(clean);
    expect(after.chain.ok).toBe(true);
    expect(after.runs).toEqual({ finished: 1 });
    reference = after.state;
    // The run did something worth interrupting.
    expect(reference.notices?.length ?? 0).toBeGreaterThan(20);
    await clean.drop();
  }, 240_000);
  afterAll(() => template?.drop());

  it(
    'equals one uninterrupted run after each kill and rerun: no notice lost or doubled',
    async () => {
      const tally = newKillTally();
      for (const delay of killDelays(workMs, KILLS[kind])) {
        const scratch = await template.clone();
        try {
          const outcome = await runChild(RUN, {
            env: scratch.env,
            killAfterMs: delay,
            startedWhen: scratch.inUse,
          });
          tally.kills++;
          if (outcome.killed) {
            tally.interrupted++;
            expect(outcome.signal).toBe('SIGKILL');
            const crashed = await stateOf(scratch);
            expect(crashed.chain.ok).toBe(true);
            if (JSON.stringify(crashed.state) !== JSON.stringify(base)) tally.partial++;
          } else {
            tally.finishedFirst++;
            expect(outcome.code, outcome.output).toBe(0);
          }
          // Restarted (in this process, through the same command) and run again to its end.
          const rerun = await withScratch(scratch, (database) => runCli(RUN, async () => database));
          expect(rerun.code, rerun.err).toBe(0);
          const after = await stateOf(scratch);
          expect(stateDifference(reference, after.state), `kill after ${delay} ms`).toEqual({});
          expect(after.chain).toMatchObject({ ok: true });
          // The killed run is recorded as failed, never left running; the rerun finished.
          expect(after.runs.running ?? 0).toBe(0);
          expect(after.runs.finished).toBeGreaterThanOrEqual(1);
        } finally {
          await scratch.drop();
        }
      }
      reportTally('daily run', kind, tally, ` (work of an uninterrupted run ${workMs} ms)`);
      expect(tally.kills).toBe(KILLS[kind]);
    },
    crashTimeout(KILLS[kind], 60_000),
  );
});
