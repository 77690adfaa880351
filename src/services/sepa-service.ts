/**
 * @module sepa-service
 * SEPA direct debit (SEPA-Lastschrift): the customers' mandates, and the export of what is due for
 * collection on a day as pain.008.001.08 files.
 *
 * A mandate authorises collections from one account: CORE (any debtor) or B2B (business debtors
 * only, the debtor's bank checks the mandate), recurring (FRST for the first collection, RCUR after)
 * or one-off (a single OOFF collection). It is usable from its signature until revoked; unused for
 * 36 months it expires (EPC rulebook).
 *
 * The export for a collection date takes, for every customer with a usable mandate and no dunning
 * block: the open instalments of active instalment plans due by that date, and the open invoices
 * due by then that are not disputed, not in an active plan (those are collected by instalment),
 * not handed over to collection and not already in a direct debit. Each becomes a direct debit
 * with its end-to-end id, which the bank statement brings back with the credit or the return
 * (statement-import-service books both). German banks take one scheme per file, so CORE and B2B
 * collections go into separate messages. Every file is checked against the ISO schema before it
 * leaves, and written with its events in one transaction.
 *
 * Not enforced, but warned about: a collection date that is no TARGET2 business day, or too close
 * to today for the file to reach the bank one business day ahead (D-1), and invoices issued less
 * than 14 days before the collection (the debtor must be told of a collection in advance — the
 * pre-notification, Vorabankündigung — 14 days unless agreed otherwise).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { type CustomerRow, findCustomerById } from '../db/customer-repository.ts';
import { caseHoldsOf } from '../db/collection-repository.ts';
import { appendEvents, type NewEvent, readEventsPage } from '../db/event-store.ts';
import { disputesOf } from '../db/hold-repository.ts';
import { listInstalmentPlans, paidTowardsPlans, planHoldsOf } from '../db/instalment-plan-repository.ts';
import { findOpenClaims, type OpenClaimRow } from '../db/payment-repository.ts';
import {
  claimNumbersOfPlans,
  countExportedMessages,
  type DirectDebitRow,
  directDebitsOfMessage,
  exportedCollectionsOfMandate,
  findMandate,
  findMandateByReference,
  insertDirectDebits,
  insertMandate,
  instalmentsInDirectDebits,
  invoicesInDirectDebits,
  listMandates as listMandateRows,
  type ListedMandate,
  lockSepaExports,
  type MandateRow,
  markMandatesUsed,
  revokeMandateRow,
  schedulesOfPlans,
  type UsableMandateRow,
  usableMandates,
} from '../db/sepa-repository.ts';
import { addCustomerIban } from '../db/statement-repository.ts';
import { addDays, addMonths, type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { compactIban, isValidIban } from '../domain/iban.ts';
import { coverInstalments } from '../domain/instalment-plan.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import {
  BIC_PATTERN,
  isEeaIban,
  isSepaIdentifier,
  isTargetDay,
  isValidCreditorId,
  MAX_COLLECTION_CENTS,
  nextTargetDay,
  type Pain008Collection,
  type SepaScheme,
  type SequenceType,
  SEQUENCE_TYPES,
  toSepaText,
  writePain008,
} from '../formats/pain008.ts';
import { validatePain008 } from '../formats/schemas/validate-pain008.ts';
import { AppError } from './app-error.ts';
import { getCompanyProfile } from './company-service.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

/** A recurring mandate not used for this long has expired (EPC SDD rulebook). */
const MANDATE_EXPIRY_MONTHS = 36;
/** The usual pre-notification period (Vorabankündigung) unless the debtor agreed to a shorter one. */
const PRE_NOTIFICATION_DAYS = 14;

