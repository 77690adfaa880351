/**
 * @module collection-service
 * Escalation to a collection agency or a lawyer (Inkasso): handing claims over, the case file,
 * what the agency reports as collected (booked with its costs), and closing or returning a case.
 *
 * - Handover: the named claims (all open, due ones when none are named) with what the statement
 *   claims on the day — principal, costs incl. the € 40 flat fee (booked now, as an approved notice
 *   would), interest — are recorded with the case. From then the company's own dunning holds them
 *   back (`handed-over`), and pending proposals for them are cancelled. Refused: claims not yet due,
 *   disputed, in an active instalment plan, or in another open case.
 * - Remittance: the agency reports what it collected from the debtor, the collection costs it
 *   charged the debtor (damages for default, § 288 Abs. 4 BGB; booked as costs of the oldest claim,
 *   so § 367 BGB pays them first) and what it kept from the amount forwarded. The collected amount
 *   is booked as a payment (source `agency`) to the case's claims in their order; the amount kept
 *   is the company's expense and never reduces the debtor's debt.
 * - Closing: `returned` gives the claims back to the company's dunning; `closed` ends the case,
 *   writing off what is still open on its claims when a reason is given (bad debt).
 */
import { z } from 'zod';
import {
  caseHoldsOf,
  chargeClaimCosts,
  type CollectionCaseDetail,
  findCollectionCase,
  insertCollectionCase,
  insertRemittance,
  listCollectionCases,
  lockCollectionCase,
  noticesOfClaims,
  OPEN_CASE_STATUSES,
  setCaseStatus,
} from '../db/collection-repository.ts';
import { appendEvents, readEventsOf, type StoredEvent } from '../db/event-store.ts';
import { disputesOf } from '../db/hold-repository.ts';
import { chargeFlatFee, planHoldsOf } from '../db/instalment-plan-repository.ts';
import { invoicesOfCustomer } from '../db/invoice-repository.ts';
import { cancelPendingItems } from '../db/notice-repository.ts';
import { lockOpenClaimsOfCustomer } from '../db/payment-repository.ts';
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { appendCopies, type CaseFileClaim, renderCaseFileCover } from '../documents/case-file-pdf.ts';
import { amountCell, writeCsv } from '../formats/csv-write.ts';
import { AppError } from './app-error.ts';
import { type ClaimStatement, statementOf } from './claim-statement-service.ts';
import { getCompanyProfile } from './company-service.ts';
import { documentCustomer, invoicePdf, noticePdf } from './document-service.ts';
import { cancellationEvents } from './hold-service.ts';
import { parseInput } from './parse-input.ts';
import { bookPaymentInTransaction } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';
import {
  customerRef,
  findCustomerByRef,
  oneCustomer,
  parseMoney,
  writeOffInTransaction,
} from './write-off-service.ts';

const handoverSchema = z
  .object({
    ...customerRef,
    /** The claims to hand over; none named: every open claim of the customer that is due. */
    invoiceNumbers: z.array(z.string().min(1)).min(1).optional(),
    handedOverOn: calendarDateSchema,
    kind: z.enum(['agency', 'lawyer']).default('agency'),
    agencyName: z.string().trim().min(1).max(200),
    agencyReference: z.string().trim().min(1).max(100).nullable().optional(),
  })
  .refine(...oneCustomer);

export type HandoverInput = z.input<typeof handoverSchema>;

export interface CollectionCaseView {
  id: number;
  customerId: number;
  customerNumber: string;
  customerName: string;
  kind: 'agency' | 'lawyer';
  agencyName: string;
  agencyReference: string | null;
  handedOverOn: string;
  status: CollectionCaseDetail['collectionCase']['status'];
  closedOn: string | null;
  /** What was claimed on the handover day, per claim, and what is open on it now. */
  claims: {
    invoiceId: number;
    invoiceNumber: string;
    dueDate: string;
    status: string;
    principalCents: number;
    costsCents: number;
    interestCents: number;
    totalCents: number;
  }[];
  handedOverCents: number;
  remittances: {
    id: number;
    reportedOn: string;
    collectedCents: number;
    debtorCostsCents: number;
    retainedCents: number;
    forwardedCents: number;
    paymentId: number | null;
  }[];
  collectedCents: number;
  forwardedCents: number;
}

