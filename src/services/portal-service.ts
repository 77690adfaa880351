/**
 * @module portal-service
 * What a customer sees and does in the self-service portal, always for the one customer of the
 * portal session: the overview (open invoices, the amount due with the payment reference and the
 * EPC QR code, letters, payments), downloads of the own invoices and notices, and the actions —
 * "paid already", a dispute (with a file), a promise to pay, a new billing e-mail address. (A
 * proposed instalment plan: portal-plan-service.)
 *
 * Each action writes its change, an event on the customer's timeline and a task for the credit
 * controller (portal-context) in one transaction. Effects on dunning: "paid already" pauses dunning
 * of the invoice until `holdUntil` (evaluate-dunning: `reported-paid`) and, like a dispute or a
 * promise, cancels proposals for it that have not gone out.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { updateCustomerRow } from '../db/customer-repository.ts';
import { appendEvents, readEventsPage } from '../db/event-store.ts';
import { invoicesToHold, listDisputes, listPromises } from '../db/hold-repository.ts';
import { planHoldsOf } from '../db/instalment-plan-repository.ts';
import { invoicesOfCustomer } from '../db/invoice-repository.ts';
import { cancelPendingItems, findNotice } from '../db/notice-repository.ts';
import { listPayments } from '../db/payment-repository.ts';
import {
  attachmentsOfDisputes,
  insertDisputeAttachment,
  insertReportedPayment,
  listPlanProposalRows,
  reportedPaymentsOfCustomer,
  sentNoticesOfCustomer,
} from '../db/portal-repository.ts';
import { addDays, type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { paymentReferenceOf } from '../documents/notice-pdf.ts';
import { buildEpcQrPayload, renderEpcQr } from '../formats/epc-qr.ts';
import { AppError } from './app-error.ts';
import { statementOf } from './claim-statement-service.ts';
import { getCompanyProfile } from './company-service.ts';
import { invoicePdf, noticePdf } from './document-service.ts';
import { cancellationEvents, openDispute, recordPromisesToPay } from './hold-service.ts';
import { listPlans } from './instalment-plan-service.ts';
import { parseInput } from './parse-input.ts';
import {
  notifyCreditController,
  ownInvoiceOrFail,
  type PortalContext,
  portalCustomer,
  todayOf,
} from './portal-context.ts';
import { getPortalSettings } from './portal-settings-service.ts';

const eur = (cents: number, language: 'de' | 'en' = 'de') => formatMoney(Money.of(cents), language);
const dayText = (d: string) => formatCalendarDate(d as CalendarDate, 'de');

// ---------------------------------------------------------------------------------------------
// Overview

export interface PortalInvoice {
  id: number;
  number: string;
  issuedOn: string;
  dueDate: string;
  currency: string;
  grossCents: number;
  /** What is owed on it today: open principal, costs and default interest not yet paid. */
  openCents: number;
  overdue: boolean;
  disputed: boolean;
  inInstalmentPlan: boolean;
  /** The customer reported it paid and a person is checking. */
  reportedPaid: boolean;
  /** The day of an open promise to pay. */
  promisedBy: string | null;
}