/** The calendar day of `now` where the machine is: the day a person at this desk means. */
function localDay(now: Date): CalendarDate {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}` as CalendarDate;
}

/** `DE89…3000`: enough to recognise an account in the audit log without spreading it. */
function maskIban(iban: string): string {
  return `${iban.slice(0, 4)}…${iban.slice(-4)}`;
}

// --- mandates -----------------------------------------------------------------------------------

export const mandateInputSchema = z
  .object({
    /** The customer by number (CLI) or by id (API): exactly one of the two. */
    customerNumber: z.string().trim().min(1).optional(),
    customerId: z.number().int().positive().optional(),
    /** Mandatsreferenz: unique per company, up to 35 characters of the SEPA set. */
    reference: z.string().trim().refine(isSepaIdentifier, {
      message:
        "expected 1 to 35 characters of A-Z a-z 0-9 / - ? : ( ) . , ' + and space, not beginning or ending with / nor containing //",
    }),
    signedOn: calendarDateSchema,
    scheme: z.enum(['CORE', 'B2B']).default('CORE'),
    kind: z.enum(['recurring', 'one-off']).default('recurring'),
    /** The account holder; default: the customer's name. */
    debtorName: z.string().trim().min(1).max(70).optional(),
    iban: z
      .string()
      .transform(compactIban)
      .refine(isValidIban, { message: 'expected an IBAN with valid check digits' }),
    bic: z
      .string()
      .trim()
      .transform((b) => b.toUpperCase())
      .refine((b) => BIC_PATTERN.test(b), { message: 'expected a BIC of 8 or 11 characters' })
      .nullable()
      .optional(),
  })
  .refine((m) => (m.customerNumber === undefined) !== (m.customerId === undefined), {
    path: ['customerNumber'],
    message: 'name the customer by customerNumber or customerId (one of them)',
  });

export type MandateInput = z.input<typeof mandateInputSchema>;

export type MandateStatus = 'active' | 'revoked' | 'used' | 'expired';

export interface MandateView {
  id: number;
  customerId: number;
  customerNumber: string;
  customerName: string;
  reference: string;
  signedOn: CalendarDate;
  scheme: SepaScheme;
  kind: 'recurring' | 'one-off';
  debtorName: string;
  iban: string;
  bic: string | null;
  firstCollectedOn: CalendarDate | null;
  lastCollectionDate: CalendarDate | null;
  revokedOn: CalendarDate | null;
  /** On the day asked about: usable, revoked, a one-off mandate used, or expired unused. */
  status: MandateStatus;
}

function expiresAfter(mandate: MandateRow, lastCollectionDate: string | null): CalendarDate {
  return addMonths((lastCollectionDate ?? mandate.signedOn) as CalendarDate, MANDATE_EXPIRY_MONTHS);
}

function statusOf(mandate: MandateRow, lastCollectionDate: string | null, day: CalendarDate): MandateStatus {
  if (mandate.revokedOn !== null && mandate.revokedOn <= day) return 'revoked';
  if (mandate.kind === 'one-off' && mandate.firstCollectedOn !== null) return 'used';
  if (expiresAfter(mandate, lastCollectionDate) < day) return 'expired';
  return 'active';
}

function mandateView(
  mandate: MandateRow,
  customer: { number: string; name: string },
  lastCollectionDate: string | null,
  day: CalendarDate,
): MandateView {
  return {
    id: mandate.id,
    customerId: mandate.customerId,
    customerNumber: customer.number,
    customerName: customer.name,
    reference: mandate.reference,
    signedOn: mandate.signedOn as CalendarDate,
    scheme: mandate.scheme,
    kind: mandate.kind,
    debtorName: mandate.debtorName,
    iban: mandate.iban,
    bic: mandate.bic,
    firstCollectedOn: mandate.firstCollectedOn as CalendarDate | null,
    lastCollectionDate: lastCollectionDate as CalendarDate | null,
    revokedOn: mandate.revokedOn as CalendarDate | null,
    status: statusOf(mandate, lastCollectionDate, day),
  };
}

async function customerOf(
  db: Db,
  tenantId: number,
  ref: { customerNumber?: string | undefined; customerId?: number | undefined },
): Promise<CustomerRow> {
  if (ref.customerNumber !== undefined) return findCustomerOrFail(db, tenantId, ref.customerNumber);
  const customer = await findCustomerById(db, tenantId, ref.customerId as number);
  if (!customer) {
    throw new AppError('not-found', `customer ${ref.customerId} not found`, {
      issues: [{ path: 'customerId', message: 'no such customer' }],
    });
  }
  return customer;
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation', `${path}: ${message}`, { issues: [{ path, message }] });
}

/** Records a signed mandate; its IBAN is learnt for recognising the customer's transfers. */
export async function addMandate(ctx: ServiceContext, raw: MandateInput): Promise<MandateView> {
  const input = parseInput(mandateInputSchema, raw, 'mandate');
  const today = localDay(ctx.now());
  if (input.signedOn > today)
    throw invalid('signedOn', `the mandate cannot be signed after today (${today})`);
  return ctx.db.transaction(async (tx) => {
    const customer = await customerOf(tx, ctx.tenantId, input);
    if (input.scheme === 'B2B' && customer.debtorKind !== 'business') {
      throw invalid(
        'scheme',
        `B2B mandates are for business debtors only; customer ${customer.number} is a consumer (use CORE)`,
      );
    }
    const debtorName = input.debtorName ?? customer.name.slice(0, 70);
    if (toSepaText(debtorName) === '') {
      throw invalid('debtorName', 'the account holder’s name has no letters or digits SEPA can carry');
    }
    if (!isEeaIban(input.iban)) {
      if (!input.bic) throw invalid('bic', 'an account outside the EEA needs the BIC of its bank');
      if (!customer.address) {
        throw invalid(
          'iban',
          `a debtor outside the EEA needs a postal address: give customer ${customer.number} an address first`,
        );
      }
    }
    if (await findMandateByReference(tx, ctx.tenantId, input.reference)) {
      throw new AppError('conflict', `mandate reference ${input.reference} exists already`, {
        issues: [{ path: 'reference', message: 'exists already' }],
      });
    }
    const mandate = await insertMandate(tx, {
      tenantId: ctx.tenantId,
      customerId: customer.id,
      reference: input.reference,
      signedOn: input.signedOn,
      scheme: input.scheme,
      kind: input.kind,
      debtorName,
      iban: input.iban,
      bic: input.bic ?? null,
      firstCollectedOn: null,
      revokedOn: null,
    });
    await addCustomerIban(tx, ctx.tenantId, customer.id, input.iban);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'sepa-mandate.added',
          entityType: 'sepa-mandate',
          entityId: mandate.id,
          customerId: customer.id,
          payload: {
            reference: mandate.reference,
            signedOn: mandate.signedOn,
            scheme: mandate.scheme,
            kind: mandate.kind,
            iban: maskIban(mandate.iban),
          },
        },
      ],
      ctx.now(),
    );
    return mandateView(mandate, customer, null, today);
  });
}

/** The company's mandates (or one customer's), newest first, with their status today. */
export async function listMandates(
  ctx: ServiceContext,
  filter: { customerNumber?: string; customerId?: number } = {},
): Promise<MandateView[]> {
  const customerId =
    filter.customerNumber !== undefined || filter.customerId !== undefined
      ? (await customerOf(ctx.db, ctx.tenantId, filter)).id
      : undefined;
  const today = localDay(ctx.now());
  const rows = await listMandateRows(ctx.db, ctx.tenantId, customerId === undefined ? {} : { customerId });
  return rows.map((r: ListedMandate) =>
    mandateView(r.mandate, { number: r.customerNumber, name: r.customerName }, r.lastCollectionDate, today),
  );
}

export interface RevokedMandate {
  mandate: MandateView;
  /** Collections exported under the mandate for the revocation day or later and not yet back. */
  pendingCollections: { endToEndId: string; collectionDate: CalendarDate; amountCents: number }[];
}

/**
 * Ends a mandate from `revokedOn` (default today): no collection under it from that day on.
 * Collections already exported for that day or later are listed: ask the bank to recall them.
 */
export async function revokeMandate(
  ctx: ServiceContext,
  id: number,
  options: { revokedOn?: string | undefined } = {},
): Promise<RevokedMandate> {
  const revokedOn = parseInput(
    z.object({ revokedOn: calendarDateSchema.optional() }),
    options,
    'revocation',
  ).revokedOn;
  const today = localDay(ctx.now());
  const day = revokedOn ?? today;
  return ctx.db.transaction(async (tx) => {
    const mandate = await findMandate(tx, ctx.tenantId, id);
    if (!mandate) throw new AppError('not-found', `mandate ${id} not found`);
    if (day < mandate.signedOn) {
      throw invalid('revokedOn', `the mandate was signed on ${mandate.signedOn}, after ${day}`);
    }
    if (!(await revokeMandateRow(tx, ctx.tenantId, id, day))) {
      throw new AppError(
        'conflict',
        `mandate ${mandate.reference} was revoked on ${mandate.revokedOn} already`,
      );
    }
    const [listed] = (await listMandateRows(tx, ctx.tenantId, { customerId: mandate.customerId })).filter(
      (r) => r.mandate.id === id,
    );
    const pending = (await exportedCollectionsOfMandate(tx, ctx.tenantId, id, day)).map((p) => ({
      ...p,
      collectionDate: p.collectionDate as CalendarDate,
    }));
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'sepa-mandate.revoked',
          entityType: 'sepa-mandate',
          entityId: id,
          customerId: mandate.customerId,
          payload: {
            reference: mandate.reference,
            revokedOn: day,
            pendingCollections: pending.map((p) => p.endToEndId),
          },
        },
      ],
      ctx.now(),
    );
    const row = listed as ListedMandate;
    return {
      mandate: mandateView(
        { ...row.mandate, revokedOn: day },
        { number: row.customerNumber, name: row.customerName },
        row.lastCollectionDate,
        maxDay(today, day),
      ),
      pendingCollections: pending,
    };
  });
}

function maxDay(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

// --- export -------------------------------------------------------------------------------------

export const sepaExportInputSchema = z.object({
  collectionDate: calendarDateSchema,
  /** Only this scheme; default: both, in a file each (German banks take one scheme per file). */
  scheme: z.enum(['CORE', 'B2B']).optional(),
});

export type SepaExportInput = z.input<typeof sepaExportInputSchema>;

export interface ExportedCollection {
  directDebitId: number;
  endToEndId: string;
  customerNumber: string;
  customerName: string;
  mandateReference: string;
  sequenceType: SequenceType;
  amountCents: number;
  invoiceNumber: string | null;
  planId: number | null;
  instalmentNumber: number | null;
}

export interface SepaExportFile {
  messageId: string;
  scheme: SepaScheme;
  /** `<messageId>.xml` */
  fileName: string;
  xml: string;
  sha256: string;
  count: number;
  sumCents: number;
  bySequence: { sequenceType: SequenceType; count: number; sumCents: number }[];
  collections: ExportedCollection[];
}

export interface SepaExportResult {
  collectionDate: CalendarDate;
  /** One pain.008 message per scheme that has collections; empty when nothing is due. */
  files: SepaExportFile[];
  /** Things to check before sending the files: the date, the pre-notification. */
  warnings: string[];
  /** Customers with a mandate whose claims were left out, and why. */
  skipped: { customerNumber: string; reason: string }[];
}

/** One claim to collect: an invoice's open amount or an instalment's. */
interface Candidate {
  usable: UsableMandateRow;
  dueDate: string;
  amountCents: number;
  invoice: { id: number; number: string; issuedOn: string } | null;
  instalment: { planId: number; number: number; agreedOn: string; claims: string[] } | null;
}

/** What the debtor reads on the statement: the invoice, or the instalment and the plan's invoices. */
function remittanceOf(candidate: Candidate): string {
  const english = candidate.usable.customer.language === 'en';
  if (candidate.invoice) {
    const issued = formatCalendarDate(candidate.invoice.issuedOn as CalendarDate, english ? 'en' : 'de');
    return english
      ? `Invoice ${candidate.invoice.number} of ${issued}`
      : `Rechnung ${candidate.invoice.number} vom ${issued}`;
  }
  const i = candidate.instalment as NonNullable<Candidate['instalment']>;
  const agreed = formatCalendarDate(i.agreedOn as CalendarDate, english ? 'en' : 'de');
  const what = english
    ? i.number === 0
      ? 'Down payment'
      : `Instalment ${i.number}`
    : i.number === 0
      ? 'Anzahlung'
      : `Rate ${i.number}`;
  return english
    ? `${what} of the instalment agreement of ${agreed}: ${i.claims.join(', ')}`
    : `${what} der Ratenzahlungsvereinbarung vom ${agreed}: ${i.claims.join(', ')}`;
}

/** Whether the customer's dunning block is in force on `day` (its last day included; no end: until lifted). */
function blockedOn(customer: UsableMandateRow['customer'], day: CalendarDate): boolean {
  return customer.blockReason !== null && (customer.blockUntil === null || customer.blockUntil >= day);
}

/**
 * Exports what is due for collection on `collectionDate`: the direct debits are recorded (status
 * `exported`), first collections mark their mandate used, and the pain.008 files are returned with
 * a summary. Nothing due: no file, nothing recorded.
 */
export async function exportDirectDebits(
  ctx: ServiceContext,
  raw: SepaExportInput,
): Promise<SepaExportResult> {
  const input = parseInput(sepaExportInputSchema, raw, 'SEPA export');
  const { collectionDate } = input;
  const today = localDay(ctx.now());
  const profile = await getCompanyProfile(ctx);
  if (!profile.creditorId || !isValidCreditorId(profile.creditorId)) {
    throw invalid(
      'creditorId',
      profile.creditorId
        ? `the company's creditor id ${profile.creditorId} is not valid (expected e.g. DE98ZZZ09999999999)`
        : 'the company has no creditor id (Gläubiger-ID) yet: set it first (mahnwerk company set --creditor-id …)',
    );
  }
  if (!profile.bank) {
    throw invalid(
      'bank',
      'the company has no bank account to collect into: set it first (mahnwerk company set --iban …)',
    );
  }
  const creditor = {
    name: profile.name,
    iban: profile.bank.iban,
    bic: profile.bank.bic,
    creditorId: profile.creditorId,
  };
  const warnings = dateWarnings(collectionDate, today);
  const skipped: SepaExportResult['skipped'] = [];

  return ctx.db.transaction(async (tx) => {
    await lockSepaExports(tx, ctx.tenantId);
    const mandates = await mandatesToUse(tx, ctx.tenantId, collectionDate, today, input.scheme, skipped);
    const candidates = [
      ...(await invoiceCandidates(tx, ctx.tenantId, mandates, collectionDate, today)),
      ...(await instalmentCandidates(tx, ctx.tenantId, mandates, collectionDate)),
    ];
    const byCustomer = new Map<number, Candidate[]>();
    for (const c of candidates) {
      const list = byCustomer.get(c.usable.customer.id);
      if (list) list.push(c);
      else byCustomer.set(c.usable.customer.id, [c]);
    }
    const chosen: { candidate: Candidate; sequenceType: SequenceType }[] = [];
    // Customer by customer (by number, so files read in a stable order), each one's claims oldest first.
    const ordered = [...byCustomer.values()].sort((a, b) =>
      (a[0] as Candidate).usable.customer.number.localeCompare((b[0] as Candidate).usable.customer.number),
    );
    for (const list of ordered) {
      list.sort((a, b) =>
        a.dueDate !== b.dueDate
          ? a.dueDate < b.dueDate
            ? -1
            : 1
          : (a.invoice?.id ?? Number.MAX_SAFE_INTEGER) - (b.invoice?.id ?? Number.MAX_SAFE_INTEGER) ||
            (a.instalment?.number ?? 0) - (b.instalment?.number ?? 0),
      );
      const { mandate, customer } = (list[0] as Candidate).usable;
      for (const candidate of list) {
        if (candidate.amountCents > MAX_COLLECTION_CENTS) {
          skipped.push({
            customerNumber: customer.number,
            reason: `${describe(candidate)}: more than a SEPA collection may be`,
          });
          continue;
        }
        if (mandate.kind === 'one-off') {
          if (chosen.some((c) => c.candidate.usable.mandate.id === mandate.id)) {
            skipped.push({
              customerNumber: customer.number,
              reason: `${describe(candidate)}: the one-off mandate ${mandate.reference} carries a single collection`,
            });
            continue;
          }
          chosen.push({ candidate, sequenceType: 'OOFF' });
        } else {
          const first =
            mandate.firstCollectedOn === null &&
            !chosen.some((c) => c.candidate.usable.mandate.id === mandate.id);
          chosen.push({ candidate, sequenceType: first ? 'FRST' : 'RCUR' });
        }
        if (
          candidate.invoice &&
          addDays(candidate.invoice.issuedOn as CalendarDate, PRE_NOTIFICATION_DAYS) > collectionDate
        ) {
          warnings.push(
            `${customer.number} ${candidate.invoice.number}: issued on ${candidate.invoice.issuedOn}, less than ${PRE_NOTIFICATION_DAYS} days before the collection — make sure the debtor was told of it in time (pre-notification) or agreed to a shorter period`,
          );
        }
      }
    }
    if (chosen.length === 0) return { collectionDate, files: [], warnings, skipped };

    let sequence = await countExportedMessages(tx, ctx.tenantId);
    const createdAt = `${ctx.now().toISOString().slice(0, 19)}Z`;
    const files: SepaExportFile[] = [];
    const events: NewEvent[] = [];
    for (const scheme of ['CORE', 'B2B'] as const) {
      const items = chosen.filter((c) => c.candidate.usable.mandate.scheme === scheme);
      if (items.length === 0) continue;
      sequence += 1;
      const messageId = `MW-${today.replace(/-/g, '')}-${String(sequence).padStart(5, '0')}`;
      const collections: Pain008Collection[] = items.map(({ candidate, sequenceType }, i) => ({
        endToEndId: `${messageId}-${i + 1}`,
        amountCents: candidate.amountCents,
        collectionDate,
        scheme,
        sequenceType,
        mandate: {
          reference: candidate.usable.mandate.reference,
          signedOn: candidate.usable.mandate.signedOn as CalendarDate,
        },
        debtor: {
          name: candidate.usable.mandate.debtorName,
          iban: candidate.usable.mandate.iban,
          bic: candidate.usable.mandate.bic,
          address: candidate.usable.customer.address
            ? {
                street: candidate.usable.customer.address.street,
                postalCode: candidate.usable.customer.address.postalCode,
                city: candidate.usable.customer.address.city,
                country: candidate.usable.customer.address.country,
              }
            : null,
        },
        remittance: remittanceOf(candidate),
      }));
      const { xml, summary } = writePain008({ messageId, createdAt, creditor, collections });
      const checked = await validatePain008(xml);
      if (!checked.valid) {
        // A bug of the writer, never the user's input: nothing is recorded, the file does not leave.
        throw new Error(
          `pain.008 message ${messageId} does not validate against the ISO schema: ` +
            checked.errors.map((e) => `line ${e.line ?? '?'}: ${e.message}`).join('; '),
        );
      }
      const rows = await insertDirectDebits(
        tx,
        items.map(({ candidate, sequenceType }, i) => ({
          tenantId: ctx.tenantId,
          mandateId: candidate.usable.mandate.id,
          customerId: candidate.usable.customer.id,
          invoiceId: candidate.invoice?.id ?? null,
          planId: candidate.instalment?.planId ?? null,
          instalmentNumber: candidate.instalment?.number ?? null,
          amountCents: candidate.amountCents,
          collectionDate,
          sequenceType,
          endToEndId: (collections[i] as Pain008Collection).endToEndId,
          messageId,
          remittance: (collections[i] as Pain008Collection).remittance,
          status: 'exported' as const,
          paymentId: null,
        })),
      );
      const exported: ExportedCollection[] = rows.map((row, i) => {
        const { candidate } = items[i] as (typeof items)[number];
        return {
          directDebitId: row.id,
          endToEndId: row.endToEndId,
          customerNumber: candidate.usable.customer.number,
          customerName: candidate.usable.customer.name,
          mandateReference: candidate.usable.mandate.reference,
          sequenceType: row.sequenceType,
          amountCents: row.amountCents,
          invoiceNumber: candidate.invoice?.number ?? null,
          planId: row.planId,
          instalmentNumber: row.instalmentNumber,
        };
      });
      const sha256 = createHash('sha256').update(xml).digest('hex');
      const bySequence = bySequenceOf(exported);
      files.push({
        messageId,
        scheme,
        fileName: `${messageId}.xml`,
        xml,
        sha256,
        count: summary.count,
        sumCents: summary.sumCents,
        bySequence,
        collections: exported,
      });
      events.push({
        type: 'sepa.exported',
        entityType: 'sepa-export',
        entityId: messageId,
        payload: {
          collectionDate,
          scheme,
          createdAt,
          count: summary.count,
          sumCents: summary.sumCents,
          sha256,
          batches: summary.batches.map((b) => ({
            paymentInformationId: b.paymentInformationId,
            sequenceType: b.sequenceType,
            count: b.count,
            sumCents: b.sumCents,
          })),
        },
      });
      events.push(...customerEvents(rows, items, messageId, collectionDate));
    }
    await markMandatesUsed(
      tx,
      ctx.tenantId,
      [...new Set(chosen.map((c) => c.candidate.usable.mandate.id))],
      collectionDate,
    );
    await appendEvents(tx, ctx.tenantId, ctx.actor, events, ctx.now());
    return { collectionDate, files, warnings, skipped };
  });
}

