/**
 * @module order-repository
 * Orders and their lines.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { orderLines, orders } from './schema.ts';

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