export interface PortalOverview {
  asOf: string;
  company: {
    name: string;
    email: string | null;
    phone: string | null;
  };
  customer: { number: string; name: string; language: 'de' | 'en'; email: string | null };
  invoices: PortalInvoice[];
  amountDue: {
    /** Open invoices not disputed, not in an instalment plan and not reported paid. */
    totalCents: number;
    currency: 'EUR';
    invoiceNumbers: string[];
    /** The RF creditor reference (one invoice) — else `text` names the customer and invoices. */
    reference: string | null;
    text: string | null;
    bank: { accountHolder: string; iban: string; bic: string | null; bankName: string | null } | null;
    /** The EPC QR code (GiroCode): its payload and a PNG as data URL; null without a bank account or amount. */
    epcQr: { payload: string; pngDataUrl: string } | null;
  };
  documents: {
    kind: 'invoice' | 'notice';
    id: number;
    title: string;
    date: string;
    /** Where the PDF is (GET, with the portal session). */
    href: string;
  }[];
  payments: { id: number; receivedOn: string; amountCents: number; currency: string; reversed: boolean }[];
  disputes: {
    id: number;
    invoiceNumber: string;
    openedOn: string;
    reason: string;
    resolvedOn: string | null;
    resolution: string | null;
    attachments: { fileName: string; mimeType: string; sizeBytes: number }[];
  }[];
  promises: { invoiceNumber: string; madeOn: string; payBy: string; amountCents: number }[];
  reportedPayments: {
    invoiceNumber: string;
    paidOn: string;
    amountCents: number;
    reportedOn: string;
    status: 'open' | 'found' | 'not-found';
  }[];
  plans: {
    id: number;
    agreedOn: string;
    totalCents: number;
    openCents: number;
    next: { dueDate: string; openCents: number } | null;
  }[];
  planProposals: { id: number; proposedOn: string; months: number; totalCents: number }[];
  /** Proposals the company did not accept, in the last 90 days (the internal reason is not shown). */
  declinedProposals: { proposedOn: string; months: number; totalCents: number; declinedOn: string }[];
  /** What the portal allows this company's customers. */
  /** The company's limits; `autoAccept`: a plan within them is agreed at once, else it waits for a person. */
  limits: { promiseMaxDays: number; maxMonths: number; minInstalmentCents: number; autoAccept: boolean };
}

/** How long a proposal the company did not accept stays in the customer's portal. */
const DECLINED_SHOWN_DAYS = 90;

