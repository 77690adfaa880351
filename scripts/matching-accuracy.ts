/**
 * Measures automatic payment matching on a generated statement for the demo company:
 * `node --import tsx scripts/matching-accuracy.ts [--customers N] [--invoices N] [--payments N] [--seed N]`.
 * Prints how many payments that belong to invoices were booked automatically and how many of those
 * bookings were wrong (the bar: at least 95 %, at most 0.5 %).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import type { CalendarDate } from '../src/domain/calendar-date.ts';
import { writeCamt053 } from '../src/formats/camt-writer.ts';
import { createDemoData } from '../src/services/demo-service.ts';
import {
  generateDemoStatement,
  measureDemoStatementBooking,
} from '../src/services/demo-statement-service.ts';
import { importStatement } from '../src/services/statement-import-service.ts';
import { createTenant } from '../src/services/tenant-service.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '200' },
    invoices: { type: 'string', default: '2000' },
    payments: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    date: { type: 'string', default: '2026-11-24' },
  },
});
const date = values.date as CalendarDate;
const dir = await mkdtemp(join(tmpdir(), 'mahnwerk-matching-'));
const database = await openDatabase({ dataDir: 'memory://' });
try {
  const tenant = await createTenant(database.db, { code: 'demo', name: 'Demo GmbH' }, 'script');
  const ctx = {
    db: database.db,
    tenantId: tenant.tenantId,
    actor: 'script',
    now: () => new Date(`${date}T08:00:00Z`),
  };
  await createDemoData(ctx, {
    customers: Number(values.customers),
    invoices: Number(values.invoices),
    seed: Number(values.seed),
    today: date,
  });
  const { statement, truth } = await generateDemoStatement(ctx, {
    date,
    payments: Number(values.payments),
    seed: Number(values.seed),
  });
  const file = join(dir, 'statement.xml');
  const out = createWriteStream(file);
  for (const piece of writeCamt053(statement, { messageId: 'DEMO', createdAt: `${date}T18:00:00` }))
    out.write(piece);
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const started = performance.now();
  const result = await importStatement(ctx, { path: file });
  const seconds = (performance.now() - started) / 1000;
  const figures = await measureDemoStatementBooking(ctx, truth);
  console.log(JSON.stringify({ import: result, seconds: Number(seconds.toFixed(1)), ...figures }, null, 2));
} finally {
  await database.close();
  await rm(dir, { recursive: true, force: true });
}