function describe(candidate: Candidate): string {
  return candidate.invoice
    ? `invoice ${candidate.invoice.number}`
    : `instalment ${candidate.instalment?.number} of plan ${candidate.instalment?.planId}`;
}

/** One event per customer, so the collection shows on the customer's timeline. */
function customerEvents(
  rows: readonly DirectDebitRow[],
  items: readonly { candidate: Candidate }[],
  messageId: string,
  collectionDate: CalendarDate,
): NewEvent[] {
  const byCustomer = new Map<number, { mandate: MandateRow; rows: DirectDebitRow[]; items: Candidate[] }>();
  rows.forEach((row, i) => {
    const candidate = (items[i] as { candidate: Candidate }).candidate;
    const entry = byCustomer.get(row.customerId) ?? {
      mandate: candidate.usable.mandate,
      rows: [],
      items: [],
    };
    entry.rows.push(row);
    entry.items.push(candidate);
    byCustomer.set(row.customerId, entry);
  });
  return [...byCustomer.entries()].map(([customerId, entry]) => ({
    type: 'direct-debit.exported',
    entityType: 'sepa-mandate',
    entityId: entry.mandate.id,
    customerId,
    payload: {
      messageId,
      collectionDate,
      mandateReference: entry.mandate.reference,
      collections: entry.rows.map((row, i) => ({
        directDebitId: row.id,
        endToEndId: row.endToEndId,
        sequenceType: row.sequenceType,
        amountCents: row.amountCents,
        invoiceNumber: entry.items[i]?.invoice?.number ?? null,
        planId: row.planId,
        instalmentNumber: row.instalmentNumber,
      })),
    },
  }));
}

