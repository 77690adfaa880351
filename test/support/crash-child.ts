/**
 * @module crash-child
 * Test support for crash tests: runs `mahnwerk …` (or the server) as a child process and kills it
 * with SIGKILL after a delay — no handler, no `finally`, no flush runs, as when the power goes or
 * the OOM killer strikes. The delays are drawn from a seeded generator over the duration of an
 * uninterrupted run measured first, so a failing sequence can be replayed (`MAHNWERK_CRASH_SEED`).
 * Each test starts from a scratch database cloned from a template: on PostgreSQL a database created
 * with `template` (through TEST_DATABASE_URL, dropped afterwards), on PGlite a copy of a data
 * directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { SeededRandom } from '../../src/services/seeded-random.ts';
import { openTestDatabase, TEST_DATABASE_KINDS, type TestDatabaseKind } from './test-database.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Soak mode (by hand): `MAHNWERK_SOAK=1` or `MAHNWERK_CRASH_KILLS=<n>`. */
export const SOAK = process.env.MAHNWERK_SOAK === '1';

/** How many kills a crash test makes: bounded in CI, many in the soak mode. */
export function crashKills(inCi: number, inSoak = 40): number {
  const asked = Number(process.env.MAHNWERK_CRASH_KILLS ?? '');
  if (Number.isInteger(asked) && asked > 0) return asked;
  return SOAK ? inSoak : inCi;
}

/**
 * The databases a crash test runs on: PostgreSQL (the realistic case) when there is one; PGlite
 * too where `pgliteInCi`, and always in the soak mode — its kills are slow (the embedded database
 * starts in every process), and the daily run's test covers its data directory in CI.
 */
export function crashKinds(pgliteInCi: boolean): TestDatabaseKind[] {
  const soak = SOAK || Boolean(process.env.MAHNWERK_CRASH_KILLS);
  if (pgliteInCi || soak || !TEST_DATABASE_KINDS.includes('postgres')) return TEST_DATABASE_KINDS;
  return ['postgres'];
}

/** The seed of the kill delays: fixed in CI (reproducible), given by hand to replay a soak. */
export const CRASH_SEED = Number(process.env.MAHNWERK_CRASH_SEED ?? '') || 20261124;

/** A vitest timeout for a test that makes `kills` kills of about `perKillMs` each. */
export function crashTimeout(kills: number, perKillMs: number, setupMs = 60_000): number {
  return setupMs + kills * perKillMs;
}

export interface ChildOutcome {
  /** True when the kill came before the child ended on its own. */
  killed: boolean;
  /** From the start marker (`startedWhen`, else the spawn) to the end. */
  workMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  elapsedMs: number;
  output: string;
}

export interface RunChildOptions {
  /** `bin/mahnwerk.js` by default. */
  script?: string;
  env: Record<string, string>;
  /** SIGKILL after this many milliseconds; without it the child runs to its end. */
  killAfterMs?: number;
  /**
   * Polled until true: the moment the child has started and opened its database. `killAfterMs`
   * and `workMs` count from then, so that the time the process takes to start (long and varying on
   * a busy machine) does not decide where the kill lands.
   */
  startedWhen?: () => Promise<boolean>;
  /** Safety net: a child still running then is killed and the run rejected. */
  timeoutMs?: number;
}

