/**
 * @module claim-statement-service
 * The claim statement (Forderungsaufstellung) of a customer as of a day: every claim with something
 * open on that day — what was invoiced, paid and is open, the costs charged, and the default
 * interest to that day with its periods and rates — every cent explained, as a lawyer, a collection
 * agency or a court dunning application needs it. As JSON and as a letter.
 *
 * How the day D is applied (without a date the CLI and the API pass today, when nothing is booked
 * after D and the claim states are taken as they are):
 * - Claims: every invoice of the customer issued by D, paid or open now (cancelled and written-off
 *   ones left out). It is listed when on D its principal, its costs or interest beyond what was paid
 *   on it is open — so a claim paid since is listed as it stood on D, and a claim whose principal is
 *   paid but whose costs or interest are not is listed with principal 0.
 * - Principal: the invoiced amount less payments, Skonto and write-offs credited by D (their value
 *   day). A payment undone later (a returned direct debit) counts as never made, here as for interest.
 * - Costs (§367 BGB "Kosten"): the claim's open costs now, less what was charged after D (fees and
 *   flat fees of notices issued after D, bank charges incurred after D), plus what payments credited
 *   after D paid on costs.
 * - Interest (§§286, 288 BGB): computed by the domain from the first day of default to D (excluded),
 *   on the principal as payments up to D left it; only notices issued by D count as reminders.
 *   Interest paid: as now, less what payments credited after D paid on interest.
 */
import {
  claimsOfCustomerIssuedBy,
  type NoticeCostRow,
  noticeCostsAfter,
  type StatementClaimRow,
} from '../db/claim-statement-repository.ts';
import { noticeHistoryOf } from '../db/dunning-repository.ts';
import { type DisputeRow, disputesOf } from '../db/hold-repository.ts';
import { principalPaymentsOf } from '../db/payment-repository.ts';
import { findTenantById } from '../db/tenant-repository.ts';
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import type { DunningChannel } from '../domain/dunning-policy.ts';
import { type ClaimFacts, type NoticeItem, statementOfClaims } from '../domain/evaluate-dunning.ts';
import type { DayCountConvention } from '../domain/day-count.ts';
import { Money } from '../domain/money.ts';
import { type NoticeDocumentItem, renderNoticePdf } from '../documents/notice-pdf.ts';
import { AppError } from './app-error.ts';
import { getCompanyProfile } from './company-service.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { customerFactsOf, interestDetail, loadPolicies, policyOfCustomer } from './dunning-run-service.ts';
import { documentCustomer, interestSegmentsOf } from './document-service.ts';
import type { CustomerRow } from '../db/customer-repository.ts';
import type { ServiceContext } from './service-context.ts';
import { getTemplate } from './template-service.ts';

export interface ClaimStatement {
  customerNumber: string;
  asOf: CalendarDate;
  items: NoticeDocumentItem[];
  totalCents: number;
}

function itemOf(item: NoticeItem, claim: StatementClaimRow): NoticeDocumentItem {
  return {
    invoiceNumber: item.invoiceNumber ?? item.claimId,
    issuedOn: claim.issuedOn as CalendarDate,
    dueDate: item.dueDate,
    grossCents: claim.grossCents,
    openPrincipalCents: item.openPrincipal.minor,
    openCostsCents: item.openCosts.minor,
    interestCents: item.interest?.interest.minor ?? 0,
    interestPaidCents: item.interestPaid.minor,
    flatFeeCents: item.flatFee.minor,
    totalCents: item.total.minor,
    interestSegments: interestSegmentsOf(interestDetail(item)),
  };
}

/**
 * The costs notices charged, one per charge, as their approval books them (notice-service): each
 * item's flat fee on its claim, the notice's fee on its oldest claim that was already in default
 * (none: the fee was not booked). `rows` come ordered by notice, then due date.
 */
export function noticeCharges(
  rows: readonly NoticeCostRow[],
): { invoiceId: number; kind: 'flat-fee' | 'fee'; issuedOn: string; cents: number }[] {
  const charges: { invoiceId: number; kind: 'flat-fee' | 'fee'; issuedOn: string; cents: number }[] = [];
  const feeBooked = new Set<number>();
  for (const row of rows) {
    if (row.flatFeeCents > 0) {
      charges.push({
        invoiceId: row.invoiceId,
        kind: 'flat-fee',
        issuedOn: row.issuedOn,
        cents: row.flatFeeCents,
      });
    }
    if (row.feeCents > 0 && row.alreadyInDefault && !feeBooked.has(row.noticeId)) {
      charges.push({ invoiceId: row.invoiceId, kind: 'fee', issuedOn: row.issuedOn, cents: row.feeCents });
      feeBooked.add(row.noticeId);
    }
  }
  return charges;
}

