import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { writeCamt053 } from '../formats/camt-writer.ts';
import { createDemoData } from './demo-service.ts';
import { demoIban, generateDemoStatement, measureDemoStatementBooking } from './demo-statement-service.ts';
import { importStatement } from './statement-import-service.ts';

const TODAY = '2026-11-24' as CalendarDate;

describe.each(TEST_DATABASE_KINDS)('automatic booking of a realistic statement on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-demo-statement-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes valid German IBANs', () => {
    expect(demoIban('370400440532013000')).toBe('DE89370400440532013000');
  });

  // The bar: at least 95 % of the payments that belong to invoices booked automatically,
  // at most 0.5 % of those bookings wrong. `scripts/matching-accuracy.ts` measures larger statements.
  it('books at least 95 % of the invoice payments automatically and at most 0.5 % of them wrongly', async () => {
    const ctx = await newTenantContext(database, { now: () => new Date(`${TODAY}T08:00:00Z`) });
    await createDemoData(ctx, { customers: 80, invoices: 800, seed: 7, today: TODAY });
    const { statement, truth } = await generateDemoStatement(ctx, { date: TODAY, payments: 400, seed: 7 });
    const path = join(dir, `demo-${kind}.xml`);
    writeFileSync(
      path,
      [...writeCamt053(statement, { messageId: 'DEMO', createdAt: `${TODAY}T18:00:00` })].join(''),
    );
    await importStatement(ctx, { path });
    const figures = await measureDemoStatementBooking(ctx, truth);
    expect(figures.belonging).toBeGreaterThan(100);
    expect(new Set(truth.map((t) => t.kind)).size).toBeGreaterThanOrEqual(10);
    expect(figures.autoBookedPercent).toBeGreaterThanOrEqual(95);
    expect(figures.wrongCases).toEqual([]);
    expect(figures.wrongPercent).toBeLessThanOrEqual(0.5);
    expect(figures.falseBookings).toBe(0);
    expect(figures.returnsUndone).toBe(figures.returns);
  }, 120_000);
});
