/**
 * @module document-service
 * Loads what a document needs and renders it: the invoice PDF with its payment terms and EPC QR
 * code for the amount open now; reminder and dunning letters; all letters of a run for the post.
 *
 * A letter is archived as it leaves: the first time an approved notice is rendered (sent by e-mail,
 * printed for the post, downloaded), its PDF is stored with its SHA-256 and a `document.archived`
 * event carries the hash into the audit chain. From then on the letter is those bytes, whatever
 * changes later (template, letterhead, the customer's address) — GoBD asks for business letters as
 * sent. A proposed notice is a preview and is rendered afresh each time.
 */
import { createHash } from 'node:crypto';
import { findArchivedDocument, insertArchivedDocument } from '../db/document-archive-repository.ts';
import { appendEvents } from '../db/event-store.ts';
import { type CustomerRow, findCustomerById } from '../db/customer-repository.ts';
import { findClaimState, findInvoiceByNumber, findInvoiceLines } from '../db/invoice-repository.ts';
import { findTenantById, policyVersions } from '../db/tenant-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { formatPercent } from '../domain/percent.ts';
import { Money } from '../domain/money.ts';
import { parsePaymentTerms, skontoOffers } from '../domain/payment-terms.ts';
import { type InvoiceDocumentCustomer, renderInvoicePdf } from '../documents/invoice-pdf.ts';
import { type InterestSegment, type RenderNoticePdfInput, renderNoticePdf } from '../documents/notice-pdf.ts';
import { findLetterNoticesOfRun, findNoticeWithItems, type NoticeRow } from '../db/notice-repository.ts';
import { getTemplate } from './template-service.ts';
import { PDFDocument } from 'pdf-lib';
import { AppError } from './app-error.ts';
import { getCompanyProfile } from './company-service.ts';
import type { ServiceContext } from './service-context.ts';

/** What a document says about its addressee. */
export function documentCustomer(customer: CustomerRow): InvoiceDocumentCustomer {
  return {
    number: customer.number,
    name: customer.name,
    address: customer.address,
    language: customer.language,
    vatId: customer.vatId,
  };
}

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
      thirtyDayNotice: invoice.thirtyDayNotice,
    },
    lines,
    customer: documentCustomer(customer),
    openCents,
    skonto,
  });
}

/** Everything a notice's letter or e-mail needs, where the e-mail goes, and the notice's status. */
export type NoticeDocument = RenderNoticePdfInput & { email: string | null; status: NoticeRow['status'] };

/** Everything a notice's letter or e-mail needs, and where the e-mail goes. */
export async function loadNoticeDocument(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  noticeId: number,
): Promise<NoticeDocument> {
  const found = await findNoticeWithItems(ctx.db, ctx.tenantId, noticeId);
  if (!found) throw new AppError('not-found', `notice ${noticeId} not found`);
  const { notice, items } = found;
  const [customer, company] = await Promise.all([
    findCustomerById(ctx.db, ctx.tenantId, notice.customerId),
    getCompanyProfile(ctx),
  ]);
  if (!customer) throw new AppError('not-found', `customer of notice ${noticeId} not found`);
  const template = await getTemplate(ctx, notice.templateKey, customer.language);
  // A letter joining invoices at different stages names each invoice's stage.
  const mixed = items.some((i) => i.stageKey !== null && i.stageKey !== notice.stageKey);
  const stageNames = mixed ? await stageNamesOf(ctx, notice.policyKey, notice.policyVersion) : new Map();
  return {
    email: customer.email,
    status: notice.status,
    company,
    customer: documentCustomer(customer),
    notice: {
      id: notice.id,
      issuedOn: notice.issuedOn as CalendarDate,
      paymentDeadline: notice.paymentDeadline as CalendarDate | null,
      currency: notice.currency,
      feeCents: notice.feeCents,
      feeWaivedBecause: notice.feeWaivedBecause,
      totalCents: notice.totalCents,
      announcesEscalation: notice.announcesEscalation,
    },
    items: items.map((i) => ({
      invoiceNumber: i.invoiceNumber,
      issuedOn: i.issuedOn as CalendarDate,
      dueDate: i.dueDate as CalendarDate,
      grossCents: i.grossCents,
      openPrincipalCents: i.openPrincipalCents,
      openCostsCents: i.openCostsCents,
      interestCents: i.interestCents,
      interestPaidCents: i.interestPaidCents,
      flatFeeCents: i.flatFeeCents,
      totalCents: i.totalCents,
      interestSegments: interestSegmentsOf(i.interestDetail),
      stageName: mixed
        ? (stageNames.get(i.stageKey ?? notice.stageKey) ?? i.stageKey ?? notice.stageKey)
        : null,
    })),
    template,
  };
}

