/**
 * @module bench-measure
 * Timing and memory of one benchmark phase, and the report a workload process hands to
 * `npm run bench`. Peak RSS is per phase: Linux resets the high-water mark (VmHWM) when "5" is
 * written to /proc/self/clear_refs, so setup (generating data) does not count against the phase.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** One measured line of the report: a workload or the floor measured beside it. */
export interface Figure {
  id: string;
  what: string;
  items: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  perSecond: number;
  /** Peak RSS during the phase (max over runs), or of the whole process where the reset is unsupported. */
  peakRssMb: number;
  /** The figure this one is the floor of, and the ratio figure/floor of the medians. */
  floorOf?: string;
  ratio?: number;
  detail: string;
}

export interface TargetCheck {
  id: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface WorkloadReport {
  id: string;
  figures: Figure[];
  targets: TargetCheck[];
  /** maxRSS of the whole workload process, setup included. */
  processPeakRssMb: number;
}

export const RESULT_MARKER = '@@bench-result ';

function readHighWaterMb(): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Collects garbage (with --expose-gc) and resets the RSS high-water mark; false where Linux does not allow it. */
export function resetPeakRss(): boolean {
  (globalThis as { gc?: () => void }).gc?.();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export function peakRssMb(): number {
  return readHighWaterMb() ?? Math.round(process.resourceUsage().maxRSS / 1024);
}

export function processPeakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export interface PhaseOptions<T> {
  id: string;
  what: string;
  runs: number;
  /** Items per run, for the throughput (may depend on the result). */
  items: number | ((result: T) => number);
  /** Untimed, before each run (e.g. a fresh tenant). */
  before?: () => Promise<void>;
  /** Untimed, after each run (e.g. roll back, vacuum). */
  after?: (result: T) => Promise<void>;
  detail?: (result: T) => string;
}

/** Runs `work` `runs` times; each run timed and its peak RSS taken alone. */
export async function measurePhase<T>(
  options: PhaseOptions<T>,
  work: () => Promise<T>,
): Promise<Figure & { result: T }> {
  const times: number[] = [];
  let peak = 0;
  let result: T | undefined;
  for (let r = 0; r < options.runs; r++) {
    await options.before?.();
    resetPeakRss();
    const started = performance.now();
    result = await work();
    times.push(performance.now() - started);
    peak = Math.max(peak, peakRssMb());
    await options.after?.(result);
    process.stderr.write(
      `  ${options.id} ${options.what}: run ${r + 1} ${Math.round(times.at(-1) ?? 0)} ms\n`,
    );
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const items = typeof options.items === 'number' ? options.items : options.items(result as T);
  return {
    id: options.id,
    what: options.what,
    items,
    medianMs: round1(median),
    minMs: round1(sorted[0] as number),
    maxMs: round1(sorted.at(-1) as number),
    perSecond: median > 0 ? Math.round(items / (median / 1000)) : 0,
    peakRssMb: peak,
    detail: options.detail ? options.detail(result as T) : '',
    result: result as T,
  };
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The figure without its result, marked as the floor of `of`. */
export function asFloor(floor: Figure, of: Figure): Figure {
  const { id, what, items, medianMs, minMs, maxMs, perSecond, peakRssMb, detail } = floor;
  return {
    id,
    what,
    items,
    medianMs,
    minMs,
    maxMs,
    perSecond,
    peakRssMb,
    detail,
    floorOf: of.id,
    ratio: medianMs > 0 ? Math.round((of.medianMs / medianMs) * 100) / 100 : 0,
  };
}

export function plain(figure: Figure): Figure {
  const { id, what, items, medianMs, minMs, maxMs, perSecond, peakRssMb, detail } = figure;
  return { id, what, items, medianMs, minMs, maxMs, perSecond, peakRssMb, detail };
}

export function check(id: string, target: string, measured: string, met: boolean): TargetCheck {
  return { id, target, measured, met };
}

/** Hands the report to the parent process (one line on stdout). */
export function emitReport(report: WorkloadReport): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(report)}\n`);
}
