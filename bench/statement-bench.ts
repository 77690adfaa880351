/**
 * `npm run bench` (second part): reading a large camt.053 statement as a stream. Runs in a process
 * of its own, so its peak RSS is the reader's, not the domain benchmark's.
 *
 *   node --import tsx bench/statement-bench.ts [--entries 100000]
 *
 * S1  parse a generated camt.053.001.08 of ENTRIES entries (each with debtor, IBAN, remittance,
 *     RF reference) entry by entry, as `import statement` does; reports time, MB/s and peak RSS.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, type CalendarDate } from '../src/domain/calendar-date.ts';
import { creditorReferenceFor } from '../src/domain/creditor-reference.ts';
import { emptyTransaction, type StatementEntry } from '../src/formats/bank-statement.ts';
import { writeCamt053 } from '../src/formats/camt-writer.ts';
import { readStatementFile } from '../src/services/read-statement-file.ts';
import { mulberry32 } from '../src/services/seeded-random.ts';

const i = process.argv.indexOf('--entries');
const count = i >= 0 ? Number(process.argv[i + 1]) : 100_000;
if (!Number.isInteger(count) || count < 1)
  throw new Error('--entries: expected a whole number of at least 1');

function* entries(): Generator<StatementEntry> {
  const random = mulberry32(1);
  for (let n = 0; n < count; n++) {
    const cents = 1_000 + Math.floor(random() * 500_000);
    const number = `RE${String(n + 1).padStart(6, '0')}`;
    yield {
      bookingDate: addDays('2026-01-01' as CalendarDate, n % 300),
      valueDate: addDays('2026-01-01' as CalendarDate, n % 300),
      amountCents: cents,
      currency: 'EUR',
      direction: random() < 0.9 ? 'credit' : 'debit',
      reversal: false,
      status: 'BOOK',
      bankReference: `REF-${n}`,
      bankTransactionCode: 'NTRF+166',
      bookingText: 'GUTSCHRIFT',
      transactions: [
        {
          ...emptyTransaction(cents, 'EUR'),
          endToEndId: `E2E-${n}`,
          remittance: [`Rechnung ${number} Kunde ${n % 5000}`],
          creditorReference: creditorReferenceFor(number),
          counterparty: {
            name: `Kunde ${n % 5000} GmbH`,
            iban: 'DE89370400440532013000',
            bic: 'COBADEFFXXX',
          },
        },
      ],
    };
  }
}

const dir = await mkdtemp(join(tmpdir(), 'mahnwerk-bench-'));
try {
  const file = join(dir, 'statement.xml');
  const out = createWriteStream(file);
  const statement = {
    id: 'BENCH',
    account: { iban: 'DE02120300000000202051', currency: 'EUR' },
    openingBalanceCents: 0,
    closingBalanceCents: null,
    entries: [],
    sequenceNumber: '1',
    fromDate: null,
    toDate: null,
  };
  for (const piece of writeCamt053(
    statement,
    { messageId: 'BENCH', createdAt: '2026-11-24T18:00:00' },
    entries(),
  )) {
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const bytes = (await stat(file)).size;
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const started = performance.now();
  let read = 0;
  for await (const event of readStatementFile(file)) {
    if (event.kind === 'entry') {
      read++;
      if (read % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (read !== count) throw new Error(`S1: read ${read} entries, expected ${count}`);
  console.log(`\nMahnwerk statement benchmark — node ${process.version}`);
  console.log(
    `S1  parse camt.053 ${count} entries (${(bytes / 1e6).toFixed(0)} MB): ${seconds.toFixed(1)} s, ` +
      `${(bytes / 1e6 / seconds).toFixed(1)} MB/s, RSS ${Math.round(rssBefore / 2 ** 20)} MB before, peak ${Math.round(peak / 2 ** 20)} MB while parsing`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
