/**
 * @module document-service
 * Loads what a document needs and renders it: the invoice PDF with its payment terms and EPC QR
 * code for the amount open now.
 */
import { findCustomerById } from '../db/customer-repository.ts';
import { findClaimState, findInvoiceByNumber, findInvoiceLines } from '../db/invoice-repository.ts';
import { findTenantById } from '../db/tenant-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { formatPercent } from '../domain/percent.ts';
import { Money } from '../domain/money.ts';
import { parsePaymentTerms, skontoOffers } from '../domain/payment-terms.ts';
import { renderInvoicePdf } from '../documents/invoice-pdf.ts';
import { AppError } from './app-error.ts';
import { getCompanyProfile } from './company-service.ts';
import type { ServiceContext } from './service-context.ts';

export async function invoicePdf(ctx: ServiceContext, number: string): Promise<Uint8Array> {
  const invoice = await findInvoiceByNumber(ctx.db, ctx.tenantId, number);
  if (!invoice) throw new AppError('not-found', `invoice ${number} not found`);
  const [lines, customer, state, company, tenant] = await Promise.all([
    findInvoiceLines(ctx.db, ctx.tenantId, invoice.id),
    findCustomerById(ctx.db, ctx.tenantId, invoice.customerId),
    findClaimState(ctx.db, ctx.tenantId, invoice.id),
    getCompanyProfile(ctx),
    findTenantById(ctx.db, ctx.tenantId),
  ]);
  if (!customer) throw new AppError('not-found', `customer of invoice ${number} not found`);
  const openCents = invoice.status === 'open' && state ? state.openPrincipalCents + state.openCostsCents : 0;
  const untouched = state !== undefined && state.openPrincipalCents === invoice.grossCents;
  let skonto: { percent: string; deadline: CalendarDate; discountCents: number; payableCents: number }[];
  try {
    skonto = untouched
      ? skontoOffers(
          parsePaymentTerms(invoice.paymentTerms),
          invoice.issuedOn as CalendarDate,
          Money.of(invoice.grossCents, invoice.currency),
          tenant?.state,
        ).map((o) => ({
          percent: formatPercent(o.percent, 0),
          deadline: o.deadline,
          discountCents: o.discount.minor,
          payableCents: o.payable.minor,
        }))
      : [];
  } catch {
    skonto = []; // terms that no longer validate offer no Skonto
  }
  return renderInvoicePdf({
    company,
    invoice: {
      number: invoice.number,
      issuedOn: invoice.issuedOn as CalendarDate,
      deliveredOn: invoice.deliveredOn as CalendarDate | null,
      dueDate: invoice.dueDate as CalendarDate,
      currency: invoice.currency,
      netCents: invoice.netCents,
      vatCents: invoice.vatCents,
      grossCents: invoice.grossCents,
    },
    lines,
    customer: {
      number: customer.number,
      name: customer.name,
      address: customer.address,
      language: customer.language,
      vatId: customer.vatId,
    },
    openCents,
    skonto,
  });
}