export async function portalOverview(ctx: PortalContext): Promise<PortalOverview> {
  const today = todayOf(ctx);
  const customer = await portalCustomer(ctx);
  const [company, settings, invoiceRows, statement, disputes, promises, reported, payments, notices] =
    await Promise.all([
      getCompanyProfile(ctx),
      getPortalSettings(ctx),
      invoicesOfCustomer(ctx.db, ctx.tenantId, customer.id),
      statementOf(ctx, customer, today).catch((error: unknown) => {
        // No dunning policy applies: what is open comes from the claims alone.
        if (error instanceof AppError && error.code === 'not-found') return null;
        throw error;
      }),
      listDisputes(ctx.db, ctx.tenantId, { customerId: customer.id, limit: 200 }),
      listPromises(ctx.db, ctx.tenantId, { customerId: customer.id, status: 'open', limit: 200 }),
      reportedPaymentsOfCustomer(ctx.db, ctx.tenantId, customer.id),
      listPayments(ctx.db, ctx.tenantId, { customerId: customer.id, after: null, limit: 100 }),
      sentNoticesOfCustomer(ctx.db, ctx.tenantId, customer.id),
    ]);
  const owedBy = new Map((statement?.items ?? []).map((i) => [i.invoiceNumber, i.totalCents]));
  const open = invoiceRows.filter(
    (r) => r.invoice.status === 'open' && r.claim.openPrincipalCents + r.claim.openCostsCents > 0,
  );
  const plans = await planHoldsOf(
    ctx.db,
    ctx.tenantId,
    open.map((r) => r.invoice.id),
  );
  const disputed = new Set(disputes.filter((d) => !d.dispute.resolvedOn).map((d) => d.dispute.invoiceId));
  const reportedOpen = new Set(reported.filter((r) => r.status === 'open').map((r) => r.invoiceId));
  const promisedBy = new Map(promises.map((p) => [p.promise.invoiceId, p.promise.payBy]));
  const numberOf = new Map(invoiceRows.map((r) => [r.invoice.id, r.invoice.number]));
  const invoices: PortalInvoice[] = open.map(({ invoice, claim }) => ({
    id: invoice.id,
    number: invoice.number,
    issuedOn: invoice.issuedOn,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    grossCents: invoice.grossCents,
    openCents: owedBy.get(invoice.number) ?? claim.openPrincipalCents + claim.openCostsCents,
    overdue: invoice.dueDate < today,
    disputed: disputed.has(invoice.id),
    inInstalmentPlan: plans.get(invoice.id)?.status === 'active',
    reportedPaid: reportedOpen.has(invoice.id),
    promisedBy: promisedBy.get(invoice.id) ?? null,
  }));
  const payable = invoices.filter(
    (i) => i.currency === 'EUR' && !i.disputed && !i.inInstalmentPlan && !i.reportedPaid && i.openCents > 0,
  );
  const totalCents = payable.reduce((sum, i) => sum + i.openCents, 0);
  const { reference, text } = paymentReferenceOf(
    customer.number,
    payable.map((i) => i.number),
  );
  const bank = company.bank;
  let epcQr: PortalOverview['amountDue']['epcQr'] = null;
  if (bank && totalCents > 0) {
    const payload = buildEpcQrPayload({
      name: company.name.slice(0, 70),
      iban: bank.iban,
      bic: bank.bic,
      amountCents: totalCents,
      ...(reference ? { reference } : { text }),
    });
    const png = await renderEpcQr(payload, { format: 'png', size: 300 });
    epcQr = { payload, pngDataUrl: `data:image/png;base64,${Buffer.from(png).toString('base64')}` };
  }
  const disputeAttachments = await attachmentsOfDisputes(
    ctx.db,
    ctx.tenantId,
    disputes.map((d) => d.dispute.id),
  );
  const activePlans = await listPlans(ctx, { customerId: customer.id, statuses: ['active'] }, today);
  const proposals = await listPlanProposalRows(ctx.db, ctx.tenantId, customer.id);
  const declined = await readEventsPage(ctx.db, ctx.tenantId, {
    type: 'instalment-plan.proposal-rejected',
    customerId: customer.id,
    from: new Date(`${addDays(today, -DECLINED_SHOWN_DAYS)}T00:00:00Z`),
    beforeSeq: null,
    limit: 20,
  });
  const language = customer.language;
  return {
    asOf: today,
    company: { name: company.name, email: company.email, phone: company.phone },
    customer: { number: customer.number, name: customer.name, language, email: customer.email },
    invoices,
    amountDue: {
      totalCents,
      currency: 'EUR',
      invoiceNumbers: payable.map((i) => i.number),
      reference,
      text,
      bank: bank
        ? { accountHolder: company.name, iban: bank.iban, bic: bank.bic, bankName: bank.bankName }
        : null,
      epcQr,
    },
    documents: [
      ...invoiceRows
        .filter((r) => r.invoice.status !== 'cancelled')
        .map((r) => ({
          kind: 'invoice' as const,
          id: r.invoice.id,
          title: `${language === 'de' ? 'Rechnung' : 'Invoice'} ${r.invoice.number}`,
          date: r.invoice.issuedOn,
          href: `/portal-api/invoices/${r.invoice.id}/pdf`,
        })),
      ...notices.map((n) => ({
        kind: 'notice' as const,
        id: n.id,
        title: `${language === 'de' ? 'Schreiben vom' : 'Letter of'} ${formatCalendarDate(n.issuedOn as CalendarDate, language)}`,
        date: n.issuedOn,
        href: `/portal-api/notices/${n.id}/pdf`,
      })),
    ].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)),
    payments: payments.slice(0, 100).map((p) => ({
      id: p.id,
      receivedOn: p.receivedOn,
      amountCents: p.amountCents,
      currency: p.currency,
      reversed: p.reversedByPaymentId !== null || p.reversesPaymentId !== null,
    })),
    disputes: disputes.map((d) => ({
      id: d.dispute.id,
      invoiceNumber: d.invoiceNumber,
      openedOn: d.dispute.openedOn,
      reason: d.dispute.reason,
      resolvedOn: d.dispute.resolvedOn,
      resolution: d.dispute.resolution,
      attachments: disputeAttachments
        .filter((a) => a.disputeId === d.dispute.id)
        .map((a) => ({ fileName: a.fileName, mimeType: a.mimeType, sizeBytes: a.sizeBytes })),
    })),
    promises: promises.map((p) => ({
      invoiceNumber: p.invoiceNumber,
      madeOn: p.promise.madeOn,
      payBy: p.promise.payBy,
      amountCents: p.promise.amountCents,
    })),
    reportedPayments: reported.map((r) => ({
      invoiceNumber: numberOf.get(r.invoiceId) ?? String(r.invoiceId),
      paidOn: r.paidOn,
      amountCents: r.amountCents,
      reportedOn: r.reportedOn,
      status: r.status,
    })),
    plans: activePlans.map((p) => ({
      id: p.id,
      agreedOn: p.agreedOn,
      totalCents: p.totalCents,
      openCents: p.openCents,
      next: p.standing.next
        ? { dueDate: p.standing.next.dueDate, openCents: p.standing.next.openCents }
        : null,
    })),
    planProposals: proposals.map((p) => {
      const proposal = (p.terms.proposal ?? {}) as { months?: number; totalCents?: number };
      return {
        id: p.id,
        proposedOn: p.agreedOn,
        months: Number(proposal.months ?? 0),
        totalCents: Number(proposal.totalCents ?? 0),
      };
    }),
    declinedProposals: declined.flatMap((event) => {
      const payload = event.payload as { proposedOn?: string; months?: number; totalCents?: number };
      // Rejections recorded before the proposal's content was kept in the event say too little.
      if (!payload.proposedOn) return [];
      return [
        {
          proposedOn: payload.proposedOn,
          months: Number(payload.months ?? 0),
          totalCents: Number(payload.totalCents ?? 0),
          declinedOn: event.occurredAt.slice(0, 10),
        },
      ];
    }),
    limits: {
      promiseMaxDays: settings.promiseMaxDays,
      maxMonths: settings.maxMonths,
      minInstalmentCents: settings.minInstalmentCents,
      autoAccept: settings.autoAccept,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Downloads

async function recordDownload(ctx: PortalContext, kind: 'invoice' | 'notice', id: number): Promise<void> {
  await ctx.db.transaction((tx) =>
    appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'portal.document-downloaded',
          entityType: kind,
          entityId: id,
          customerId: ctx.customerId,
          payload: {},
        },
      ],
      ctx.now(),
    ),
  );
}