function viewOf(detail: CollectionCaseDetail): CollectionCaseView {
  const c = detail.collectionCase;
  const claims = detail.claims.map((claim) => ({
    invoiceId: claim.invoiceId,
    invoiceNumber: claim.invoiceNumber,
    dueDate: claim.dueDate,
    status: claim.status,
    principalCents: claim.principalCents,
    costsCents: claim.costsCents,
    /** Interest owed on the handover day: accrued less paid. */
    interestCents: claim.interestCents - claim.interestPaidCents,
    totalCents: claim.principalCents + claim.costsCents + claim.interestCents - claim.interestPaidCents,
  }));
  const remittances = detail.remittances.map((r) => ({
    id: r.id,
    reportedOn: r.reportedOn,
    collectedCents: r.collectedCents,
    debtorCostsCents: r.debtorCostsCents,
    retainedCents: r.retainedCents,
    forwardedCents: r.collectedCents - r.retainedCents,
    paymentId: r.paymentId,
  }));
  return {
    id: c.id,
    customerId: c.customerId,
    customerNumber: detail.customerNumber,
    customerName: detail.customerName,
    kind: c.kind,
    agencyName: c.agencyName,
    agencyReference: c.agencyReference,
    handedOverOn: c.handedOverOn,
    status: c.status,
    closedOn: c.closedOn,
    claims,
    handedOverCents: claims.reduce((s, x) => s + x.totalCents, 0),
    remittances,
    collectedCents: remittances.reduce((s, r) => s + r.collectedCents, 0),
    forwardedCents: remittances.reduce((s, r) => s + r.forwardedCents, 0),
  };
}

export async function getCollectionCase(ctx: ServiceContext, id: number): Promise<CollectionCaseView> {
  const detail = await findCollectionCase(ctx.db, ctx.tenantId, id);
  if (!detail) throw new AppError('not-found', `collection case ${id} not found`);
  return viewOf(detail);
}

export async function listCases(ctx: ServiceContext, filter: { customerId?: number; open?: boolean } = {}) {
  const rows = await listCollectionCases(ctx.db, ctx.tenantId, {
    ...(filter.customerId !== undefined ? { customerId: filter.customerId } : {}),
    ...(filter.open ? { statuses: OPEN_CASE_STATUSES } : {}),
  });
  return rows.map((r) => ({
    id: r.collectionCase.id,
    customerId: r.collectionCase.customerId,
    customerNumber: r.customerNumber,
    customerName: r.customerName,
    kind: r.collectionCase.kind,
    agencyName: r.collectionCase.agencyName,
    handedOverOn: r.collectionCase.handedOverOn,
    status: r.collectionCase.status,
    closedOn: r.collectionCase.closedOn,
    claims: r.claims,
    handedOverCents: r.handedOverCents,
    collectedCents: r.collectedCents,
  }));
}