/** A day SEPA does not settle on, or one the file can no longer reach the bank in time for. */
function dateWarnings(collectionDate: CalendarDate, today: CalendarDate): string[] {
  const warnings: string[] = [];
  if (!isTargetDay(collectionDate)) {
    warnings.push(
      `${collectionDate} is no TARGET2 business day (weekend, 1 January, Good Friday, Easter Monday, 1 May, 25 or 26 December): the bank collects on the next business day, ${nextTargetDay(collectionDate)}`,
    );
  }
  const earliest = nextTargetDay(today);
  if (collectionDate < today) {
    warnings.push(`${collectionDate} lies in the past: the bank will refuse the file or move the collection`);
  } else if (collectionDate < earliest) {
    warnings.push(
      `the file must reach the bank one TARGET2 business day before the collection (D-1): submitted today, the earliest collection date is ${earliest}; your bank's cut-off time may ask for more`,
    );
  }
  return warnings;
}

/**
 * Per customer the mandate to collect under on `day`: the newest usable one (the others are left
 * alone), not expired, of the scheme asked for; blocked customers and debtors outside the EEA
 * without BIC or address are skipped with the reason.
 */
async function mandatesToUse(
  db: Db,
  tenantId: number,
  day: CalendarDate,
  today: CalendarDate,
  scheme: SepaScheme | undefined,
  skipped: SepaExportResult['skipped'],
): Promise<Map<number, UsableMandateRow>> {
  const byCustomer = new Map<number, UsableMandateRow[]>();
  for (const usable of await usableMandates(db, tenantId, day)) {
    const list = byCustomer.get(usable.customer.id);
    if (list) list.push(usable);
    else byCustomer.set(usable.customer.id, [usable]);
  }
  const result = new Map<number, UsableMandateRow>();
  for (const [customerId, list] of byCustomer) {
    const usable = list.find((u) => expiresAfter(u.mandate, u.lastCollectionDate) >= day);
    const { customer } = list[0] as UsableMandateRow;
    if (!usable) {
      skipped.push({
        customerNumber: customer.number,
        reason: `mandate ${list.map((u) => u.mandate.reference).join(', ')} expired: not used for ${MANDATE_EXPIRY_MONTHS} months`,
      });
      continue;
    }
    const { mandate } = usable;
    if (scheme !== undefined && mandate.scheme !== scheme) continue;
    if (blockedOn(customer, today)) {
      skipped.push({ customerNumber: customer.number, reason: `dunning block: ${customer.blockReason}` });
      continue;
    }
    if (!isEeaIban(mandate.iban) && (!mandate.bic || !customer.address)) {
      skipped.push({
        customerNumber: customer.number,
        reason: `mandate ${mandate.reference}: an account outside the EEA needs the bank's BIC and the debtor's address`,
      });
      continue;
    }
    result.set(customerId, usable);
  }
  return result;
}