/** The customer's own invoice as PDF; anyone else's is not found. */
export async function portalInvoicePdf(
  ctx: PortalContext,
  invoiceId: number,
): Promise<{ fileName: string; pdf: Uint8Array }> {
  const invoice = await ownInvoiceOrFail(ctx, invoiceId, 'id');
  const pdf = await invoicePdf(ctx, invoice.number);
  await recordDownload(ctx, 'invoice', invoice.id);
  return { fileName: `${invoice.number}.pdf`, pdf };
}

/** A letter the customer was sent (approved or sent); anyone else's, or a proposal, is not found. */
export async function portalNoticePdf(
  ctx: PortalContext,
  noticeId: number,
): Promise<{ fileName: string; pdf: Uint8Array }> {
  const notice = await findNotice(ctx.db, ctx.tenantId, noticeId);
  if (
    !notice ||
    notice.customerId !== ctx.customerId ||
    (notice.status !== 'approved' && notice.status !== 'sent') ||
    notice.channel === 'task'
  ) {
    throw new AppError('not-found', `notice ${noticeId} not found`);
  }
  const pdf = await noticePdf(ctx, notice.id);
  await recordDownload(ctx, 'notice', notice.id);
  return { fileName: `schreiben-${notice.issuedOn}-${notice.id}.pdf`, pdf };
}

// ---------------------------------------------------------------------------------------------
// "Paid already"

export const reportPaidSchema = z.object({
  invoiceId: z.number().int().positive().describe('one of the customer’s open invoices'),
  paidOn: calendarDateSchema.describe('the day the customer paid (today or earlier)'),
  amountCents: z.number().int().min(1).max(99_999_999_999).describe('the amount paid, in cents'),
  note: z.string().trim().max(1000).optional().describe('e.g. the account paid from or the reference used'),
});

export interface ReportedPaymentResult {
  reportedPaymentId: number;
  invoiceNumber: string;
  /** Dunning of the invoice pauses through this day while the payment is looked for. */
  holdUntil: string;
}

