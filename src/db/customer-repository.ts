/**
 * @module customer-repository
 * Customers (Debitoren) and their contacts.
 */
import { containsPattern, isAnyOf } from './sql-arrays.ts';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { bulkInsert } from './bulk-insert.ts';
import { type Db, queryRows } from './database.ts';
import { contacts, customers } from './schema.ts';

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

export interface CustomerListFilter {
  /** Part of the name, number or e-mail. */
  q?: string;
  overdueOnly?: boolean;
  group?: string;
  sort: 'name' | 'number' | 'overdue';
  /** The day that decides what is overdue. */
  asOf: string;
  /** Keyset: the sort value and id of the last row of the previous page. */
  after: readonly (string | number | null)[] | null;
  limit: number;
}

export interface CustomerSummaryRow {
  id: number;
  number: string;
  name: string;
  debtorKind: 'consumer' | 'business';
  groupKey: string | null;
  email: string | null;
  openCents: number;
  overdueCents: number;
  creditLimitCents: number | null;
  blocked: boolean;
  /** The value the list is sorted by, for the cursor of the next page. */
  sortValue: string | number;
}

/** Customers with what they owe (principal and costs) and how much of it is overdue, one page of them. */
export async function listCustomerSummaries(
  db: Db,
  tenantId: number,
  filter: CustomerListFilter,
): Promise<CustomerSummaryRow[]> {
  const conditions = [sql`c.tenant_id = ${tenantId}`];
  if (filter.q) {
    const like = containsPattern(filter.q);
    conditions.push(sql`(c.name ilike ${like} or c.number ilike ${like} or c.email ilike ${like})`);
  }
  if (filter.overdueOnly) conditions.push(sql`coalesce(o.overdue_cents, 0) > 0`);
  if (filter.group) conditions.push(sql`c.group_key = ${filter.group}`);
  const [sortColumn, direction] =
    filter.sort === 'overdue'
      ? [sql`coalesce(o.overdue_cents, 0)`, 'desc' as const]
      : filter.sort === 'number'
        ? [sql`c.number`, 'asc' as const]
        : [sql`lower(c.name)`, 'asc' as const];
  if (filter.after) {
    const [value, id] = filter.after;
    conditions.push(
      direction === 'desc'
        ? sql`(${sortColumn} < ${value} or (${sortColumn} = ${value} and c.id > ${id}))`
        : sql`(${sortColumn} > ${value} or (${sortColumn} = ${value} and c.id > ${id}))`,
    );
  }
  // What each customer owes; restricted to one page of customers when the order and filter do not need it.
  const totals = (customerIds: SQL | null) => sql`
          select cs.customer_id,
                 sum(cs.open_principal_cents + cs.open_costs_cents) as open_cents,
                 sum(case when i.due_date < ${filter.asOf}::date
                          then cs.open_principal_cents + cs.open_costs_cents else 0 end) as overdue_cents
            from claim_states cs
            join invoices i on i.tenant_id = cs.tenant_id and i.id = cs.invoice_id
           where cs.tenant_id = ${tenantId} and (cs.open_principal_cents > 0 or cs.open_costs_cents > 0)
             ${customerIds ? sql`and cs.customer_id in (${customerIds})` : sql``}
           group by cs.customer_id`;
  const columns = sql`c.id, c.number, c.name, c.debtor_kind, c.group_key, c.email, c.credit_limit_cents,
               c.block_reason is not null and (c.block_until is null or c.block_until >= ${filter.asOf}::date) as blocked,
               coalesce(o.open_cents, 0) as open_cents, coalesce(o.overdue_cents, 0) as overdue_cents,
               ${sortColumn} as sort_value`;
  const where = sql.join(conditions, sql` and `);
  const order = sql`order by ${sortColumn} ${sql.raw(direction)}, c.id limit ${filter.limit + 1}`;
  const needsTotalsFirst = filter.sort === 'overdue' || filter.overdueOnly === true;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    needsTotalsFirst
      ? sql`with o as (${totals(null)})
          select ${columns} from customers c left join o on o.customer_id = c.id where ${where} ${order}`
      : // The page first (by the list's index), then the totals of just its customers.
        sql`with p as (select c.* from customers c where ${where} ${order}),
               o as (${totals(sql`select id from p`)})
          select ${columns} from p c left join o on o.customer_id = c.id ${order}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    number: String(r.number),
    name: String(r.name),
    debtorKind: r.debtor_kind as 'consumer' | 'business',
    groupKey: (r.group_key as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    openCents: Number(r.open_cents),
    overdueCents: Number(r.overdue_cents),
    creditLimitCents: r.credit_limit_cents === null ? null : Number(r.credit_limit_cents),
    blocked: Boolean(r.blocked),
    sortValue: typeof r.sort_value === 'string' ? r.sort_value : Number(r.sort_value),
  }));
}

export type ContactRow = typeof contacts.$inferSelect;

export async function contactsOfCustomer(
  db: Db,
  tenantId: number,
  customerId: number,
): Promise<ContactRow[]> {
  return db
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.customerId, customerId)))
    .orderBy(contacts.id);
}

export async function insertContact(db: Db, values: typeof contacts.$inferInsert): Promise<ContactRow> {
  const [row] = await db.insert(contacts).values(values).returning();
  return row as ContactRow;
}

export async function deleteContact(
  db: Db,
  tenantId: number,
  customerId: number,
  contactId: number,
): Promise<ContactRow | undefined> {
  const [row] = await db
    .delete(contacts)
    .where(
      and(eq(contacts.tenantId, tenantId), eq(contacts.customerId, customerId), eq(contacts.id, contactId)),
    )
    .returning();
  return row;
}
