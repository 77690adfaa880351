/**
 * @module claim-statement-service
 * The claim statement (Forderungsaufstellung) of a customer as of a day: every open claim with
 * what was invoiced, paid and is open, the costs charged, and the default interest to that day
 * with its periods and rates — every cent explained, as a lawyer, a collection agency or a court
 * dunning application needs it. As JSON and as a letter.
 */
import { findTenantById } from '../db/tenant-repository.ts';
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import { type NoticeItem, statementOfClaims } from '../domain/evaluate-dunning.ts';
import type { DayCountConvention } from '../domain/day-count.ts';
import { type NoticeDocumentItem, renderNoticePdf } from '../documents/notice-pdf.ts';
import { AppError } from './app-error.ts';
import { getCompanyProfile } from './company-service.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { interestDetail, loadCustomerFacts, loadPolicies } from './dunning-run-service.ts';
import { documentCustomer, interestSegmentsOf } from './document-service.ts';
import type { CustomerRow } from '../db/customer-repository.ts';
import type { ServiceContext } from './service-context.ts';
import { getTemplate } from './template-service.ts';
import { invoicesOfCustomer } from '../db/invoice-repository.ts';

export interface ClaimStatement {
  customerNumber: string;
  asOf: CalendarDate;
  items: NoticeDocumentItem[];
  totalCents: number;
}

function itemOf(
  item: NoticeItem,
  invoice: { issuedOn: string; grossCents: number } | undefined,
): NoticeDocumentItem {
  return {
    invoiceNumber: item.invoiceNumber ?? item.claimId,
    issuedOn: (invoice?.issuedOn ?? item.dueDate) as CalendarDate,
    dueDate: item.dueDate,
    grossCents: invoice?.grossCents ?? item.openPrincipal.minor,
    openPrincipalCents: item.openPrincipal.minor,
    openCostsCents: item.openCosts.minor,
    interestCents: item.interest?.interest.minor ?? 0,
    interestPaidCents: item.interestPaid.minor,
    flatFeeCents: item.flatFee.minor,
    totalCents: item.total.minor,
    interestSegments: interestSegmentsOf(interestDetail(item)),
  };
}

export async function claimStatement(
  ctx: ServiceContext,
  customerNumber: string,
  asOf: CalendarDate,
): Promise<ClaimStatement> {
  return statementOf(ctx, await findCustomerOrFail(ctx.db, ctx.tenantId, customerNumber), asOf);
}

/** The statement of a customer already loaded (the API has the row; no second lookup by number). */
export async function statementOf(
  ctx: ServiceContext,
  customer: CustomerRow,
  asOf: CalendarDate,
): Promise<ClaimStatement> {
  const tenant = await findTenantById(ctx.db, ctx.tenantId);
  const policies = await loadPolicies(ctx);
  const byPolicy = await loadCustomerFacts(ctx, [customer.id], policies);
  const [entry] = [...byPolicy.entries()];
  if (!entry) throw new AppError('not-found', `no dunning policy applies to customer ${customer.number}`);
  const [loaded, [facts]] = entry;
  const settings = (tenant?.settings ?? {}) as { dayCount?: DayCountConvention };
  const items = facts
    ? statementOfClaims(loaded.policy, facts, {
        today: asOf,
        state: tenant?.state ?? 'BE',
        ...(settings.dayCount ? { dayCount: settings.dayCount } : {}),
      })
    : [];
  const invoices = new Map(
    (await invoicesOfCustomer(ctx.db, ctx.tenantId, customer.id)).map((r) => [
      String(r.invoice.id),
      r.invoice,
    ]),
  );
  const mapped = items.map((item) => itemOf(item, invoices.get(item.claimId)));
  return {
    customerNumber: customer.number,
    asOf,
    items: mapped,
    totalCents: mapped.reduce((sum, i) => sum + i.totalCents, 0),
  };
}

/** The statement as a letter; it asks for payment within 14 days. */
export async function claimStatementPdf(
  ctx: ServiceContext,
  customerNumber: string,
  asOf: CalendarDate,
): Promise<Uint8Array> {
  const customer = await findCustomerOrFail(ctx.db, ctx.tenantId, customerNumber);
  const statement = await statementOf(ctx, customer, asOf);
  if (statement.items.length === 0) {
    throw new AppError('conflict', `customer ${customerNumber} has nothing open on ${asOf}`);
  }
  const company = await getCompanyProfile(ctx);
  const template = await getTemplate(ctx, 'claim-statement', customer.language);
  return renderNoticePdf({
    company,
    customer: documentCustomer(customer),
    notice: {
      id: 0,
      issuedOn: asOf,
      paymentDeadline: addDays(asOf, 14),
      currency: 'EUR',
      feeCents: 0,
      feeWaivedBecause: null,
      totalCents: statement.totalCents,
      announcesEscalation: false,
    },
    items: statement.items,
    template,
  });
}