export async function reportPaidAlready(
  ctx: PortalContext,
  raw: z.input<typeof reportPaidSchema>,
): Promise<ReportedPaymentResult> {
  const input = parseInput(reportPaidSchema, raw, 'paid already');
  const today = todayOf(ctx);
  const invoice = await ownInvoiceOrFail(ctx, input.invoiceId);
  if (input.paidOn > today || input.paidOn < addDays(today, -366)) {
    throw new AppError('validation', 'paidOn: a day within the last year, not in the future', {
      issues: [{ path: 'paidOn', message: `between ${addDays(today, -366)} and ${today}` }],
    });
  }
  if (invoice.status !== 'open') {
    throw new AppError('conflict', `invoice ${invoice.number} is ${invoice.status}: nothing is owed on it`);
  }
  const customer = await portalCustomer(ctx);
  const settings = await getPortalSettings(ctx);
  const holdUntil = addDays(today, settings.reportedPaymentHoldDays);
  return ctx.db.transaction(async (tx) => {
    // One report per invoice pauses dunning: one that could not be confirmed needs a word with us.
    const earlier = (await reportedPaymentsOfCustomer(tx, ctx.tenantId, customer.id)).find(
      (r) => r.invoiceId === invoice.id && r.status !== 'found',
    );
    if (earlier) {
      throw new AppError(
        'conflict',
        earlier.status === 'open'
          ? `you reported invoice ${invoice.number} paid on ${earlier.reportedOn}; we are looking for the payment`
          : `you reported invoice ${invoice.number} paid on ${earlier.reportedOn}, but no payment has arrived; please contact us`,
      );
    }
    const taskId = await notifyCreditController(tx, ctx, customer, {
      kind: 'portal-paid',
      invoiceId: invoice.id,
      title:
        `Kunde meldet Rechnung ${invoice.number} als bezahlt: ${eur(input.amountCents)} am ${dayText(input.paidOn)}` +
        ` – Zahlungseingang suchen (Mahnpause bis ${dayText(holdUntil)})`,
    });
    const row = await insertReportedPayment(tx, {
      tenantId: ctx.tenantId,
      invoiceId: invoice.id,
      customerId: customer.id,
      paidOn: input.paidOn,
      amountCents: input.amountCents,
      note: input.note ?? null,
      reportedOn: today,
      holdUntil,
      taskId,
    });
    const cancelled = await cancelPendingItems(tx, ctx.tenantId, [invoice.id], 'reported paid');
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'portal.paid-reported',
          entityType: 'invoice',
          entityId: invoice.id,
          customerId: customer.id,
          payload: {
            reportedPaymentId: row.id,
            paidOn: input.paidOn,
            amountCents: input.amountCents,
            holdUntil,
            taskId,
          },
        },
        ...cancellationEvents(cancelled, 'reported paid'),
      ],
      ctx.now(),
    );
    return { reportedPaymentId: row.id, invoiceNumber: invoice.number, holdUntil };
  });
}

// ---------------------------------------------------------------------------------------------
// Dispute

export const PORTAL_DISPUTE_REASONS = [
  'not-received',
  'defective',
  'wrong-amount',
  'not-ordered',
  'other',
] as const;
const REASON_LABEL: Record<(typeof PORTAL_DISPUTE_REASONS)[number], string> = {
  'not-received': 'Leistung nicht erhalten',
  defective: 'Mangelhafte Leistung',
  'wrong-amount': 'Betrag falsch',
  'not-ordered': 'Nicht bestellt',
  other: 'Sonstiges',
};

/** The most a dispute's file may have. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export const portalDisputeSchema = z.object({
  invoiceId: z.number().int().positive().describe('one of the customer’s open invoices'),
  reason: z.enum(PORTAL_DISPUTE_REASONS).describe('what is wrong, as one of the given kinds'),
  text: z.string().trim().min(1).max(2000).describe('the customer’s own words'),
  file: z
    .object({
      name: z.string().min(1).max(255).describe('the original file name, kept as a label only'),
      contentBase64: z
        .string()
        .min(1)
        .max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 4)
        .describe('the file, base64; PDF, PNG or JPEG, at most 5 MB'),
    })
    .optional(),
});

const MAGIC: { mimeType: string; bytes: number[] }[] = [
  { mimeType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mimeType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mimeType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The media type by the file's first bytes (its name or a declared type are not trusted). */
