/**
 * @module database-bench
 * The database and I/O workloads of `npm run bench` (W1–W6): creates the scratch database, runs
 * each workload in a child process of its own (bench/workload-bench.ts) one after the other, and
 * prints their figures with the ratio to the floor measured in the same run.
 *
 * W1 imports the shared data set (tenant `bench`, SCALE invoices) that W2, W3, W4 and W6 work on;
 * without W1 a setup step imports it. Each of those runs its measured work in a transaction rolled
 * back afterwards, so every run starts from the same data.
 */
import { spawnSync } from 'node:child_process';
import { type BenchDbKind, createScratch } from './bench-database.ts';
import { type Figure, RESULT_MARKER, type WorkloadReport } from './bench-measure.ts';

export const DATABASE_WORKLOADS = ['W1', 'W2', 'W3', 'W3b', 'W4', 'W5', 'W6'];
const NEEDS_SHARED_DATA = ['W2', 'W3', 'W4', 'W6'];

export interface DatabaseBenchOptions {
  scale: number;
  runs: number;
  db: BenchDbKind;
  only: readonly string[];
  durationSeconds: number;
}

function runChild(workload: string, options: DatabaseBenchOptions, location: string, extra: string[] = []) {
  const child = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--expose-gc',
      // MAHNWERK_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": profile each workload process.
      ...(process.env.MAHNWERK_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      new URL('./workload-bench.ts', import.meta.url).pathname,
      '--workload',
      workload,
      '--scale',
      String(options.scale),
      '--runs',
      String(options.runs),
      '--db',
      options.db,
      '--target',
      location,
      '--duration',
      String(options.durationSeconds),
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (child.status !== 0) {
    process.stdout.write(child.stdout ?? '');
    throw new Error(`bench: ${workload} failed (exit ${child.status ?? child.signal})`);
  }
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith(RESULT_MARKER));
  return line ? (JSON.parse(line.slice(RESULT_MARKER.length)) as WorkloadReport) : null;
}

const pad = (text: string | number, width: number) => String(text).padStart(width);

function formatFigure(f: Figure): string {
  const ratio = f.ratio !== undefined ? `${f.ratio.toFixed(2)}×` : '';
  return (
    `${f.id.padEnd(15)} ${f.what.padEnd(32)} ${pad(f.items, 9)} ${pad(f.medianMs, 10)} ms ${pad(`${f.minMs}–${f.maxMs}`, 17)}` +
    ` ${pad(f.perSecond, 10)} ${pad(f.peakRssMb, 6)} MB ${pad(ratio, 8)}   ${f.detail}`
  );
}

export async function runDatabaseWorkloads(options: DatabaseBenchOptions): Promise<WorkloadReport[]> {
  const selected = DATABASE_WORKLOADS.filter((w) => options.only.includes(w));
  if (selected.length === 0) return [];
  const needsDatabase = selected.some((w) => w === 'W1' || NEEDS_SHARED_DATA.includes(w));
  const scratch = needsDatabase ? await createScratch(options.db) : null;
  const reports: WorkloadReport[] = [];
  try {
    const needsShared = selected.some((w) => NEEDS_SHARED_DATA.includes(w));
    if (needsShared && !selected.includes('W1')) {
      process.stderr.write(`setup: importing ${options.scale} invoices into ${options.db}\n`);
      runChild('setup', options, scratch?.location ?? '');
    }
    for (const workload of selected) {
      process.stderr.write(`${workload} (${options.db}, scale ${options.scale}, ${options.runs} runs)\n`);
      const report = runChild(
        workload,
        options,
        scratch?.location ?? '',
        workload === 'W1' && needsShared ? ['--keep'] : [],
      );
      if (report) reports.push(report);
    }
  } finally {
    await scratch?.drop();
  }
  console.log(
    `\nMahnwerk database and I/O benchmark — ${options.db}, scale ${options.scale}, ${options.runs} runs each, node ${process.version}`,
  );
  console.log(
    `${'id'.padEnd(15)} ${'workload'.padEnd(32)} ${pad('items', 9)} ${pad('median', 13)} ${pad('min–max (ms)', 17)} ${pad('per second', 10)} ${pad('peak RSS', 9)} ${pad('÷ floor', 8)}   result`,
  );
  for (const report of reports) for (const figure of report.figures) console.log(formatFigure(figure));
  console.log('\ntargets');
  for (const report of reports) {
    for (const t of report.targets) {
      console.log(`${t.met ? 'met   ' : 'MISSED'} ${t.id.padEnd(4)} ${t.target.padEnd(40)} ${t.measured}`);
    }
  }
  return reports;
}
