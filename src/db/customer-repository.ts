/**
 * @module customer-repository
 * Customers (Debitoren) and their contacts.
 */
import { isAnyOf } from './sql-arrays.ts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { bulkInsert } from './bulk-insert.ts';
import type { Db } from './database.ts';
import { customers } from './schema.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type NewCustomerRow = Omit<
  typeof customers.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'version'
>;

export async function insertCustomers(db: Db, rows: readonly NewCustomerRow[]): Promise<CustomerRow[]> {
  return bulkInsert(db, customers, rows, { returning: true });
}

export async function findCustomerByNumber(
  db: Db,
  tenantId: number,
  number: string,
): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.number, number)));
  return row;
}

export async function findCustomerById(
  db: Db,
  tenantId: number,
  id: number,
): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)));
  return row;
}

export async function findCustomersByNumbers(
  db: Db,
  tenantId: number,
  numbers: readonly string[],
): Promise<CustomerRow[]> {
  const found: CustomerRow[] = [];
  for (let i = 0; i < numbers.length; i += 5000) {
    found.push(
      ...(await db
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), inArray(customers.number, numbers.slice(i, i + 5000))))),
    );
  }
  return found;
}

export async function findCustomersByIds(
  db: Db,
  tenantId: number,
  ids: readonly number[],
): Promise<CustomerRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), isAnyOf(customers.id, ids)));
}

export async function updateCustomerRow(
  db: Db,
  tenantId: number,
  id: number,
  expectedVersion: number | undefined,
  values: Partial<NewCustomerRow>,
): Promise<CustomerRow | undefined> {
  const conditions = [eq(customers.tenantId, tenantId), eq(customers.id, id)];
  if (expectedVersion !== undefined) conditions.push(eq(customers.version, expectedVersion));
  const [row] = await db
    .update(customers)
    .set({ ...values, updatedAt: new Date(), version: sql`${customers.version} + 1` })
    .where(and(...conditions))
    .returning();
  return row;
}

export async function countCustomers(db: Db, tenantId: number): Promise<number> {
  return db.$count(customers, eq(customers.tenantId, tenantId));
}