/** Open invoices due by `day` of the mandated customers that nothing holds back. */
async function invoiceCandidates(
  db: Db,
  tenantId: number,
  mandates: ReadonlyMap<number, UsableMandateRow>,
  day: CalendarDate,
  today: CalendarDate,
): Promise<Candidate[]> {
  if (mandates.size === 0) return [];
  const open = (await findOpenClaims(db, tenantId)).filter(
    (c: OpenClaimRow) => mandates.has(c.customerId) && c.dueDate <= day,
  );
  const ids = open.map((c) => c.invoiceId);
  const [disputes, plans, cases, collecting] = await Promise.all([
    disputesOf(db, tenantId, ids),
    planHoldsOf(db, tenantId, ids),
    caseHoldsOf(db, tenantId, ids),
    invoicesInDirectDebits(db, tenantId, ids),
  ]);
  // A dispute holds from its opening until it is resolved, or through its expiry.
  const disputed = new Set(
    disputes
      .filter(
        (d) => d.openedOn <= today && d.resolvedOn === null && (d.expiresOn === null || d.expiresOn >= today),
      )
      .map((d) => d.invoiceId),
  );
  return open
    .filter(
      (c) =>
        !disputed.has(c.invoiceId) &&
        plans.get(c.invoiceId)?.status !== 'active' &&
        !cases.has(c.invoiceId) &&
        !collecting.has(c.invoiceId),
    )
    .map((c) => ({
      usable: mandates.get(c.customerId) as UsableMandateRow,
      dueDate: c.dueDate,
      // What the claim comes to: principal, costs, and interest demanded but not paid (§ 367 BGB order).
      amountCents:
        c.openPrincipalCents + c.openCostsCents + Math.max(0, c.interestDemandedCents - c.interestPaidCents),
      invoice: { id: c.invoiceId, number: c.number, issuedOn: c.issuedOn },
      instalment: null,
    }))
    .filter((c) => c.amountCents > 0);
}

