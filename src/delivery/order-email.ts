/**
 * @module order-email
 * An e-mail about an order as it leaves the outbox: the wording queued with it (what the timeline
 * shows), as text and HTML, with the order confirmation or the invoice attached as a PDF rendered
 * now. The address is the customer's as it is on the day of sending. The outbox worker calls
 * `composeOrderEmail` for rows whose payload `isOrderEmailPayload`, and records `orderEmailSentEvent`.
 *
 * @example
 * const composed = await composeOrderEmail(ctx, row.payload);
 * if ('problem' in composed) fail(composed.problem); else send(composed.message);
 */
import { findCustomerById } from '../db/customer-repository.ts';
import type { NewEvent } from '../db/event-store.ts';
import { findOrderById } from '../db/order-repository.ts';
import { invoicePdf } from '../services/document-service.ts';
import {
  isOrderEmailPayload,
  type OrderEmailPayload,
  renderOrderConfirmation,
} from '../services/order-email-service.ts';
import type { ServiceContext } from '../services/service-context.ts';
import type { EmailMessage } from './notice-email.ts';

export { isOrderEmailPayload };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fileName(subject: string): string {
  return `${subject.replace(/[^A-Za-z0-9ÄÖÜäöüß._ -]+/g, '').trim() || 'Dokument'}.pdf`;
}

/**
 * The message, or the reason it cannot be sent (no address, the order or invoice gone): a
 * permanent failure, not to be retried.
 */
export async function composeOrderEmail(
  ctx: ServiceContext,
  payload: OrderEmailPayload,
): Promise<{ message: EmailMessage } | { problem: string }> {
  const [order, customer] = await Promise.all([
    findOrderById(ctx.db, ctx.tenantId, payload.orderId),
    findCustomerById(ctx.db, ctx.tenantId, payload.customerId),
  ]);
  if (!order) return { problem: `order ${payload.orderNumber} not found` };
  if (!customer?.email)
    return { problem: `customer ${customer?.number ?? payload.customerId} has no e-mail address` };
  const attachments: EmailMessage['attachments'] = [];
  if (payload.kind === 'confirmation') {
    const pdf = await renderOrderConfirmation(ctx, order);
    attachments.push({ filename: fileName(payload.subject), content: pdf, contentType: 'application/pdf' });
  }
  if (payload.kind === 'invoice') {
    if (!payload.invoiceNumber) return { problem: 'the e-mail names no invoice' };
    const pdf = await invoicePdf(ctx, payload.invoiceNumber);
    attachments.push({
      filename: fileName(`${customer.language === 'de' ? 'Rechnung' : 'Invoice'} ${payload.invoiceNumber}`),
      content: pdf,
      contentType: 'application/pdf',
    });
  }
  const paragraphs = payload.text.split(/\n\s*\n/);
  return {
    message: {
      to: customer.email,
      subject: payload.subject,
      text: payload.text + '\n',
      html:
        `<html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px">` +
        paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('') +
        `</body></html>`,
      attachments,
    },
  };
}

/** The event of an order e-mail that went out, for the customer's timeline. */
export function orderEmailSentEvent(
  payload: OrderEmailPayload,
  sent: { recipient: string; messageId: string; outboxId: number },
): NewEvent {
  return {
    type: 'order.email-sent',
    entityType: 'order',
    entityId: payload.orderId,
    customerId: payload.customerId,
    payload: {
      number: payload.orderNumber,
      kind: payload.kind,
      subject: payload.subject,
      ...(payload.invoiceNumber ? { invoiceNumber: payload.invoiceNumber } : {}),
      ...sent,
    },
  };
}