export async function handOverClaims(
  ctx: ServiceContext,
  raw: HandoverInput,
): Promise<CollectionCaseView & { leftOut: { invoiceNumber: string; reason: string }[] }> {
  const input = parseInput(handoverSchema, raw, 'handover');
  const on = input.handedOverOn;
  const customer = await findCustomerByRef(ctx, input);
  const statement = await statementOf(ctx, customer, on);
  const invoices = new Map(
    (await invoicesOfCustomer(ctx.db, ctx.tenantId, customer.id)).map((r) => [r.invoice.number, r.invoice]),
  );
  const wanted =
    input.invoiceNumbers ??
    statement.items.filter((i) => i.openPrincipalCents > 0 && i.dueDate < on).map((i) => i.invoiceNumber);
  if (wanted.length === 0) {
    throw new AppError('conflict', `customer ${customer.number} has no claims due on ${on} to hand over`);
  }
  const chosen = wanted.map((number, i) => {
    const path = input.invoiceNumbers ? `invoiceNumbers.${i}` : 'invoiceNumbers';
    const invoice = invoices.get(number);
    const item = statement.items.find((s) => s.invoiceNumber === number);
    if (!invoice || invoice.status !== 'open' || !item) {
      throw new AppError(
        'validation',
        `${path}: ${number} is not an open claim of customer ${customer.number} on ${on}`,
        {
          issues: [{ path, message: `${number} is not open` }],
        },
      );
    }
    if (item.dueDate >= on) {
      throw new AppError('validation', `${path}: ${number} is not due before ${on} (due ${item.dueDate})`, {
        issues: [{ path, message: 'not yet due' }],
      });
    }
    return { invoice, item };
  });
  const [cases, plans, disputes] = await Promise.all([
    caseHoldsOf(
      ctx.db,
      ctx.tenantId,
      chosen.map((c) => c.invoice.id),
    ),
    planHoldsOf(
      ctx.db,
      ctx.tenantId,
      chosen.map((c) => c.invoice.id),
    ),
    disputesOf(
      ctx.db,
      ctx.tenantId,
      chosen.map((c) => c.invoice.id),
    ),
  ]);
  const problemOf = (invoice: { id: number; number: string }): string | null => {
    const inCase = cases.get(invoice.id);
    if (inCase !== undefined) return `invoice ${invoice.number} is already handed over (case ${inCase})`;
    if (plans.get(invoice.id)?.status === 'active') {
      return `invoice ${invoice.number} is in an active instalment plan: cancel the plan or wait until it breaks`;
    }
    const open = disputes.find(
      (d) => d.invoiceId === invoice.id && d.openedOn <= on && (d.resolvedOn === null || d.resolvedOn > on),
    );
    return open ? `invoice ${invoice.number} is disputed (${open.reason}): resolve the dispute first` : null;
  };
  // Named claims must all qualify; of "all due claims", those that cannot go are left out and said.
  const leftOut: { invoiceNumber: string; reason: string }[] = [];
  for (const { invoice } of [...chosen]) {
    const problem = problemOf(invoice);
    if (!problem) continue;
    if (input.invoiceNumbers) throw new AppError('conflict', problem);
    leftOut.push({ invoiceNumber: invoice.number, reason: problem });
    chosen.splice(
      chosen.findIndex((c) => c.invoice.id === invoice.id),
      1,
    );
  }
  if (chosen.length === 0) {
    throw new AppError('conflict', `nothing to hand over: ${leftOut.map((l) => l.reason).join('; ')}`);
  }
  const ids = chosen.map((c) => c.invoice.id);
  const claims = chosen.map(({ invoice, item }) => ({
    invoiceId: invoice.id,
    principalCents: item.openPrincipalCents,
    costsCents: item.openCostsCents + item.flatFeeCents,
    interestCents: item.interestCents,
    interestPaidCents: item.interestPaidCents,
  }));
  const owed = (c: (typeof claims)[number]) =>
    c.principalCents + c.costsCents + c.interestCents - c.interestPaidCents;
  const id = await ctx.db.transaction(async (tx) => {
    for (const { invoice, item } of chosen) {
      if (item.flatFeeCents > 0)
        await chargeFlatFee(tx, ctx.tenantId, invoice.id, item.flatFeeCents, ctx.now());
    }
    const created = await insertCollectionCase(
      tx,
      {
        tenantId: ctx.tenantId,
        customerId: customer.id,
        kind: input.kind,
        agencyName: input.agencyName,
        agencyReference: input.agencyReference ?? null,
        handedOverOn: on,
      },
      claims,
    );
    const cancelled = await cancelPendingItems(tx, ctx.tenantId, ids, `handed over to ${input.agencyName}`);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'collection.handed-over',
          entityType: 'collection-case',
          entityId: created.id,
          customerId: customer.id,
          payload: {
            kind: input.kind,
            agencyName: input.agencyName,
            handedOverOn: on,
            claims: claims.map((c, i) => ({ invoiceNumber: chosen[i]?.invoice.number, ...c })),
            leftOut,
            totalCents: claims.reduce((s, c) => s + owed(c), 0),
          },
        },
        ...cancellationEvents(cancelled, 'handed over to collection'),
      ],
      ctx.now(),
    );
    return created.id;
  });
  return { ...(await getCollectionCase(ctx, id)), leftOut };
}

const remittanceSchema = z.object({
  reportedOn: calendarDateSchema,
  /** Collected from the debtor, as a decimal amount. */
  collected: z.string().min(1),
  /** Collection costs the agency charged the debtor on top (part of what it collected). */
  debtorCosts: z.string().min(1).optional(),
  /** Kept by the agency out of what it collected (its costs and commission). */
  retained: z.string().min(1).optional(),
  reference: z.string().trim().max(200).optional(),
});

