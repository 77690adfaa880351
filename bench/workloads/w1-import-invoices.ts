/**
 * @module w1-import-invoices
 * W1: SCALE invoices for SCALE/10 customers from a generated CSV through `importInvoices`, each run
 * in a fresh tenant inside a transaction rolled back afterwards. Floor: COPY of the same file into a
 * bare table of text columns (pg-copy-streams; PGlite `COPY … FROM '/dev/blob'`).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import {
  BENCH_TENANT,
  contextFor,
  inRolledBackTransaction,
  newTenant,
  openBenchDatabase,
  pgliteOf,
  poolOf,
  rawQuery,
  vacuum,
} from '../bench-database.ts';
import { invoiceCsv } from '../bench-data.ts';
import {
  asFloor,
  check,
  measurePhase,
  plain,
  processPeakRssMb,
  type WorkloadReport,
} from '../bench-measure.ts';
import { importInvoices } from '../../src/services/import-invoices-service.ts';
import type { WorkloadArgs } from './workload-args.ts';

const COPY_TABLE = 'bench_copy_invoices';
const COPY_SQL = (source: string) =>
  `copy ${COPY_TABLE} from ${source} with (format csv, delimiter ';', header true)`;

export async function benchImportInvoices(args: WorkloadArgs): Promise<WorkloadReport> {
  const { scale, runs, target } = args;
  const database = await openBenchDatabase(target);
  const db = database.db;
  try {
    const csv = invoiceCsv(scale);
    process.stderr.write(`  W1 CSV of ${scale} invoices: ${(csv.length / 1e6).toFixed(1)} MB\n`);
    let tenantId = 0;
    let run = 0;
    const imported = await measurePhase(
      {
        id: 'W1',
        what: 'import invoices (CSV)',
        runs,
        items: scale,
        before: async () => {
          tenantId = await newTenant(db, `w1-${process.pid}-${run++}`);
        },
        after: () => vacuum(db),
        detail: (r) =>
          `${r.invoices} invoices, ${r.customersCreated} customers, ${(csv.length / 1e6).toFixed(0)} MB`,
      },
      () =>
        inRolledBackTransaction(db, (tx) =>
          importInvoices(contextFor(tx, tenantId), { fileName: 'rechnungen.csv', bytes: csv }),
        ),
    );

    await rawQuery(
      db,
      `create table if not exists ${COPY_TABLE} (invoice_number text, customer_number text, customer_name text,
         debtor_kind text, invoice_date text, due_date text, gross text, net text, vat text, email text)`,
    );
    const copied = await measurePhase(
      {
        id: 'W1-floor',
        what: 'COPY into a bare table',
        runs,
        items: scale,
        before: async () => {
          await rawQuery(db, `truncate ${COPY_TABLE}`);
        },
        detail: (rows) => `${rows} rows`,
      },
      async () => {
        if (target.kind === 'pglite') {
          const result = await pgliteOf(database).query(COPY_SQL(`'/dev/blob'`), [], {
            blob: new Blob([csv]),
          });
          return result.affectedRows ?? 0;
        }
        const client = await poolOf(database).connect();
        try {
          const stream = client.query(copyFrom(COPY_SQL('stdin')));
          await pipeline(Readable.from([csv]), stream);
          return Number(stream.rowCount);
        } finally {
          client.release();
        }
      },
    );
    await rawQuery(db, `drop table ${COPY_TABLE}`);

    if (args.keep) {
      // The shared data set of W2–W6: the same import, committed, in the tenant they look for.
      const started = performance.now();
      await inRolledBackTransaction(
        db,
        async (tx) =>
          importInvoices(contextFor(tx, await newTenant(tx, BENCH_TENANT)), {
            fileName: 'rechnungen.csv',
            bytes: csv,
          }),
        true,
      );
      await vacuum(db);
      process.stderr.write(
        `  W1 shared data set imported in ${Math.round(performance.now() - started)} ms\n`,
      );
    }

    const ratio = imported.medianMs / copied.medianMs;
    return {
      id: 'W1',
      figures: [plain(imported), asFloor(copied, imported)],
      targets: [
        check(
          'W1',
          '≤ 10 s at 1M (PostgreSQL)',
          `${(imported.medianMs / 1000).toFixed(1)} s at ${scale}`,
          imported.medianMs <= 10_000 * (scale / 1e6),
        ),
        check('W1', '≤ 3× COPY floor', `${ratio.toFixed(1)}×`, ratio <= 3),
      ],
      processPeakRssMb: processPeakRssMb(),
    };
  } finally {
    await database.close();
  }
}

/** Imports the shared data set alone, when W1 is not part of the run. */
export async function setupSharedData(args: WorkloadArgs): Promise<void> {
  const database = await openBenchDatabase(args.target);
  try {
    const csv = invoiceCsv(args.scale);
    const started = performance.now();
    await inRolledBackTransaction(
      database.db,
      async (tx) =>
        importInvoices(contextFor(tx, await newTenant(tx, BENCH_TENANT)), {
          fileName: 'rechnungen.csv',
          bytes: csv,
        }),
      true,
    );
    await vacuum(database.db);
    process.stderr.write(
      `  setup: ${args.scale} invoices imported in ${Math.round(performance.now() - started)} ms\n`,
    );
  } finally {
    await database.close();
  }
}