/** The names of the stages of one version of a policy, by stage key. */
async function stageNamesOf(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  policyKey: string,
  version: number,
): Promise<Map<string, string>> {
  const row = (await policyVersions(ctx.db, ctx.tenantId, policyKey)).find((p) => p.version === version);
  const stages =
    (row?.document as { stages?: { key?: unknown; name?: unknown }[] } | undefined)?.stages ?? [];
  return new Map(
    stages
      .filter((st) => typeof st.key === 'string')
      .map((st) => [String(st.key), String(st.name ?? st.key)]),
  );
}

/** A reminder or dunning notice as the letter it is (or will be) sent as; see the module comment. */
export async function noticePdf(ctx: ServiceContext, noticeId: number): Promise<Uint8Array> {
  return (await noticeLetter(ctx, noticeId)).pdf;
}

/** The notice's document (for the e-mail around it) and its letter: archived, or rendered now. */
export async function noticeLetter(
  ctx: ServiceContext,
  noticeId: number,
  loaded?: NoticeDocument,
): Promise<{ document: NoticeDocument; pdf: Uint8Array; archived: boolean }> {
  const [document, stored] = await Promise.all([
    loaded ?? loadNoticeDocument(ctx, noticeId),
    findArchivedDocument(ctx.db, ctx.tenantId, 'notice', noticeId),
  ]);
  if (stored) return { document, pdf: stored.content, archived: true };
  const pdf = await renderNoticePdf(document);
  if (document.status !== 'approved' && document.status !== 'sent') return { document, pdf, archived: false };
  return { document, pdf: await archiveNoticePdf(ctx, noticeId, pdf), archived: true };
}

/** Stores the letter unless another process archived it first; returns the bytes that count. */
async function archiveNoticePdf(ctx: ServiceContext, noticeId: number, pdf: Uint8Array): Promise<Uint8Array> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const fileName = `notice-${noticeId}.pdf`;
  const stored = await ctx.db.transaction(async (tx) => {
    const row = { tenantId: ctx.tenantId, entityType: 'notice' as const, entityId: noticeId };
    if (
      !(await insertArchivedDocument(tx, {
        ...row,
        fileName,
        mimeType: 'application/pdf',
        sha256,
        content: pdf,
      }))
    ) {
      return false;
    }
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'document.archived',
          entityType: 'notice',
          entityId: noticeId,
          payload: { fileName, mimeType: 'application/pdf', bytes: pdf.byteLength, sha256 },
        },
      ],
      ctx.now(),
    );
    return true;
  });
  if (stored) return pdf;
  const first = await findArchivedDocument(ctx.db, ctx.tenantId, 'notice', noticeId);
  if (!first) throw new AppError('conflict', `notice ${noticeId}: the archived letter vanished; try again`);
  return first.content;
}

/** The segments of a stored interest computation, for printing. */
export function interestSegmentsOf(detail: Record<string, unknown> | null): InterestSegment[] {
  const segments = (detail?.segments ?? []) as Record<string, unknown>[];
  return segments
    .filter((s) => Number(s.interestCents) !== 0 || Number(s.days) > 0)
    .map((s) => ({
      from: String(s.from),
      to: String(s.to),
      days: Number(s.days),
      ratePercent: String(s.ratePercent),
      baseRatePercent: s.baseRatePercent === null ? null : String(s.baseRatePercent),
      principalCents: Number(s.principalCents),
      interestCents: Number(s.interestCents),
    }));
}

/** Every letter of a run that goes by post, in one PDF for printing. */
export async function runLettersPdf(
  ctx: ServiceContext,
  runId: number,
): Promise<{ pdf: Uint8Array; letters: number }> {
  const ids = await findLetterNoticesOfRun(ctx.db, ctx.tenantId, runId);
  const merged = await PDFDocument.create();
  for (const id of ids) {
    const source = await PDFDocument.load(await noticePdf(ctx, id));
    for (const page of await merged.copyPages(source, source.getPageIndices())) merged.addPage(page);
  }
  return { pdf: ids.length > 0 ? await merged.save() : new Uint8Array(), letters: ids.length };
}
