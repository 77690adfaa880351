/**
 * @module reported-payment-check
 * The end of the check a customer's "paid already" (portal) started: when a payment settles the
 * invoice, the report was right — `found`, and the credit controller's task to look for the money
 * is done by itself; when the hold ends with the invoice still open, the report was not confirmed —
 * `not-found`, dunning goes on and the task stays for a person to ask the customer. Each is an event
 * on the customer's timeline, and the customer sees the outcome in the portal.
 */
import type { Db } from '../db/database.ts';
import type { NewEvent } from '../db/event-store.ts';
import { type SettledReport, settleReportedPayments } from '../db/portal-repository.ts';
import { completeTaskRow } from '../db/task-repository.ts';
import type { ServiceContext } from './service-context.ts';

function reportEvents(settled: readonly SettledReport[], type: string): NewEvent[] {
  return settled.map((report) => ({
    type,
    entityType: 'invoice',
    entityId: report.invoiceId,
    customerId: report.customerId,
    payload: { reportedPaymentId: report.id },
  }));
}

/** Reports on these invoices that a payment has just settled: found, their tasks done. */
export async function confirmReportedPayments(
  tx: Db,
  ctx: Pick<ServiceContext, 'tenantId' | 'now'>,
  invoiceIds: readonly number[],
): Promise<NewEvent[]> {
  const found = await settleReportedPayments(tx, ctx.tenantId, { found: invoiceIds });
  for (const report of found) {
    if (report.taskId !== null) {
      await completeTaskRow(tx, ctx.tenantId, report.taskId, 'payment received', ctx.now());
    }
  }
  return reportEvents(found, 'portal.paid-report-confirmed');
}

/** Reports whose hold ended before `day` with the invoice still open: not found. */
export async function expireReportedPayments(
  tx: Db,
  ctx: Pick<ServiceContext, 'tenantId'>,
  day: string,
): Promise<NewEvent[]> {
  return reportEvents(
    await settleReportedPayments(tx, ctx.tenantId, { expiredBefore: day }),
    'portal.paid-report-not-confirmed',
  );
}
