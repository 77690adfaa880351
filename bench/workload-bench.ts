/**
 * `npm run bench` (database and I/O part): one workload in a process of its own, so that its heap
 * starts fresh and its peak RSS is its own. Started by bench/database-bench.ts; prints progress on
 * stderr and its report as one line on stdout.
 *
 *   node --expose-gc --import tsx bench/workload-bench.ts --workload W1 --scale 100000 --runs 3 \
 *     --db pglite --target /tmp/…/data [--keep] [--duration 5]
 */
import type { BenchDbKind } from './bench-database.ts';
import { emitReport, type WorkloadReport } from './bench-measure.ts';
import type { WorkloadArgs } from './workloads/workload-args.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

type Workload = (args: WorkloadArgs) => Promise<WorkloadReport>;

// Loaded on demand: a workload's peak RSS should not carry the modules of the others (PGlite, pdfkit, fastify).
const WORKLOADS: Record<string, () => Promise<Workload>> = {
  W1: async () => (await import('./workloads/w1-import-invoices.ts')).benchImportInvoices,
  W2: async () => (await import('./workloads/w2-dunning-run.ts')).benchDunningRun,
  W3: async () => (await import('./workloads/w3-import-statement.ts')).benchImportStatement,
  W3b: async () => (await import('./workloads/w3b-parse-mt940.ts')).benchParseMt940,
  W4: async () => (await import('./workloads/w4-reports.ts')).benchReports,
  W5: async () => (await import('./workloads/w5-notice-pdfs.ts')).benchNoticePdfs,
  W6: async () => (await import('./workloads/w6-http.ts')).benchHttp,
};

const workload = option('workload', '');
const args: WorkloadArgs = {
  scale: Number(option('scale', '100000')),
  runs: Number(option('runs', '3')),
  target: { kind: option('db', 'pglite') as BenchDbKind, location: option('target', '') },
  keep: process.argv.includes('--keep'),
  durationSeconds: Number(option('duration', '5')),
};

if (workload === 'setup') await (await import('./workloads/w1-import-invoices.ts')).setupSharedData(args);
else {
  const load = WORKLOADS[workload];
  if (!load) throw new Error(`--workload: expected one of ${Object.keys(WORKLOADS).join(', ')} or setup`);
  emitReport(await (await load())(args));
}