/** Instalments of active plans of the mandated customers due by `day` and not yet covered by payments. */
async function instalmentCandidates(
  db: Db,
  tenantId: number,
  mandates: ReadonlyMap<number, UsableMandateRow>,
  day: CalendarDate,
): Promise<Candidate[]> {
  if (mandates.size === 0) return [];
  const plans = (await listInstalmentPlans(db, tenantId, { statuses: ['active'] })).filter((p) =>
    mandates.has(p.plan.customerId),
  );
  const planIds = plans.map((p) => p.plan.id);
  const [paid, schedules, claims, collecting] = await Promise.all([
    paidTowardsPlans(db, tenantId, planIds, day),
    schedulesOfPlans(db, tenantId, planIds),
    claimNumbersOfPlans(db, tenantId, planIds),
    instalmentsInDirectDebits(db, tenantId, planIds),
  ]);
  const candidates: Candidate[] = [];
  for (const { plan } of plans) {
    const schedule = schedules
      .filter((s) => s.planId === plan.id)
      .map((s) => ({ number: s.number, dueDate: s.dueDate as CalendarDate, amountCents: s.amountCents }));
    if (schedule.length === 0) continue;
    for (const instalment of coverInstalments(schedule, paid.get(plan.id) ?? 0)) {
      const open = instalment.amountCents - instalment.paidCents;
      if (open <= 0 || instalment.dueDate > day || collecting.has(`${plan.id}:${instalment.number}`))
        continue;
      candidates.push({
        usable: mandates.get(plan.customerId) as UsableMandateRow,
        dueDate: instalment.dueDate,
        amountCents: open,
        invoice: null,
        instalment: {
          planId: plan.id,
          number: instalment.number,
          agreedOn: plan.agreedOn,
          claims: claims.get(plan.id) ?? [],
        },
      });
    }
  }
  return candidates;
}

