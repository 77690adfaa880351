/**
 * @module portal-context
 * What every portal use case shares: the context of one customer of one company (from the portal
 * session, never from the request), the rule that an invoice of anyone else is answered exactly
 * like an invoice that does not exist, and the note to the credit controller that follows every
 * portal action — a task, and an e-mail when the company named an address for it.
 */
import type { Database, Db } from '../db/database.ts';
import { type CustomerRow, findCustomerById } from '../db/customer-repository.ts';
import { enqueueDeliveries } from '../db/delivery-repository.ts';
import { findInvoiceById, type InvoiceRow } from '../db/invoice-repository.ts';
import { insertTask } from '../db/task-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { portalNotificationMessage } from '../delivery/portal-email.ts';
import { AppError } from './app-error.ts';
import type { PortalCaller } from './portal-link-service.ts';
import { getPortalSettings } from './portal-settings-service.ts';
import { type ServiceContext, tenantContext } from './service-context.ts';

/** A service context that acts for one customer through the portal. */
export interface PortalContext extends ServiceContext {
  customerId: number;
}

/** The context of a portal caller: the tenant's own database (see `tenantContext`), acting for one customer. */
export function portalContextOf(
  database: Pick<Database, 'forTenant'>,
  caller: PortalCaller,
  now: () => Date,
): PortalContext {
  return { ...tenantContext(database, caller.tenantId, caller.actor, now), customerId: caller.customerId };
}

export function todayOf(ctx: Pick<ServiceContext, 'now'>): CalendarDate {
  return ctx.now().toISOString().slice(0, 10) as CalendarDate;
}

export async function portalCustomer(ctx: PortalContext): Promise<CustomerRow> {
  const customer = await findCustomerById(ctx.db, ctx.tenantId, ctx.customerId);
  if (!customer) throw new AppError('not-found', 'customer not found');
  return customer;
}

/** The invoice if it is this customer's; anyone else's is "not found", as if it did not exist. */
export async function ownInvoiceOrFail(ctx: PortalContext, invoiceId: number, path = 'invoiceId') {
  const invoice = await findInvoiceById(ctx.db, ctx.tenantId, invoiceId);
  if (!invoice || invoice.customerId !== ctx.customerId) {
    throw new AppError('not-found', `invoice ${invoiceId} not found`, {
      issues: [{ path, message: 'no such invoice' }],
    });
  }
  return invoice as InvoiceRow;
}

export interface CreditControllerNote {
  /** The task's kind, e.g. `portal-paid`. */
  kind: string;
  /** The task's title (German, like every task). */
  title: string;
  invoiceId?: number | null;
}

/** Tells the credit controller of a portal action, in `tx`: a task, and an e-mail if configured. Returns the task's id. */
export async function notifyCreditController(
  tx: Db,
  ctx: PortalContext,
  customer: CustomerRow,
  note: CreditControllerNote,
): Promise<number> {
  const task = await insertTask(tx, {
    tenantId: ctx.tenantId,
    customerId: customer.id,
    invoiceId: note.invoiceId ?? null,
    kind: note.kind,
    title: note.title.slice(0, 300),
    dueOn: todayOf(ctx),
  });
  const { notificationEmail } = await getPortalSettings({ db: tx, tenantId: ctx.tenantId });
  if (notificationEmail) {
    await enqueueDeliveries(tx, [
      {
        tenantId: ctx.tenantId,
        kind: 'email',
        noticeId: null,
        dedupeKey: `portal-note:${task.id}`,
        payload: {
          ...portalNotificationMessage({
            to: notificationEmail,
            customerId: customer.id,
            customerNumber: customer.number,
            customerName: customer.name,
            what: note.title,
          }),
        },
      },
    ]);
  }
  return task.id;
}