/** The costs the notices issued after the day charged, by claim. */
function noticeCostsByClaim(rows: readonly NoticeCostRow[]): Map<number, number> {
  const costs = new Map<number, number>();
  for (const c of noticeCharges(rows)) costs.set(c.invoiceId, (costs.get(c.invoiceId) ?? 0) + c.cents);
  return costs;
}

function groupByClaim<T extends { invoiceId: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.invoiceId);
    if (list) list.push(row);
    else map.set(row.invoiceId, [row]);
  }
  return map;
}

interface ClaimHistory {
  notices: Awaited<ReturnType<typeof noticeHistoryOf>>;
  principalPayments: Awaited<ReturnType<typeof principalPaymentsOf>>;
  disputes: DisputeRow[];
  /** Costs charged by notices issued after the day. */
  noticeCostsAfterCents: number;
}

/** The facts of a claim as they stood on `asOf` (see the module comment). */
function claimFactsAsOf(claim: StatementClaimRow, asOf: CalendarDate, history: ClaimHistory): ClaimFacts {
  const money = (cents: number) => Money.of(cents, claim.currency);
  return {
    claimId: String(claim.invoiceId),
    invoiceNumber: claim.number,
    invoiceDate: claim.issuedOn as CalendarDate,
    dueDate: claim.dueDate as CalendarDate,
    dueDateFixedByCalendar: claim.dueDateFixedByCalendar,
    ...(claim.receivedOn ? { invoiceReceivedOn: claim.receivedOn as CalendarDate } : {}),
    invoiceCarriesThirtyDayNotice: claim.thirtyDayNotice,
    principal: money(claim.grossCents),
    // All of them: the domain counts those credited by its `today` only.
    principalPayments: history.principalPayments.map((p) => ({
      date: p.effectiveOn as CalendarDate,
      amount: money(p.amountCents),
    })),
    openCosts: money(
      claim.openCostsCents -
        history.noticeCostsAfterCents -
        claim.claimCostsAfterCents +
        claim.costsPaidAfterCents,
    ),
    interestPaid: money(claim.interestPaidCents - claim.interestPaidAfterCents),
    notices: history.notices
      .filter((n) => n.status !== 'proposed' && n.issuedOn <= asOf)
      .map((n) => ({
        stageKey: n.stageKey,
        sentOn: n.issuedOn as CalendarDate,
        channel: n.channel as DunningChannel,
        paymentDeadline: n.paymentDeadline as CalendarDate | null,
        claimedFlatFee: n.flatFeeCents > 0,
      })),
    // As in the daily run: a dispute pauses interest from its opening until the day before its
    // resolution, or through its expiry.
    disputes: history.disputes.map((d) => ({
      from: d.openedOn as CalendarDate,
      to: (d.resolvedOn
        ? addDays(d.resolvedOn as CalendarDate, -1)
        : (d.expiresOn ?? null)) as CalendarDate | null,
    })),
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
  const { db, tenantId } = ctx;
  const [tenant, policies, claims, noticeCosts] = await Promise.all([
    findTenantById(db, tenantId),
    loadPolicies(ctx),
    claimsOfCustomerIssuedBy(db, tenantId, customer.id, asOf),
    noticeCostsAfter(db, tenantId, customer.id, asOf),
  ]);
  // The policy and the customer's facts as the daily run sees them; the claims are the statement's own.
  const loaded = policyOfCustomer(customer, policies);
  if (!loaded) throw new AppError('not-found', `no dunning policy applies to customer ${customer.number}`);
  const invoiceIds = claims.map((c) => c.invoiceId);
  const [notices, payments, disputes] = await Promise.all([
    noticeHistoryOf(db, tenantId, invoiceIds),
    principalPaymentsOf(db, tenantId, invoiceIds),
    disputesOf(db, tenantId, invoiceIds),
  ]);
  const costsAfter = noticeCostsByClaim(noticeCosts);
  const [noticesBy, paymentsBy, disputesBy] = [
    groupByClaim(notices),
    groupByClaim(payments),
    groupByClaim(disputes),
  ];
  const claimFacts = claims.map((claim) =>
    claimFactsAsOf(claim, asOf, {
      notices: noticesBy.get(claim.invoiceId) ?? [],
      principalPayments: paymentsBy.get(claim.invoiceId) ?? [],
      disputes: disputesBy.get(claim.invoiceId) ?? [],
      noticeCostsAfterCents: costsAfter.get(claim.invoiceId) ?? 0,
    }),
  );
  const settings = (tenant?.settings ?? {}) as { dayCount?: DayCountConvention };
  const items = statementOfClaims(
    loaded.policy,
    { ...customerFactsOf(customer), claims: claimFacts },
    {
      today: asOf,
      state: tenant?.state ?? 'BE',
      ...(settings.dayCount ? { dayCount: settings.dayCount } : {}),
    },
  );
  const byId = new Map(claims.map((c) => [String(c.invoiceId), c]));
  const mapped = items.map((item) => itemOf(item, byId.get(item.claimId) as StatementClaimRow));
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
