/**
 * @module w3-import-statement
 * W3: a camt.053 of SCALE/10 entries, parsed alone (`readStatementFile`) and imported whole
 * (`importStatement`, matching against the shared data set's SCALE open invoices, in a transaction
 * rolled back after each run). Floors: saxes tokenising the same file with the reader's options and
 * no handler building anything; the npm package iso20022.js reading it.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CashManagementEndOfDayReport } from 'iso20022.js';
import { sql } from 'drizzle-orm';
import { SaxesParser } from 'saxes';
import { queryRows } from '../../src/db/database.ts';
import {
  benchTenantId,
  contextFor,
  inRolledBackTransaction,
  openBenchDatabase,
  vacuum,
} from '../bench-database.ts';
import {
  asFloor,
  check,
  measurePhase,
  plain,
  processPeakRssMb,
  type WorkloadReport,
} from '../bench-measure.ts';
import { readStatementFile } from '../../src/services/read-statement-file.ts';
import { importStatement } from '../../src/services/statement-import-service.ts';
import { writeCamtStatement } from './camt-statement-file.ts';
import type { WorkloadArgs } from './workload-args.ts';

async function tokenise(path: string): Promise<number> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let tags = 0;
  parser.on('opentag', () => {
    tags++;
  });
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) parser.write(chunk as string);
  parser.close();
  return tags;
}

export async function benchImportStatement(args: WorkloadArgs): Promise<WorkloadReport> {
  const { scale, runs } = args;
  const entries = Math.max(1, Math.floor(scale / 10));
  const dir = await mkdtemp(join(tmpdir(), 'mahnwerk-bench-w3-'));
  const path = join(dir, 'kontoauszug.xml');
  await writeCamtStatement(path, entries, scale);
  const megabytes = (await stat(path)).size / 1e6;
  // iso20022.js insists on the account servicer's BIC, which banks send and our writer leaves out,
  // and knows agents by <BIC> (camt.053.001.02) only, not <BICFI>: it reads a copy so amended.
  const isoPath = join(dir, 'kontoauszug-with-servicer.xml');
  const text = await readFile(path, 'utf8');
  await writeFile(
    isoPath,
    text
      .replace('</Acct>', '<Svcr><FinInstnId><BIC>BYLADEM1001</BIC></FinInstnId></Svcr></Acct>')
      .replaceAll('BICFI>', 'BIC>'),
  );
  process.stderr.write(`  W3 camt.053 of ${entries} entries: ${megabytes.toFixed(1)} MB\n`);
  const database = await openBenchDatabase(args.target);
  const db = database.db;
  try {
    const tenantId = await benchTenantId(db);
    const parsed = await measurePhase(
      {
        id: 'W3-parse',
        what: 'parse camt.053',
        runs,
        items: entries,
        detail: (n) => `${n} entries, ${megabytes.toFixed(0)} MB`,
      },
      async () => {
        let n = 0;
        for await (const event of readStatementFile(path)) if (event.kind === 'entry') n++;
        return n;
      },
    );
    const sax = await measurePhase(
      { id: 'W3-floor-sax', what: 'saxes tokenising', runs, items: entries, detail: (n) => `${n} tags` },
      () => tokenise(path),
    );
    const iso = await measurePhase(
      {
        id: 'W3-iso20022js',
        what: 'iso20022.js reading',
        runs,
        items: entries,
        detail: (n) => `${n} entries`,
      },
      async () => CashManagementEndOfDayReport.fromXML(readFileSync(isoPath, 'utf8')).entries.length,
    );
    // The import last: its heap (the match index of every open claim) would slow the floors measured after it.
    const imported = await measurePhase(
      {
        id: 'W3',
        what: 'import camt.053 (whole)',
        runs,
        items: entries,
        after: () => vacuum(db),
        detail: (r) => `${r.booked} booked, ${r.review} to review, ${r.parked} parked`,
      },
      () =>
        inRolledBackTransaction(db, async (tx) => {
          const result = await importStatement(contextFor(tx, tenantId), { path });
          // Why credits went to review, most common first: the bench's data should be booked.
          const reasons = await queryRows<{ reason: string; n: number }>(
            tx,
            sql`select regexp_replace(evidence->>0, '[0-9]+', '#', 'g') as reason, count(*)::int as n
                  from bank_transactions where tenant_id = ${tenantId} and status = 'review'
                 group by 1 order by 2 desc limit 3`,
          );
          for (const r of reasons) process.stderr.write(`  W3 review: ${r.n} × ${r.reason}\n`);
          if (process.env.MAHNWERK_BENCH_DEBUG) {
            const example = await queryRows<Record<string, unknown>>(
              tx,
              sql`select remittance, counterparty_name, counterparty_iban, amount_cents, suggestions from bank_transactions
                   where tenant_id = ${tenantId} and status = 'review' and evidence->>0 like '%close%' limit 2`,
            );
            process.stderr.write(`${JSON.stringify(example, null, 1)}\n`);
          }
          return result;
        }),
    );
    const overSax = parsed.medianMs / sax.medianMs;
    const isoFactor = iso.medianMs / parsed.medianMs;
    return {
      id: 'W3',
      figures: [plain(parsed), asFloor(sax, parsed), asFloor(iso, parsed), plain(imported)],
      targets: [
        check('W3', 'parse ≤ 1.5× SAX floor', `${overSax.toFixed(2)}×`, overSax <= 1.5),
        check('W3', 'parse ≥ 8× faster than iso20022.js', `${isoFactor.toFixed(1)}×`, isoFactor >= 8),
        check(
          'W3',
          'whole import ≤ 15 s at 1M invoices',
          `${(imported.medianMs / 1000).toFixed(1)} s at ${scale}`,
          imported.medianMs <= 15_000,
        ),
        check('W3', 'peak RSS ≤ 250 MB (import)', `${imported.peakRssMb} MB`, imported.peakRssMb <= 250),
      ],
      processPeakRssMb: processPeakRssMb(),
    };
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}
