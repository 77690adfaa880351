/**
 * @module workload-args
 * What `npm run bench` tells a workload process: the scale, runs, and where the scratch database is.
 */
import type { BenchTarget } from '../bench-database.ts';

export interface WorkloadArgs {
  scale: number;
  runs: number;
  target: BenchTarget;
  /** W1: commit one more import as the shared data set of W2–W6. */
  keep: boolean;
  /** W6: seconds of load per endpoint and run. */
  durationSeconds: number;
}
