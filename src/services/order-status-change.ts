/**
 * @module order-status-change
 * One way to move an order to another status, used by every step of its lifecycle: the domain
 * table decides whether the move is allowed (order-lifecycle.ts), then — in the caller's
 * transaction — the order row, a row of `order_status_changes` with the day, the
 * `order.status-changed` event on the customer's timeline and, when the company wants updates on
 * status changes (order settings), the customer's update e-mail from the template of the new status.
 */
import type { CustomerRow } from '../db/customer-repository.ts';
import type { Db } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import {
  insertStatusChange,
  lockOrderByNumber,
  type OrderRow,
  updateOrderRow,
} from '../db/order-repository.ts';
import type { OrderStatus } from '../db/schema.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { isDomainError } from '../domain/domain-error.ts';
import { nextOrderStatus, type OrderLifecycleStatus } from '../domain/order-lifecycle.ts';
import type { OrderTemplateKey } from '../documents/order-update-templates.ts';
import { AppError } from './app-error.ts';
import { queueStatusUpdate, type QueuedEmail } from './order-email-service.ts';
import { getOrderSettings } from './order-settings-service.ts';
import type { ServiceContext } from './service-context.ts';

// The domain's states and the column's are the same: this does not compile once they differ.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const SAME_STATES: Same<OrderStatus, OrderLifecycleStatus> = true;
void SAME_STATES;

/** Today in UTC, the day recorded when the caller names none. */
export function todayOf(ctx: ServiceContext): CalendarDate {
  return ctx.now().toISOString().slice(0, 10) as CalendarDate;
}

/** The order, locked for the rest of the transaction, or not-found. */
export async function lockOrderOrFail(tx: Db, ctx: ServiceContext, number: string): Promise<OrderRow> {
  const order = await lockOrderByNumber(tx, ctx.tenantId, number);
  if (!order) throw new AppError('not-found', `order ${number} not found`);
  return order;
}

/** Runs a domain rule; its refusal becomes a conflict (a state) or a validation error (input). */
export function checked<T>(rule: () => T, code: 'conflict' | 'validation'): T {
  try {
    return rule();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new AppError(code, error.message, { issues: error.issues, cause: error });
  }
}

/** The template an update about the new status is written from, where there is one. */
const TEMPLATE_OF: Partial<Record<OrderStatus, OrderTemplateKey>> = {
  'in-progress': 'order-in-progress',
  'partly-delivered': 'order-partly-delivered',
  delivered: 'order-delivered',
  cancelled: 'order-cancelled',
};

export interface StatusChangeOptions {
  on: CalendarDate;
  note?: string | null;
  /** Further columns changed with the status (e.g. `confirmedOn`). */
  set?: Partial<Pick<OrderRow, 'confirmedOn' | 'deliveredOn' | 'invoicedOn'>>;
  /** Further payload of the `order.status-changed` event. */
  payload?: Record<string, unknown>;
  /** The customer, when the caller has it (for the update e-mail). */
  customer?: CustomerRow;
}

/**
 * Moves the order to `to` in the caller's transaction (see the module comment). A move to the
 * status it has already is no change and writes nothing. Returns the order as it is now and the
 * update e-mail queued, if any.
 */
export async function changeOrderStatus(
  tx: Db,
  ctx: ServiceContext,
  order: OrderRow,
  to: OrderStatus,
  options: StatusChangeOptions,
): Promise<{ order: OrderRow; update: QueuedEmail }> {
  if (order.status === to) return { order, update: null };
  checked(() => nextOrderStatus(order.status, to), 'conflict');
  const updated = await updateOrderRow(tx, ctx.tenantId, order.id, { status: to, ...options.set });
  await insertStatusChange(tx, {
    tenantId: ctx.tenantId,
    orderId: order.id,
    fromStatus: order.status,
    toStatus: to,
    changedOn: options.on,
    note: options.note ?? null,
    actor: ctx.actor,
  });
  const event: NewEvent = {
    type: 'order.status-changed',
    entityType: 'order',
    entityId: order.id,
    customerId: order.customerId,
    payload: {
      number: order.number,
      from: order.status,
      to,
      on: options.on,
      ...(options.note ? { note: options.note } : {}),
      ...options.payload,
    },
  };
  await appendEvents(tx, ctx.tenantId, ctx.actor, [event], ctx.now());
  const template = TEMPLATE_OF[to];
  let update: QueuedEmail = null;
  if (
    template &&
    options.customer &&
    (await getOrderSettings({ db: tx, tenantId: ctx.tenantId })).statusUpdates
  ) {
    update = await queueStatusUpdate(tx, ctx, updated, options.customer, template, {
      note: options.note ?? '',
    });
  }
  return { order: updated, update };
}

/** The first row of an order's lifecycle: it came in (`from` null). */
export async function recordOrderReceived(tx: Db, ctx: ServiceContext, order: OrderRow): Promise<void> {
  await insertStatusChange(tx, {
    tenantId: ctx.tenantId,
    orderId: order.id,
    fromStatus: null,
    toStatus: 'received',
    changedOn: order.orderedOn,
    note: null,
    actor: ctx.actor,
  });
}
