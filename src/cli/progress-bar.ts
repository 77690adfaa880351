/**
 * @module progress-bar
 * A progress bar on stderr for long work, only for a person at a terminal: never in JSON mode,
 * in tests, or when output goes to a file.
 */
import cliProgress from 'cli-progress';
import type { CliIo } from './main.ts';

export interface ProgressBar {
  update(done: number, total: number): void;
  stop(): void;
}

export function progressBar(io: CliIo, label: string, json: boolean): ProgressBar | undefined {
  // io.database is handed in by tests and embedders, whose output is not a terminal of their own.
  if (json || io.database || !process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} {bar} {percentage}% | {value}/{total}`,
      stream: process.stderr,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