export type RemittanceInput = z.input<typeof remittanceSchema>;

async function openCaseOrFail(ctx: ServiceContext, caseId: number): Promise<CollectionCaseDetail> {
  const detail = await findCollectionCase(ctx.db, ctx.tenantId, caseId);
  if (!detail) throw new AppError('not-found', `collection case ${caseId} not found`);
  if (!OPEN_CASE_STATUSES.includes(detail.collectionCase.status)) {
    throw new AppError(
      'conflict',
      `collection case ${caseId} is ${detail.collectionCase.status} since ${detail.collectionCase.closedOn}`,
    );
  }
  return detail;
}

/** Books what the agency reported as collected, with the costs it charged the debtor. */
export async function recordRemittance(
  ctx: ServiceContext,
  caseId: number,
  raw: RemittanceInput,
): Promise<CollectionCaseView> {
  const input = parseInput(remittanceSchema, raw, 'remittance');
  const collected = parseMoney(input.collected, 'collected');
  const debtorCosts =
    input.debtorCosts === undefined ? Money.zero('EUR') : parseMoneyOrZero(input.debtorCosts, 'debtorCosts');
  const retained =
    input.retained === undefined ? Money.zero('EUR') : parseMoneyOrZero(input.retained, 'retained');
  if (retained.compare(collected) > 0) {
    throw new AppError(
      'validation',
      `retained: the agency cannot keep more than it collected (${collected.toDecimalString()})`,
      {
        issues: [{ path: 'retained', message: 'more than collected' }],
      },
    );
  }
  const detail = await openCaseOrFail(ctx, caseId);
  const c = detail.collectionCase;
  if (input.reportedOn < c.handedOverOn) {
    throw new AppError(
      'validation',
      `reportedOn: ${input.reportedOn} lies before the handover (${c.handedOverOn})`,
      {
        issues: [{ path: 'reportedOn', message: `must be ${c.handedOverOn} or later` }],
      },
    );
  }
  await ctx.db.transaction(async (tx) => {
    await lockCollectionCase(tx, ctx.tenantId, caseId);
    const open = await lockOpenClaimsOfCustomer(tx, ctx.tenantId, c.customerId);
    const openIds = new Set(open.map((o) => o.invoiceId));
    const caseClaims = detail.claims.filter((claim) => openIds.has(claim.invoiceId));
    if (caseClaims.length === 0) {
      throw new AppError('conflict', `nothing is open on the claims of collection case ${caseId}`);
    }
    if (debtorCosts.isPositive()) {
      await chargeClaimCosts(tx, ctx.tenantId, {
        invoiceId: (caseClaims[0] as { invoiceId: number }).invoiceId,
        kind: 'collection-costs',
        amountCents: debtorCosts.minor,
        incurredOn: input.reportedOn,
        description: `Inkassokosten ${c.agencyName}`,
      });
    }
    const booked = await bookPaymentInTransaction(tx, ctx, {
      customer: { id: c.customerId, number: detail.customerNumber },
      amount: collected,
      receivedOn: input.reportedOn,
      invoiceNumbers: caseClaims.map((claim) => claim.invoiceNumber),
      reference: [`Inkasso ${c.agencyName}`, c.agencyReference, input.reference]
        .filter(Boolean)
        .join(' ')
        .slice(0, 500),
      payerName: c.agencyName,
      payerIban: null,
      source: 'agency',
      skonto: false,
    });
    const remittance = await insertRemittance(tx, {
      tenantId: ctx.tenantId,
      caseId,
      reportedOn: input.reportedOn,
      collectedCents: collected.minor,
      debtorCostsCents: debtorCosts.minor,
      retainedCents: retained.minor,
      paymentId: booked.payment.id,
    });
    await setCaseStatus(tx, ctx.tenantId, caseId, 'agency-paid', null);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'collection.remittance',
          entityType: 'collection-case',
          entityId: caseId,
          customerId: c.customerId,
          payload: {
            remittanceId: remittance.id,
            reportedOn: input.reportedOn,
            collectedCents: collected.minor,
            debtorCostsCents: debtorCosts.minor,
            retainedCents: retained.minor,
            forwardedCents: collected.minor - retained.minor,
            paymentId: booked.payment.id,
          },
        },
      ],
      ctx.now(),
    );
  });
  return getCollectionCase(ctx, caseId);
}