export function attachmentTypeOf(content: Uint8Array): string | null {
  return MAGIC.find((m) => m.bytes.every((b, i) => content[i] === b))?.mimeType ?? null;
}

/** A file name to show: the last path segment, letters, digits and a few marks, at most 100 characters. */
export function displayFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(-100);
  return cleaned || 'anhang';
}

function decodeAttachment(file: { name: string; contentBase64: string }) {
  const base64 = file.contentBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) {
    throw new AppError('validation', 'file.contentBase64: not base64', {
      issues: [{ path: 'file.contentBase64', message: 'not base64' }],
    });
  }
  const content = new Uint8Array(Buffer.from(base64, 'base64'));
  if (content.byteLength === 0 || content.byteLength > MAX_ATTACHMENT_BYTES) {
    throw new AppError('validation', 'file: between 1 byte and 5 MB', {
      issues: [{ path: 'file', message: 'between 1 byte and 5 MB' }],
    });
  }
  const mimeType = attachmentTypeOf(content);
  if (!mimeType) {
    throw new AppError('validation', 'file: only PDF, PNG or JPEG files', {
      issues: [{ path: 'file', message: 'only PDF, PNG or JPEG files' }],
    });
  }
  return {
    fileName: displayFileName(file.name),
    mimeType,
    sizeBytes: content.byteLength,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
  };
}

export interface PortalDisputeResult {
  disputeId: number;
  invoiceNumber: string;
  attachment: { fileName: string; mimeType: string; sizeBytes: number } | null;
}

