/**
 * @module order-repository
 * Orders and their lines; their lifecycle (status changes, moved delivery dates, deliveries); the
 * invoices made for them; and the figures of the time from delivery to invoice.
 */
import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';
import {
  customers,
  invoices,
  orderDeliveries,
  orderDeliveryDateChanges,
  orderLines,
  orders,
  type OrderStatus,
  orderStatusChanges,
  outbox,
} from './schema.ts';

export type OrderRow = typeof orders.$inferSelect;
export type { OrderStatus };
export type OrderLineRow = typeof orderLines.$inferSelect;
export type NewOrderRow = Omit<typeof orders.$inferInsert, 'id' | 'createdAt'>;
export type NewOrderLineRow = Omit<typeof orderLines.$inferInsert, 'id' | 'orderId' | 'tenantId'>;
export type OrderStatusChangeRow = typeof orderStatusChanges.$inferSelect;
export type OrderDeliveryDateChangeRow = typeof orderDeliveryDateChanges.$inferSelect;
export type OrderDeliveryRow = typeof orderDeliveries.$inferSelect;

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
  status: OrderStatus,
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
  filter: { customerId?: number; status?: OrderStatus; beforeId: number | null; limit: number },
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

export async function findOrderByNumber(
  db: Db,
  tenantId: number,
  number: string,
): Promise<OrderRow | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.number, number)));
  return row;
}

/** Changes the order's lifecycle columns (status, its days, the promised delivery date). */
export async function updateOrderRow(
  db: Db,
  tenantId: number,
  orderId: number,
  change: Partial<Pick<OrderRow, 'status' | 'confirmedOn' | 'deliveredOn' | 'invoicedOn' | 'deliveryDate'>>,
): Promise<OrderRow> {
  const [row] = await db
    .update(orders)
    .set(change)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, orderId)))
    .returning();
  return row as OrderRow;
}

export async function insertStatusChange(
  db: Db,
  row: Omit<typeof orderStatusChanges.$inferInsert, 'id' | 'createdAt'>,
): Promise<void> {
  await db.insert(orderStatusChanges).values(row);
}

/** The order's status changes, oldest first. */
export async function statusChangesOf(
  db: Db,
  tenantId: number,
  orderId: number,
): Promise<OrderStatusChangeRow[]> {
  return db
    .select()
    .from(orderStatusChanges)
    .where(and(eq(orderStatusChanges.tenantId, tenantId), eq(orderStatusChanges.orderId, orderId)))
    .orderBy(asc(orderStatusChanges.id));
}

export async function insertDeliveryDateChange(
  db: Db,
  row: Omit<typeof orderDeliveryDateChanges.$inferInsert, 'id' | 'createdAt'>,
): Promise<void> {
  await db.insert(orderDeliveryDateChanges).values(row);
}

/** The order's moved delivery dates, oldest first. */
export async function deliveryDateChangesOf(
  db: Db,
  tenantId: number,
  orderId: number,
): Promise<OrderDeliveryDateChangeRow[]> {
  return db
    .select()
    .from(orderDeliveryDateChanges)
    .where(
      and(eq(orderDeliveryDateChanges.tenantId, tenantId), eq(orderDeliveryDateChanges.orderId, orderId)),
    )
    .orderBy(asc(orderDeliveryDateChanges.id));
}

export async function insertDelivery(
  db: Db,
  row: Omit<typeof orderDeliveries.$inferInsert, 'id' | 'createdAt'>,
): Promise<OrderDeliveryRow> {
  const [created] = await db.insert(orderDeliveries).values(row).returning();
  return created as OrderDeliveryRow;
}

/** The order's deliveries, oldest first. */
export async function deliveriesOf(db: Db, tenantId: number, orderId: number): Promise<OrderDeliveryRow[]> {
  return db
    .select()
    .from(orderDeliveries)
    .where(and(eq(orderDeliveries.tenantId, tenantId), eq(orderDeliveries.orderId, orderId)))
    .orderBy(asc(orderDeliveries.id));
}

