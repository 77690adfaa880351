/**
 * `npm run bench`: measured speed and memory of Mahnwerk's work on generated, seeded data — the pure
 * domain core in this process, the statement reader and the database and I/O workloads each in a
 * process of its own (bench/database-bench.ts), every one beside its floor measured in the same run.
 *
 *   npm run bench -- [--scale 1000000] [--db pglite|postgres] [--only W1,W3] [--runs 3]
 *                    [--entries 100000] [--duration 5] [--json FILE]
 *
 * D1  evaluate the business dunning policy over SCALE open invoices (10 per customer, ~30 % overdue)
 * D2  default interest for SCALE/10 claims with two partial payments each
 * D3  allocate SCALE/10 payments across 10 open claims each (§§366, 367 BGB)
 * S1  read a camt.053 of ENTRIES entries as a stream (bench/statement-bench.ts, in a process of its own)
 * W1–W6  database and I/O workloads (see bench/database-bench.ts); against PostgreSQL with
 *     `--db postgres` (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, for the admin
 *     connection), else PGlite in a temporary data directory
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { BenchDbKind } from './bench-database.ts';
import { DATABASE_WORKLOADS, runDatabaseWorkloads } from './database-bench.ts';
import { addDays, type CalendarDate, parseCalendarDate } from '../src/domain/calendar-date.ts';
import { computeDefaultInterest } from '../src/domain/default-interest.ts';
import { DEFAULT_BUSINESS_POLICY } from '../src/domain/default-dunning-policies.ts';
import { validateDunningPolicy } from '../src/domain/dunning-policy.ts';
import { type CustomerFacts, evaluateDunning, type NoticeRecord } from '../src/domain/evaluate-dunning.ts';
import { Money } from '../src/domain/money.ts';
import { type AllocatableClaim, allocatePayment } from '../src/domain/payment-allocation.ts';
import { mulberry32 } from '../src/services/seeded-random.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const scale = Number(option('scale', '1000000'));
const runs = Number(option('runs', '3'));
const only = option('only', ['D1', 'D2', 'D3', 'S1', ...DATABASE_WORKLOADS].join(',')).split(',');
const entries = option('entries', '100000');
const jsonFile = option('json', '');
const db = option('db', 'pglite');
// Short load tests at a smoke scale keep `--scale 1000` quick.
const durationSeconds = Number(option('duration', scale < 10_000 ? '1' : '5'));
if (!Number.isInteger(scale) || scale < 10)
  throw new Error('--scale: expected a whole number of at least 10');
if (db !== 'pglite' && db !== 'postgres') throw new Error('--db: expected pglite or postgres');
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: expected a whole number of at least 1');

const TODAY = parseCalendarDate('2026-11-24');
const eur = (minor: number) => Money.of(minor, 'EUR');

function generateCustomers(invoices: number): CustomerFacts[] {
  const rnd = mulberry32(1);
  const customers: CustomerFacts[] = [];
  for (let c = 0; c < invoices / 10; c++) {
    const claims = [];
    for (let i = 0; i < 10; i++) {
      // ~30 % overdue: due dates from 120 days ago to 280 days ahead.
      const dueDate = addDays(TODAY, Math.floor(rnd() * 400) - 120);
      const overdueDays = Math.max(0, Math.floor((TODAY.localeCompare(dueDate) > 0 ? 1 : 0) * rnd() * 60));
      const notices: NoticeRecord[] =
        overdueDays > 14
          ? [
              {
                stageKey: 'payment-reminder',
                sentOn: addDays(dueDate, 7),
                channel: 'email',
                paymentDeadline: addDays(dueDate, 14),
              },
            ]
          : [];
      claims.push({
        claimId: `C${c}-${i}`,
        invoiceDate: addDays(dueDate, -30),
        dueDate,
        principal: eur(1_000 + Math.floor(rnd() * 500_000)),
        notices,
      });
    }
    customers.push({
      customerId: `K${String(c).padStart(7, '0')}`,
      debtorKind: rnd() < 0.8 ? 'business' : 'consumer',
      claims,
    });
  }
  return customers;
}

interface Result {
  id: string;
  what: string;
  items: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  perSecond: number;
  peakRssMb: number;
  detail: string;
}

function measure(id: string, what: string, items: number, work: () => string): Result {
  const times: number[] = [];
  let detail = '';
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    detail = work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  return {
    id,
    what,
    items,
    medianMs: Math.round(median),
    minMs: Math.round(times[0] as number),
    maxMs: Math.round(times.at(-1) as number),
    perSecond: Math.round(items / (median / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    detail,
  };
}

const results: Result[] = [];
const policy = validateDunningPolicy(DEFAULT_BUSINESS_POLICY).policy;

if (only.includes('D1')) {
  const customers = generateCustomers(scale);
  results.push(
    measure('D1', 'dunning evaluation', scale, () => {
      const evaluation = evaluateDunning(policy, customers, { today: TODAY, state: 'BE' });
      const notices = evaluation.reduce((n, c) => n + c.notices.length, 0);
      const claims = evaluation.reduce((n, c) => n + c.notices.reduce((m, x) => m + x.items.length, 0), 0);
      return `${notices} notices with ${claims} claims`;
    }),
  );
}

if (only.includes('D2')) {
  const count = Math.floor(scale / 10);
  const from = parseCalendarDate('2023-03-15');
  results.push(
    measure('D2', 'default interest', count, () => {
      let total = 0;
      for (let i = 0; i < count; i++) {
        const to: CalendarDate = addDays(from, 200 + (i % 500));
        total += computeDefaultInterest({
          principal: eur(100_000 + i),
          from,
          to,
          debtorKind: i % 2 ? 'business' : 'consumer',
          principalPayments: [
            { date: addDays(from, 40), amount: eur(10_000) },
            { date: addDays(from, 120), amount: eur(20_000) },
          ],
        }).interest.minor;
      }
      return `interest total ${total} ct`;
    }),
  );
}

if (only.includes('D3')) {
  const count = Math.floor(scale / 10);
  const claims: AllocatableClaim[] = Array.from({ length: 10 }, (_, i) => ({
    claimId: `C${i}`,
    arisenOn: addDays(TODAY, -200 + i * 10),
    dueDate: addDays(TODAY, -170 + i * 10),
    open: { costs: eur(i % 3 === 0 ? 95 : 0), interest: eur(500 * i), principal: eur(10_000 * (i + 1)) },
  }));
  results.push(
    measure('D3', 'payment allocation', count, () => {
      let lines = 0;
      for (let i = 0; i < count; i++)
        lines += allocatePayment({ amount: eur(1_000 + (i % 600_000)), paidOn: TODAY, claims }).lines.length;
      return `${lines} allocation lines`;
    }),
  );
}

if (results.length > 0) {
  console.log(`Mahnwerk domain benchmark — scale ${scale}, ${runs} runs each, node ${process.version}`);
  console.log(
    'id  workload               items      median     min–max (ms)      per second   peak RSS   result',
  );
  for (const r of results) {
    console.log(
      `${r.id.padEnd(3)} ${r.what.padEnd(22)} ${String(r.items).padStart(9)} ${String(r.medianMs).padStart(8)} ms ${`${r.minMs}–${r.maxMs}`.padStart(15)} ${String(r.perSecond).padStart(12)} ${String(r.peakRssMb).padStart(7)} MB   ${r.detail}`,
    );
  }
}
if (only.includes('S1')) {
  // Its own process: the peak RSS then is the statement reader's, not the domain workloads'.
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', new URL('./statement-bench.ts', import.meta.url).pathname, '--entries', entries],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) process.exitCode = child.status ?? 1;
}

const workloads = await runDatabaseWorkloads({
  scale,
  runs,
  db: db as BenchDbKind,
  only,
  durationSeconds,
});
if (jsonFile) {
  writeFileSync(
    jsonFile,
    JSON.stringify({ scale, runs, db, node: process.version, results, workloads }, null, 2),
  );
}
