/**
 * @module order-repository
 * Orders and their lines.
 */
import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Db } from './database.ts';
import { customers, orderLines, orders } from './schema.ts';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type NewOrderRow = Omit<typeof orders.$inferInsert, 'id' | 'createdAt'>;
export type NewOrderLineRow = Omit<typeof orderLines.$inferInsert, 'id' | 'orderId' | 'tenantId'>;

export async function insertOrder(
  db: Db,
  order: NewOrderRow,
  lines: readonly NewOrderLineRow[],
): Promise<OrderRow> {
  const [created] = await db.insert(orders).values(order).returning();
  const row = created as OrderRow;
  await db
    .insert(orderLines)
    .values(lines.map((line) => ({ ...line, tenantId: order.tenantId, orderId: row.id })));
  return row;
}

/** The order, locked for the rest of the transaction (it is invoiced once only). */
export async function lockOrderByNumber(
  db: Db,
  tenantId: number,
  number: string,
): Promise<OrderRow | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.number, number)))
    .for('update');
  return row;
}

export async function linesOfOrder(db: Db, tenantId: number, orderId: number): Promise<OrderLineRow[]> {
  return db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.tenantId, tenantId), eq(orderLines.orderId, orderId)))
    .orderBy(asc(orderLines.position));
}

export async function setOrderStatus(
  db: Db,
  tenantId: number,
  orderId: number,
  status: string,
): Promise<void> {
  await db
    .update(orders)
    .set({ status })
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, orderId)));
}

export async function findOrderById(db: Db, tenantId: number, id: number): Promise<OrderRow | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
  return row;
}

/** One page of orders, newest first (keyset on id), with the customer's number and name. */
export async function listOrders(
  db: Db,
  tenantId: number,
  filter: { customerId?: number; status?: string; beforeId: number | null; limit: number },
) {
  const conditions = [eq(orders.tenantId, tenantId)];
  if (filter.customerId !== undefined) conditions.push(eq(orders.customerId, filter.customerId));
  if (filter.status) conditions.push(eq(orders.status, filter.status));
  if (filter.beforeId !== null) conditions.push(lt(orders.id, filter.beforeId));
  return db
    .select({ order: orders, customerNumber: customers.number, customerName: customers.name })
    .from(orders)
    .innerJoin(customers, and(eq(customers.tenantId, orders.tenantId), eq(customers.id, orders.customerId)))
    .where(and(...conditions))
    .orderBy(desc(orders.id))
    .limit(filter.limit);
}
