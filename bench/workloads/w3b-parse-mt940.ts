/**
 * @module w3b-parse-mt940
 * W3b: an MT940 of SCALE/10 German SEPA credits read by `readStatementFile` (read, decode, parse,
 * entry events), against the npm package mt940js parsing the same file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'mt940js';
import {
  asFloor,
  check,
  measurePhase,
  plain,
  processPeakRssMb,
  type WorkloadReport,
} from '../bench-measure.ts';
import { readStatementFile } from '../../src/services/read-statement-file.ts';
import type { WorkloadArgs } from './workload-args.ts';

/** The file is made in a child process: making it would leave this process's heap grown before the measurement. */
function writeFileInChildProcess(path: string, transactions: number, invoices: number): number {
  const script = new URL('../write-mt940-file.ts', import.meta.url).pathname;
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', script, path, String(transactions), String(invoices)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.status !== 0) throw new Error(`${script} failed with exit code ${child.status}`);
  return Number(child.stdout.trim());
}

export async function benchParseMt940(args: WorkloadArgs): Promise<WorkloadReport> {
  const { scale, runs } = args;
  const transactions = Math.max(1, Math.floor(scale / 10));
  const dir = await mkdtemp(join(tmpdir(), 'mahnwerk-bench-w3b-'));
  try {
    const path = join(dir, 'umsaetze.sta');
    const megabytes = (writeFileInChildProcess(path, transactions, scale) / 1e6).toFixed(0);
    const ours = await measurePhase(
      {
        id: 'W3b',
        what: 'parse MT940',
        runs,
        items: transactions,
        detail: (n) => `${n} entries, ${megabytes} MB`,
      },
      async () => {
        let n = 0;
        for await (const event of readStatementFile(path)) if (event.kind === 'entry') n++;
        return n;
      },
    );
    const theirs = await measurePhase(
      {
        id: 'W3b-mt940js',
        what: 'mt940js parsing',
        runs,
        items: transactions,
        detail: (n) => `${n} transactions`,
      },
      async () =>
        new Parser()
          .parse(readFileSync(path, 'latin1'))
          .reduce((sum, statement) => sum + statement.transactions.length, 0),
    );
    const factor = theirs.medianMs / ours.medianMs;
    return {
      id: 'W3b',
      figures: [plain(ours), asFloor(theirs, ours)],
      targets: [
        check('W3b', '≥ 3× faster than mt940js', `${factor.toFixed(1)}×`, factor >= 3),
        check('W3b', 'peak RSS ≤ 150 MB', `${ours.peakRssMb} MB`, ours.peakRssMb <= 150),
      ],
      processPeakRssMb: processPeakRssMb(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