function parseMoneyOrZero(text: string, path: string): Money {
  return /^\s*0+([.,]0+)?\s*$/.test(text) ? Money.zero('EUR') : parseMoney(text, path);
}

const closeSchema = z.object({
  closedOn: calendarDateSchema,
  outcome: z.enum(['closed', 'returned']),
  /** With `closed`: what is still open on the case's claims is written off with this reason. */
  writeOffReason: z.string().trim().min(1).max(2000).optional(),
  note: z.string().trim().max(2000).optional(),
});

export type CloseCaseInput = z.input<typeof closeSchema>;

export async function closeCollectionCase(
  ctx: ServiceContext,
  caseId: number,
  raw: CloseCaseInput,
): Promise<CollectionCaseView> {
  const input = parseInput(closeSchema, raw, 'closing');
  const detail = await openCaseOrFail(ctx, caseId);
  const c = detail.collectionCase;
  if (input.closedOn < c.handedOverOn) {
    throw new AppError(
      'validation',
      `closedOn: ${input.closedOn} lies before the handover (${c.handedOverOn})`,
      {
        issues: [{ path: 'closedOn', message: `must be ${c.handedOverOn} or later` }],
      },
    );
  }
  if (input.outcome === 'returned' && input.writeOffReason) {
    throw new AppError(
      'validation',
      'writeOffReason: a returned case gives its claims back; nothing is written off',
      {
        issues: [{ path: 'writeOffReason', message: 'only with outcome closed' }],
      },
    );
  }
  const customer = { id: c.customerId, number: detail.customerNumber };
  // The interest given up is what the statement shows on the day; read before the transaction.
  const statement =
    input.writeOffReason === undefined
      ? null
      : await statementOf(ctx, await findCustomerByRef(ctx, { customerId: c.customerId }), input.closedOn);
  await ctx.db.transaction(async (tx) => {
    await lockCollectionCase(tx, ctx.tenantId, caseId);
    const open = await lockOpenClaimsOfCustomer(tx, ctx.tenantId, c.customerId);
    const stillOpen = detail.claims.filter((claim) => open.some((o) => o.invoiceId === claim.invoiceId));
    if (input.outcome === 'closed' && stillOpen.length > 0 && !statement) {
      throw new AppError(
        'conflict',
        `claims ${stillOpen.map((s) => s.invoiceNumber).join(', ')} of case ${caseId} are still open: ` +
          'give a write-off reason to write them off, or return the case',
        { issues: [{ path: 'writeOffReason', message: 'required while claims are open' }] },
      );
    }
    if (input.outcome === 'closed' && stillOpen.length > 0 && statement) {
      await writeOffInTransaction(
        tx,
        ctx,
        customer,
        stillOpen.map((claim) => {
          const item = statement.items.find((i) => i.invoiceNumber === claim.invoiceNumber);
          return {
            invoiceId: claim.invoiceId,
            invoiceNumber: claim.invoiceNumber,
            interestCents: item ? Math.max(0, item.interestCents - item.interestPaidCents) : 0,
          };
        }),
        { on: input.closedOn, kind: 'bad-debt', reason: input.writeOffReason as string, caseId },
      );
    }
    await setCaseStatus(tx, ctx.tenantId, caseId, input.outcome, input.closedOn);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: input.outcome === 'returned' ? 'collection.returned' : 'collection.closed',
          entityType: 'collection-case',
          entityId: caseId,
          customerId: c.customerId,
          payload: {
            closedOn: input.closedOn,
            stillOpen: stillOpen.map((s) => s.invoiceNumber),
            writtenOff: input.outcome === 'closed' ? stillOpen.map((s) => s.invoiceNumber) : [],
            ...(input.writeOffReason ? { writeOffReason: input.writeOffReason } : {}),
            ...(input.note ? { note: input.note } : {}),
          },
        },
      ],
      ctx.now(),
    );
  });
  return getCollectionCase(ctx, caseId);
}