/** Runs `node <script> ...args` and resolves when it ended, killed or not. */
export function runChild(args: readonly string[], options: RunChildOptions): Promise<ChildOutcome> {
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, [options.script ?? 'bin/mahnwerk.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  return new Promise((resolve, reject) => {
    let killSent = false;
    let startedAt = started;
    let killer: NodeJS.Timeout | undefined;
    let ended = false;
    const armKiller = () => {
      startedAt = Date.now();
      if (options.killAfterMs === undefined) return;
      killer = setTimeout(() => {
        killSent = child.exitCode === null && child.signalCode === null;
        child.kill('SIGKILL');
      }, options.killAfterMs);
    };
    if (options.startedWhen) {
      const poll = async (): Promise<void> => {
        while (!ended) {
          if (await options.startedWhen?.().catch(() => false)) return armKiller();
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      void poll();
    } else armKiller();
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${args.join(' ')}: still running after ${options.timeoutMs ?? 300_000} ms\n${output}`),
      );
    }, options.timeoutMs ?? 300_000);
    child.once('error', reject);
    // 'exit' comes after libuv reaped the child: its pid is free, a stale lock of it is recognised.
    child.once('exit', (code, signal) => {
      ended = true;
      clearTimeout(killer);
      clearTimeout(guard);
      const now = Date.now();
      // A child that ended on its own just before the signal arrived (not reaped yet) was not killed.
      const killed = killSent && signal === 'SIGKILL';
      resolve({ killed, code, signal, elapsedMs: now - started, workMs: now - startedAt, output });
    });
  });
}

/** Runs the command to its end and insists that it succeeded. */
export async function runChildToEnd(
  args: readonly string[],
  env: Record<string, string>,
  startedWhen?: () => Promise<boolean>,
): Promise<ChildOutcome> {
  const outcome = await runChild(args, { env, ...(startedWhen ? { startedWhen } : {}) });
  if (outcome.code !== 0) throw new Error(`${args.join(' ')} exited ${outcome.code}:\n${outcome.output}`);
  return outcome;
}

/**
 * `count` kill delays over the work of an uninterrupted run, counted from its start marker (see
 * `startedWhen`): from 0 to just past its end.
 */
export function killDelays(workMs: number, count: number, seed = CRASH_SEED): number[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () => random.int(0, Math.round(workMs * 1.1)));
}

/** A database a child process can be pointed at, and opened by the test itself between runs. */
export interface Scratch {
  kind: TestDatabaseKind;
  /** Environment for `mahnwerk` / the server: DATABASE_URL or MAHNWERK_DATA_DIR. */
  env: Record<string, string>;
  /** For PostgreSQL, the connection string. */
  url: string | null;
  /** Whether a process has opened the database: a session on it, or the data directory's lock. */
  inUse(): Promise<boolean>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** A prepared database that scratch databases are cloned from. */
export interface ScratchTemplate {
  clone(): Promise<Scratch>;
  drop(): Promise<void>;
}

const adminUrl = (): string => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('crash tests on PostgreSQL need TEST_DATABASE_URL');
  return url;
};

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function urlOf(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates the template and fills it through `setup` (the database is closed afterwards). */
export async function createScratchTemplate(
  kind: TestDatabaseKind,
  setup: (database: Database) => Promise<void>,
): Promise<ScratchTemplate> {
  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  if (kind === 'postgres') {
    const base = `mahnwerk_crash_${tag}`;
    await admin(`create database ${base}`);
    const database = await openDatabase({ url: urlOf(base), poolSize: 4 });
    try {
      await setup(database);
    } finally {
      await database.close();
    }
    let clones = 0;
    return {
      clone: async () => {
        const name = `${base}_${++clones}`;
        // A template must have no sessions: ours closed above, and children of earlier clones
        // connect to the clones only.
        await admin(`create database ${name} template ${base}`);
        const url = urlOf(name);
        return {
          kind,
          env: { DATABASE_URL: url, MAHNWERK_DATA_DIR: '' },
          url,
          inUse: async () => {
            const client = new pg.Client({ connectionString: adminUrl() });
            await client.connect();
            try {
              const { rows } = await client.query<{ n: number }>(
                'select count(*)::int as n from pg_stat_activity where datname = $1',
                [name],
              );
              return (rows[0]?.n ?? 0) > 0;
            } finally {
              await client.end();
            }
          },
          open: () => openDatabase({ url, poolSize: 4, migrate: false }),
          drop: () => admin(`drop database if exists ${name} with (force)`),
        };
      },
      drop: () => admin(`drop database if exists ${base} with (force)`),
    };
  }
  // Filled in memory from the migrated template of the test databases (a fresh data directory
  // takes half a minute to create on a busy machine), then written out once as a directory.
  const memory = await openTestDatabase('pglite');
  let dump: Blob;
  try {
    await setup(memory);
    dump = await (memory.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
  } finally {
    await memory.close();
  }
  const root = mkdtempSync(join(tmpdir(), 'mahnwerk-crash-'));
  const base = join(root, 'template');
  await (
    await openDatabase({ dataDir: base, loadDataDir: dump, migrate: false, command: 'crash test setup' })
  ).close();
  let clones = 0;
  return {
    clone: async () => {
      const dir = join(root, `clone-${++clones}`);
      cpSync(base, dir, { recursive: true });
      return {
        kind,
        env: { DATABASE_URL: '', MAHNWERK_DATA_DIR: dir },
        url: null,
        inUse: async () => existsSync(join(dir, 'mahnwerk.lock')),
        open: () => openDatabase({ dataDir: dir, command: 'crash test check', migrate: false }),
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
    drop: async () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Opens the scratch database, runs `work`, closes it again (a PGlite directory is held only meanwhile). */
export async function withScratch<T>(scratch: Scratch, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await scratch.open();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** What the kills of a test did, for its report line. */
export interface KillTally {
  kills: number;
  /** The child was killed while it worked (it had not finished on its own). */
  interrupted: number;
  /** The child had finished before the delay ran out: no crash, the rerun must do nothing. */
  finishedFirst: number;
  /** Killed with some of its work committed already (a batch, a delivery, the whole import). */
  partial: number;
}

export function newKillTally(): KillTally {
  return { kills: 0, interrupted: 0, finishedFirst: 0, partial: 0 };
}

export function reportTally(name: string, kind: string, tally: KillTally, extra = ''): void {
  console.log(
    `[crash] ${name} on ${kind}: ${tally.kills} kills (${tally.interrupted} mid-work, ${tally.partial} with work committed before the kill, ${tally.finishedFirst} after the end); nothing lost or doubled${extra}`,
  );
}