/** A dispute of one of the customer's invoices: dunning of it stops until the company resolves it. */
export async function disputeInvoice(
  ctx: PortalContext,
  raw: z.input<typeof portalDisputeSchema>,
): Promise<PortalDisputeResult> {
  const input = parseInput(portalDisputeSchema, raw, 'dispute');
  const invoice = await ownInvoiceOrFail(ctx, input.invoiceId);
  if (invoice.status !== 'open') {
    throw new AppError('conflict', `invoice ${invoice.number} is ${invoice.status}: nothing to dispute`);
  }
  const attachment = input.file ? decodeAttachment(input.file) : null;
  const customer = await portalCustomer(ctx);
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const open = await listDisputes(tx, ctx.tenantId, {
      customerId: customer.id,
      status: 'open',
      limit: 500,
    });
    if (open.some((d) => d.dispute.invoiceId === invoice.id)) {
      throw new AppError('conflict', `invoice ${invoice.number} is disputed already; we are looking into it`);
    }
    const dispute = await openDispute(
      { ...ctx, db: tx },
      {
        invoiceId: invoice.id,
        openedOn: today,
        reason: `Kundenportal – ${REASON_LABEL[input.reason]}: ${input.text}`.slice(0, 2000),
      },
    );
    const stored = attachment
      ? await insertDisputeAttachment(tx, { tenantId: ctx.tenantId, disputeId: dispute.id, ...attachment })
      : null;
    const taskId = await notifyCreditController(tx, ctx, customer, {
      kind: 'portal-dispute',
      invoiceId: invoice.id,
      title: `Kunde widerspricht Rechnung ${invoice.number} (${REASON_LABEL[input.reason]}): ${input.text}`,
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'portal.dispute-opened',
          entityType: 'invoice',
          entityId: invoice.id,
          customerId: customer.id,
          payload: {
            disputeId: dispute.id,
            reason: input.reason,
            taskId,
            attachment: stored
              ? {
                  id: stored.id,
                  fileName: stored.fileName,
                  mimeType: stored.mimeType,
                  sizeBytes: stored.sizeBytes,
                  sha256: stored.sha256,
                }
              : null,
          },
        },
      ],
      ctx.now(),
    );
    return {
      disputeId: dispute.id,
      invoiceNumber: invoice.number,
      attachment: stored
        ? { fileName: stored.fileName, mimeType: stored.mimeType, sizeBytes: stored.sizeBytes }
        : null,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Promise to pay

export const portalPromiseSchema = z.object({
  invoiceIds: z
    .array(z.number().int().positive())
    .min(1)
    .max(100)
    .describe('the customer’s open invoices the promise covers'),
  payBy: calendarDateSchema.describe(
    'the day the customer will pay by; at most `limits.promiseMaxDays` ahead',
  ),
  amountCents: z
    .number()
    .int()
    .min(1)
    .max(99_999_999_999)
    .optional()
    .describe('default: all that is open on them'),
});

export interface PortalPromiseResult {
  payBy: string;
  amountCents: number;
  invoiceNumbers: string[];
}

export async function promiseToPay(
  ctx: PortalContext,
  raw: z.input<typeof portalPromiseSchema>,
): Promise<PortalPromiseResult> {
  const input = parseInput(portalPromiseSchema, raw, 'promise to pay');
  const today = todayOf(ctx);
  const settings = await getPortalSettings(ctx);
  const latest = addDays(today, settings.promiseMaxDays);
  if (input.payBy < today || input.payBy > latest) {
    throw new AppError('validation', `payBy: between ${today} and ${latest}`, {
      issues: [{ path: 'payBy', message: `between ${today} and ${latest}` }],
    });
  }
  for (const [index, id] of input.invoiceIds.entries())
    await ownInvoiceOrFail(ctx, id, `invoiceIds.${index}`);
  const customer = await portalCustomer(ctx);
  return ctx.db.transaction(async (tx) => {
    const held = await invoicesToHold(tx, ctx.tenantId, input.invoiceIds);
    const openCents = held.reduce((sum, i) => sum + Math.max(0, i.openPrincipalCents + i.openCostsCents), 0);
    const promised = await listPromises(tx, ctx.tenantId, {
      customerId: customer.id,
      status: 'open',
      limit: 500,
    });
    const again = held.filter((i) => promised.some((p) => p.promise.invoiceId === i.id));
    if (again.length > 0) {
      throw new AppError(
        'conflict',
        `you promised to pay ${again.map((i) => i.number).join(', ')} already; that promise stands`,
      );
    }
    const amountCents = input.amountCents ?? openCents;
    await recordPromisesToPay(
      { ...ctx, db: tx },
      {
        customerId: customer.id,
        invoiceIds: input.invoiceIds,
        amountCents,
        madeOn: today,
        payBy: input.payBy,
      },
    );
    const numbers = held.map((i) => i.number);
    const taskId = await notifyCreditController(tx, ctx, customer, {
      kind: 'portal-promise',
      invoiceId: held.length === 1 ? (held[0]?.id ?? null) : null,
      title: `Kunde sagt Zahlung von ${eur(amountCents)} bis ${dayText(input.payBy)} zu (${numbers.join(', ')})`,
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'portal.promise-made',
          entityType: 'customer',
          entityId: customer.id,
          customerId: customer.id,
          payload: { invoiceIds: input.invoiceIds, payBy: input.payBy, amountCents, taskId },
        },
      ],
      ctx.now(),
    );
    return { payBy: input.payBy, amountCents, invoiceNumbers: numbers };
  });
}

// ---------------------------------------------------------------------------------------------
// Billing e-mail

export const billingEmailSchema = z.object({
  email: z.email().max(320).describe('where invoices and reminders go from now on'),
});

export async function updateBillingEmail(
  ctx: PortalContext,
  raw: z.input<typeof billingEmailSchema>,
): Promise<{ email: string }> {
  const input = parseInput(billingEmailSchema, raw, 'billing e-mail');
  const customer = await portalCustomer(ctx);
  return ctx.db.transaction(async (tx) => {
    await updateCustomerRow(tx, ctx.tenantId, customer.id, undefined, { email: input.email });
    const taskId = await notifyCreditController(tx, ctx, customer, {
      kind: 'portal-email',
      title: `Kunde ändert die E-Mail-Adresse für Rechnungen: ${customer.email ?? '(keine)'} → ${input.email}`,
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'portal.billing-email-changed',
          entityType: 'customer',
          entityId: customer.id,
          customerId: customer.id,
          payload: { changed: ['email'], taskId },
        },
      ],
      ctx.now(),
    );
    return { email: input.email };
  });
}
