/**
 * The benchmark is not part of `npm test`, but a tiny run of it is, so that it cannot rot: every
 * database and I/O workload at `--scale 1000`, one run, on PGlite, in a child process.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKLOADS = ['W1', 'W2', 'W3', 'W3b', 'W4', 'W5', 'W6'];

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/domain-bench.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run bench', () => {
  it('runs every database and I/O workload at a tiny scale and reports each with its floor', async () => {
    const { code, output } = await runBench([
      '--scale',
      '1000',
      '--runs',
      '1',
      '--db',
      'pglite',
      '--only',
      WORKLOADS.join(','),
    ]);
    expect(code, output).toBe(0);
    for (const id of WORKLOADS) expect(output).toMatch(new RegExp(`^${id}\\b`, 'm'));
    for (const floor of [
      'W1-floor',
      'W2-floor',
      'W3-floor-sax',
      'W3b-mt940js',
      'W4-floor',
      'W5-floor',
      'W6-floor',
    ])
      expect(output).toContain(floor);
  }, 300_000); // ≈ 30 s alone; minutes when the whole suite shares two cores
});