/** Links the invoice made for a delivery; false when the delivery was invoiced meanwhile. */
export async function setDeliveryInvoice(
  db: Db,
  tenantId: number,
  deliveryId: number,
  invoiceId: number,
): Promise<boolean> {
  const rows = await db
    .update(orderDeliveries)
    .set({ invoiceId })
    .where(
      and(
        eq(orderDeliveries.tenantId, tenantId),
        eq(orderDeliveries.id, deliveryId),
        isNull(orderDeliveries.invoiceId),
      ),
    )
    .returning({ id: orderDeliveries.id });
  return rows.length > 0;
}

/** The invoices made for the order (number, status, dates), oldest first. */
export async function invoicesOfOrder(db: Db, tenantId: number, orderId: number) {
  return db
    .select({
      id: invoices.id,
      number: invoices.number,
      status: invoices.status,
      issuedOn: invoices.issuedOn,
      dueDate: invoices.dueDate,
      grossCents: invoices.grossCents,
    })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.orderId, orderId)))
    .orderBy(asc(invoices.id));
}

/**
 * The invoices of every invoiced order of the tenant that has a paid one (candidates for `paid`):
 * one row per invoice. Orders leave `invoiced` once paid, so the set stays small.
 */
export async function invoiceStatesOfInvoicedOrders(
  db: Db,
  tenantId: number,
): Promise<{ orderId: number; status: 'open' | 'paid' | 'cancelled' | 'written-off' }[]> {
  const rows = await queryRows<{ order_id: string | number; status: string }>(
    db,
    sql`select i.order_id, i.status
          from orders o
          join invoices i on i.tenant_id = o.tenant_id and i.order_id = o.id
         where o.tenant_id = ${tenantId} and o.status = 'invoiced'
           and exists (select 1 from invoices p
                        where p.tenant_id = o.tenant_id and p.order_id = o.id and p.status = 'paid')
         order by i.order_id, i.id`,
  );
  return rows.map((r) => ({
    orderId: Number(r.order_id),
    status: r.status as 'open' | 'paid' | 'cancelled' | 'written-off',
  }));
}

/**
 * Days from each delivery delivered within [from, to] to the issue date of its invoice (invoiced
 * deliveries only), and how many orders have a delivery not yet invoiced (of any age).
 */
export async function deliveryToInvoiceFacts(
  db: Db,
  tenantId: number,
  from: string,
  to: string,
): Promise<{ days: number[]; ordersNotInvoiced: number; deliveriesNotInvoiced: number }> {
  const lags = await queryRows<{ days: string | number }>(
    db,
    sql`select (i.issued_on - d.delivered_on) as days
          from order_deliveries d
          join invoices i on i.tenant_id = d.tenant_id and i.id = d.invoice_id
         where d.tenant_id = ${tenantId}
           and d.delivered_on between ${from}::date and ${to}::date
         order by d.delivered_on, d.id`,
  );
  const [open] = await queryRows<{ orders: string | number; deliveries: string | number }>(
    db,
    sql`select count(distinct d.order_id) as orders, count(*) as deliveries
          from order_deliveries d
         where d.tenant_id = ${tenantId} and d.invoice_id is null`,
  );
  return {
    days: lags.map((r) => Number(r.days)),
    ordersNotInvoiced: Number(open?.orders ?? 0),
    deliveriesNotInvoiced: Number(open?.deliveries ?? 0),
  };
}

/**
 * Queues an e-mail about an order in the outbox, once per dedupe key; returns the row's id (the
 * one queued before under the same key, if any).
 */
export async function enqueueOrderEmail(
  db: Db,
  row: { tenantId: number; dedupeKey: string; payload: Record<string, unknown> },
): Promise<number> {
  const [inserted] = await db
    .insert(outbox)
    .values({ ...row, kind: 'email', noticeId: null })
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  if (inserted) return inserted.id;
  const [existing] = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.tenantId, row.tenantId), eq(outbox.dedupeKey, row.dedupeKey)));
  return (existing as { id: number }).id;
}
