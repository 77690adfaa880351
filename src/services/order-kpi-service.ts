/**
 * @module order-kpi-service
 * The dashboard's figure for invoicing on time: days from delivery to invoice over the last 90
 * days (median and average), and how many orders wait with a delivery not yet invoiced.
 */
import { deliveryToInvoiceFacts } from '../db/order-repository.ts';
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import { type InvoicingLag, summariseInvoicingLag } from '../domain/invoicing-lag.ts';
import type { ServiceContext } from './service-context.ts';

export const INVOICING_LAG_WINDOW_DAYS = 90;

export interface DeliveryToInvoiceKpi extends InvoicingLag {
  /** Deliveries from this day to `to` (inclusive) count. */
  from: CalendarDate;
  to: CalendarDate;
  /** Orders with a delivery not yet invoiced, of any age. */
  ordersNotInvoiced: number;
  deliveriesNotInvoiced: number;
}

export async function deliveryToInvoiceKpi(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  asOf: CalendarDate,
): Promise<DeliveryToInvoiceKpi> {
  const from = addDays(asOf, -(INVOICING_LAG_WINDOW_DAYS - 1));
  const facts = await deliveryToInvoiceFacts(ctx.db, ctx.tenantId, from, asOf);
  return {
    from,
    to: asOf,
    ...summariseInvoicingLag(facts.days),
    ordersNotInvoiced: facts.ordersNotInvoiced,
    deliveriesNotInvoiced: facts.deliveriesNotInvoiced,
  };
}