/**
 * An exported file once more, as it was written (for a file that got lost): rebuilt from the
 * recorded direct debits with the original message id and creation time. `sameAsExported` says
 * whether it is byte for byte the file of the export (it is not when the company's name or bank
 * account, or a debtor's address, changed since).
 */
export async function exportedFile(
  ctx: ServiceContext,
  messageId: string,
): Promise<SepaExportFile & { collectionDate: CalendarDate; sameAsExported: boolean }> {
  const rows = await directDebitsOfMessage(ctx.db, ctx.tenantId, messageId);
  const [event] = await readEventsPage(ctx.db, ctx.tenantId, {
    type: 'sepa.exported',
    entityId: messageId,
    beforeSeq: null,
    limit: 1,
  });
  const first = rows[0];
  if (!first || !event) throw new AppError('not-found', `SEPA export ${messageId} not found`);
  const profile = await getCompanyProfile(ctx);
  if (!profile.bank || !profile.creditorId) {
    throw invalid('bank', 'the company has no bank account or creditor id any more');
  }
  const scheme = first.mandate.scheme;
  const collections: Pain008Collection[] = rows.map((r) => ({
    endToEndId: r.debit.endToEndId,
    amountCents: r.debit.amountCents,
    collectionDate: r.debit.collectionDate as CalendarDate,
    scheme: r.mandate.scheme,
    sequenceType: r.debit.sequenceType,
    mandate: { reference: r.mandate.reference, signedOn: r.mandate.signedOn as CalendarDate },
    debtor: {
      name: r.mandate.debtorName,
      iban: r.mandate.iban,
      bic: r.mandate.bic,
      address: r.customerAddress
        ? {
            street: r.customerAddress.street,
            postalCode: r.customerAddress.postalCode,
            city: r.customerAddress.city,
            country: r.customerAddress.country,
          }
        : null,
    },
    remittance: r.debit.remittance,
  }));
  const { xml, summary } = writePain008({
    messageId,
    createdAt: String(event.payload.createdAt),
    creditor: {
      name: profile.name,
      iban: profile.bank.iban,
      bic: profile.bank.bic,
      creditorId: profile.creditorId,
    },
    collections,
  });
  const checked = await validatePain008(xml);
  if (!checked.valid) {
    throw new Error(`pain.008 message ${messageId} no longer validates: ${checked.errors[0]?.message ?? ''}`);
  }
  const sha256 = createHash('sha256').update(xml).digest('hex');
  const exported: ExportedCollection[] = rows.map((r) => ({
    directDebitId: r.debit.id,
    endToEndId: r.debit.endToEndId,
    customerNumber: r.customerNumber,
    customerName: r.customerName,
    mandateReference: r.mandate.reference,
    sequenceType: r.debit.sequenceType,
    amountCents: r.debit.amountCents,
    invoiceNumber: r.invoiceNumber,
    planId: r.debit.planId,
    instalmentNumber: r.debit.instalmentNumber,
  }));
  return {
    messageId,
    scheme,
    fileName: `${messageId}.xml`,
    xml,
    sha256,
    count: summary.count,
    sumCents: summary.sumCents,
    bySequence: bySequenceOf(exported),
    collections: exported,
    collectionDate: first.debit.collectionDate as CalendarDate,
    sameAsExported: sha256 === event.payload.sha256,
  };
}

function bySequenceOf(collections: readonly ExportedCollection[]): SepaExportFile['bySequence'] {
  return SEQUENCE_TYPES.map((sequenceType) => {
    const of = collections.filter((e) => e.sequenceType === sequenceType);
    return { sequenceType, count: of.length, sumCents: of.reduce((s, e) => s + e.amountCents, 0) };
  }).filter((s) => s.count > 0);
}
