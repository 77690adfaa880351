/**
 * The PostgreSQL connection as the services use it: several reads at once inside one transaction
 * (`Promise.all` over one connection) run one after the other — node-postgres 8 warns about a query
 * sent while another runs and version 9 will refuse it — with their own results, and a failing one
 * does not hold up the next.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { queryRows } from './database.ts';

describe.skipIf(!TEST_DATABASE_KINDS.includes('postgres'))('a PostgreSQL connection in a transaction', () => {
  let database: TestDatabase;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    process.on('warning', onWarning);
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    await database.close();
  });

  it('takes reads sent at once one after the other, each with its own result', async () => {
    const results = await database.db.transaction((tx) =>
      Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          queryRows<{ n: number }>(tx, sql`select ${i}::int as n, pg_sleep(0.01)`).then((rows) => rows[0]?.n),
        ),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
  });

  it('goes on after a query that failed', async () => {
    const outcome = await database.db
      .transaction(async (tx) => {
        const [bad, good] = await Promise.allSettled([
          tx.execute(sql`select 1 / 0`),
          tx.execute(sql`select 1`),
        ]);
        return [bad.status, good.status];
      })
      .catch((error: Error) => error.message);
    // The failed statement aborts the transaction; the second one then fails too, but it is answered.
    expect(outcome).toEqual(['rejected', 'rejected']);
    const [row] = await queryRows<{ ok: number }>(database.db, sql`select 1 as ok`);
    expect(row?.ok).toBe(1);
  });
});
