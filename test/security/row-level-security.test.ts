/**
 * Row-level security, the second wall between companies (migration 0013): on PostgreSQL a tenant's
 * database connection neither sees nor writes another company's rows even when a query forgets its
 * tenant filter; the system view sees all; a connection without the setting sees nothing. Every table
 * with a tenant_id carries the policy, including tables added after the migration.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsert, COPY_MIN_ROWS } from '../../src/db/bulk-insert.ts';
import { queryRows } from '../../src/db/database.ts';
import { customers } from '../../src/db/schema.ts';
import { createCustomer } from '../../src/services/customer-service.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../support/test-database.ts';

const onPostgres = TEST_DATABASE_KINDS.includes('postgres');

describe.skipIf(!onPostgres)('row-level security (PostgreSQL)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
  });
  afterAll(() => database.close());

  it('is in effect for the tests’ application role', () => {
    expect(database.rowLevelSecurity).toBe(true);
  });

  it('hides and refuses another company’s rows when a query has no tenant filter', async () => {
    const a = await newTenantContext(database);
    const b = await newTenantContext(database);
    await createCustomer(a, { name: 'Alpha GmbH', debtorKind: 'business' });
    await createCustomer(b, { name: 'Beta GmbH', debtorKind: 'business' });
    await createCustomer(b, { name: 'Gamma GmbH', debtorKind: 'business' });

    const names = async (db: typeof a.db) =>
      (await queryRows<{ name: string }>(db, sql`select name from customers order by name`)).map(
        (r) => r.name,
      );
    expect(await names(a.db)).toEqual(['Alpha GmbH']);
    expect(await names(b.db)).toEqual(['Beta GmbH', 'Gamma GmbH']);
    expect(await names(database.db)).toEqual(
      expect.arrayContaining(['Alpha GmbH', 'Beta GmbH', 'Gamma GmbH']),
    );

    // Not even in a transaction, nor after one that failed.
    await expect(
      a.db.transaction(async (tx) => {
        expect(await names(tx as never)).toEqual(['Alpha GmbH']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await names(a.db)).toEqual(['Alpha GmbH']);

    // Updating or deleting every row touches the own rows only.
    await a.db.execute(sql`update customers set phone = '+49 30 1' where true`);
    const phones = await queryRows<{ name: string; phone: string | null }>(
      database.db,
      sql`select name, phone from customers where tenant_id in (${a.tenantId}, ${b.tenantId}) order by name`,
    );
    expect(phones.map((r) => [r.name, r.phone])).toEqual([
      ['Alpha GmbH', '+49 30 1'],
      ['Beta GmbH', null],
      ['Gamma GmbH', null],
    ]);

    // Writing a row for the other company is refused by the policy's check.
    await expect(
      a.db.execute(sql`update customers set tenant_id = ${b.tenantId} where tenant_id = ${a.tenantId}`),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
  });

  it('refuses a bulk copy of rows for another company, and takes the own', async () => {
    const a = await newTenantContext(database);
    const b = await newTenantContext(database);
    const rows = (tenantId: number) =>
      Array.from({ length: COPY_MIN_ROWS }, (_, i) => ({
        tenantId,
        number: `B${i}`,
        name: `Kunde ${i}`,
        debtorKind: 'business' as const,
      }));
    await expect(
      a.db.transaction((tx) => bulkInsert(tx, customers, rows(b.tenantId), { returning: false })),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
    await a.db.transaction((tx) => bulkInsert(tx, customers, rows(a.tenantId), { returning: false }));
    const [count] = await queryRows<{ n: number }>(a.db, sql`select count(*)::int as n from customers`);
    expect(count?.n).toBe(COPY_MIN_ROWS);
  });

  it('shows nothing on a connection that does not say which company it works for', async () => {
    const a = await newTenantContext(database);
    await createCustomer(a, { name: 'Delta GmbH', debtorKind: 'business' });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query('select count(*)::int as n from customers');
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('covers every table that has a tenant_id', async () => {
    const tables = await queryRows<{ table_name: string; rls: boolean; forced: boolean; policies: number }>(
      database.db,
      sql`select c.relname as table_name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
                 (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
           where c.relkind = 'r'
             and exists (select 1 from pg_attribute a
                          where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`,
    );
    expect(tables.length).toBeGreaterThan(40);
    const uncovered = tables.filter((t) => !t.rls || !t.forced || t.policies === 0).map((t) => t.table_name);
    expect(uncovered).toEqual([]);
  });
});