/** One line of the history: what happened, in German, for the agency. */
export function describeEvent(event: StoredEvent): string {
  const p = event.payload;
  const eur = (cents: unknown) => formatMoney(Money.of(Number(cents ?? 0), 'EUR'), 'de');
  switch (event.type) {
    case 'customer.created':
      return 'Kunde angelegt';
    case 'invoice.created':
      return `Rechnung ${String(p.number ?? event.entityId)} erstellt`;
    case 'notice.approved':
      return `Mahnschreiben freigegeben (${String(p.stageKey)}, ${String(p.channel)}), ${eur(p.totalCents)}`;
    case 'notice.sent':
      return `Mahnschreiben versandt per ${String(p.channel)}${p.recipient ? ` an ${String(p.recipient)}` : ''}`;
    case 'payment.recorded':
      return `Zahlung ${eur(p.amountCents)} gebucht`;
    case 'payment.reversed':
      return 'Zahlung zurückgebucht (Rücklastschrift/Storno)';
    case 'promise.recorded':
      return `Zahlungszusage bis ${String(p.payBy ?? '')}`;
    case 'promise.kept':
      return 'Zahlungszusage eingehalten';
    case 'promise.broken':
      return 'Zahlungszusage nicht eingehalten';
    case 'dispute.opened':
      return `Einwand erhoben: ${String(p.reason ?? '')}`;
    case 'dispute.resolved':
      return `Einwand erledigt (${String(p.resolution ?? '')})`;
    case 'instalment-plan.agreed':
      return `Ratenzahlung vereinbart über ${eur(p.totalCents)}`;
    case 'instalment-plan.accelerated':
      return 'Ratenzahlung nicht eingehalten: Gesamtbetrag fällig gestellt';
    case 'instalment-plan.completed':
      return 'Ratenzahlung erfüllt';
    case 'instalment-plan.cancelled':
      return 'Ratenzahlung aufgehoben';
    case 'task.completed':
      return `Anruf/Aufgabe erledigt: ${String(p.outcome ?? '')}`;
    case 'collection.handed-over':
      return `Übergabe an ${String(p.agencyName)} über ${eur(p.totalCents)}`;
    case 'collection.remittance':
      return `Inkasso meldet Eingang ${eur(p.collectedCents)}`;
    case 'claim.written-off':
      return `Rechnung ${String(p.invoiceNumber)} ausgebucht: ${String(p.reason)}`;
    default:
      return event.type;
  }
}

/** The payload fields that carry the business day of an event, in the order they are looked for. */
const DAY_FIELDS = [
  'issuedOn',
  'receivedOn',
  'openedOn',
  'resolvedOn',
  'madeOn',
  'agreedOn',
  'acceleratedOn',
  'handedOverOn',
  'reportedOn',
  'writtenOffOn',
  'closedOn',
] as const;

/** The day an event is about (an invoice's date, a payment's credit day), else the day it was recorded. */
export function businessDayOf(event: StoredEvent): string {
  for (const field of DAY_FIELDS) {
    const value = event.payload[field];
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  }
  return event.occurredAt.slice(0, 10);
}

const HISTORY_SKIPPED = new Set([
  'document.archived',
  'notice.proposed',
  'notice.item-cancelled',
  'notice.cancelled',
]);

export interface CaseFile {
  fileBase: string;
  json: Record<string, unknown>;
  csv: string;
  pdf: Uint8Array;
}

function interestBasisOf(item: ClaimStatement['items'][number]): string | null {
  const first = item.interestSegments[0];
  if (!first || item.interestCents - item.interestPaidCents <= 0) return null;
  const points =
    first.baseRatePercent === null ? null : Number(first.ratePercent) - Number(first.baseRatePercent);
  const from = formatCalendarDate(first.from as CalendarDate, 'de');
  return points === null
    ? `${first.ratePercent.replace('.', ',')} % p. a. seit ${from}`
    : `${String(points).replace('.', ',')} Prozentpunkte über dem jeweiligen Basiszinssatz seit ${from}`;
}

/**
 * The case file as of a day (default: today): the statement of the case's claims that are still
 * open, the customer's history, and copies of the invoices and the notices that went out.
 */
