/**
 * Runs the `mahnwerk` command in-process and captures what it prints, as a user would see it.
 */
import type { Database } from '../../src/db/database.ts';
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `args` after `mahnwerk`; `database` hands in an open test database instead of the environment's. */
export async function runCli(args: readonly string[], database?: () => Promise<Database>): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(['node', 'mahnwerk', ...args], {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    ...(database ? { database } : {}),
  });
  return { code, out, err };
}