export async function caseFile(ctx: ServiceContext, caseId: number, asOf: CalendarDate): Promise<CaseFile> {
  const detail = await findCollectionCase(ctx.db, ctx.tenantId, caseId);
  if (!detail) throw new AppError('not-found', `collection case ${caseId} not found`);
  const c = detail.collectionCase;
  const customer = await findCustomerByRef(ctx, { customerId: c.customerId });
  const numbers = new Set(detail.claims.map((claim) => claim.invoiceNumber));
  const [statement, events, company, notices] = await Promise.all([
    statementOf(ctx, customer, asOf),
    readEventsOf(ctx.db, ctx.tenantId, customer.id),
    getCompanyProfile(ctx),
    noticesOfClaims(
      ctx.db,
      ctx.tenantId,
      detail.claims.map((claim) => claim.invoiceId),
    ),
  ]);
  const items = statement.items.filter((i) => numbers.has(i.invoiceNumber));
  const claims: CaseFileClaim[] = items.map((item) => ({
    invoiceNumber: item.invoiceNumber,
    issuedOn: item.issuedOn,
    dueDate: item.dueDate,
    grossCents: item.grossCents,
    openPrincipalCents: item.openPrincipalCents,
    costsCents: item.openCostsCents + item.flatFeeCents,
    interestCents: Math.max(0, item.interestCents - item.interestPaidCents),
    totalCents: item.totalCents,
    interestBasis: interestBasisOf(item),
  }));
  const history = events
    .filter((e) => !HISTORY_SKIPPED.has(e.type))
    .map((e) => ({
      on: businessDayOf(e),
      recordedAt: e.occurredAt,
      type: e.type,
      what: describeEvent(e),
      actor: e.actor,
      hash: e.hash,
    }))
    // By the day each step is about; steps of one day in the order they were recorded.
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const invoiceCopies = await Promise.all(detail.claims.map((claim) => invoicePdf(ctx, claim.invoiceNumber)));
  const noticeCopies = await Promise.all(notices.map((n) => noticePdf(ctx, n.noticeId)));
  const enclosures = [
    ...detail.claims.map((claim) => `Rechnung ${claim.invoiceNumber}`),
    ...notices.map((n) => `Mahnschreiben Nr. ${n.noticeId} vom ${n.issuedOn} (${n.stageKey})`),
  ];
  const documentCustomerRow = {
    ...documentCustomer(customer),
    debtorKind: customer.debtorKind,
    email: customer.email,
    phone: customer.phone,
  };
  const cover = await renderCaseFileCover({
    company,
    agency: { name: c.agencyName, kind: c.kind, reference: c.agencyReference },
    customer: documentCustomerRow,
    caseId,
    handedOverOn: c.handedOverOn as CalendarDate,
    asOf,
    claims,
    history: history.map((h) => ({ on: h.on, what: h.what })),
    noticesSent: notices.length,
    enclosures,
  });
  const pdf = await appendCopies(cover, [...invoiceCopies, ...noticeCopies]);
  const totalCents = claims.reduce((s, x) => s + x.totalCents, 0);
  const json = {
    caseId,
    asOf,
    handedOverOn: c.handedOverOn,
    status: c.status,
    agency: { name: c.agencyName, kind: c.kind, reference: c.agencyReference },
    creditor: {
      name: company.name,
      address: company.address,
      vatId: company.vatId,
      register: company.register,
      bank: company.bank,
    },
    debtor: {
      number: customer.number,
      name: customer.name,
      kind: customer.debtorKind,
      address: customer.address,
      email: customer.email,
      phone: customer.phone,
      vatId: customer.vatId,
    },
    currency: 'EUR',
    claims: items.map((item, i) => ({
      ...(claims[i] as CaseFileClaim),
      interestPaidCents: item.interestPaidCents,
      interestSegments: item.interestSegments,
    })),
    handedOver: viewOf(detail).claims,
    totalCents,
    history,
    documents: enclosures,
  };
  const csv = writeCsv(
    [
      'Rechnung',
      'Rechnungsdatum',
      'Fällig',
      'Rechnungsbetrag',
      'Hauptforderung offen',
      'Kosten',
      'Zinsen',
      'Summe',
      'Zinsen laufend',
    ],
    claims.map((x) => [
      x.invoiceNumber,
      x.issuedOn,
      x.dueDate,
      amountCell(x.grossCents),
      amountCell(x.openPrincipalCents),
      amountCell(x.costsCents),
      amountCell(x.interestCents),
      amountCell(x.totalCents),
      x.interestBasis,
    ]),
  );
  return { fileBase: `akte-${caseId}-${customer.number}-${asOf}`, json, csv, pdf };
}
