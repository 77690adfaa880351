/**
 * @module import-einvoices-service
 * `import einvoice FILE…`: the company's invoices and credit notes as another system wrote them
 * (XRechnung UBL/CII, ZUGFeRD/Factur-X), taken over without retyping. All files are read and
 * checked first; then everything is stored in one transaction or nothing is.
 *
 * - The document's own amounts are kept (lines, net, VAT, total): they are what the customer
 *   received. What is open is the total plus rounding; an amount prepaid (BT-113) is booked as a
 *   payment of source `prepaid` on the invoice date, which is how the export finds it again.
 * - A summary e-invoice without lines (Factur-X MINIMUM, BASIC WL) gets one line per rate of its
 *   VAT breakdown, saying so, so that it prints and exports with its VAT per rate.
 * - Payment terms come from the document: the due date (as days after the invoice date) and the
 *   Skonto tiers of the XRechnung `#SKONTO#` notation, each with its base (`BASISBETRAG`) when it
 *   names one; without a due date the customer's terms.
 * - Addresses the reader found to be no e-mail address were left out there, with a warning.
 * - The buyer is found by customer number (buyer id), VAT id or exact name; unknown buyers become
 *   customers (business debtors: e-invoices are B2B and B2G).
 * - An invoice number that exists with the same total was imported before and is skipped; with
 *   another total it is an error. A credit note reduces the invoice it names; one naming none is
 *   set off against the customer's open claims (§366 Abs. 2 BGB), the rest held as credit.
 */
import { and, eq, sql } from 'drizzle-orm';
import { appendEvents } from '../db/event-store.ts';
import { findInvoiceByNumber, insertInvoices, type NewInvoiceLineRow } from '../db/invoice-repository.ts';
import { creditNotes, customers } from '../db/schema.ts';
import { findCustomerById } from '../db/customer-repository.ts';
import { reserveNumbers } from '../db/tenant-repository.ts';
import { addDays, type CalendarDate, daysBetween } from '../domain/calendar-date.ts';
import { Money } from '../domain/money.ts';
import { formatPercent, parsePercent } from '../domain/percent.ts';
import { roundHalfUp } from '../domain/rounding.ts';
import { parsePaymentTerms, type PaymentTermsInput } from '../domain/payment-terms.ts';
import { type EInvoice, EInvoiceError } from '../formats/einvoice-read.ts';
import { readEInvoiceOffThread } from '../formats/einvoice-thread.ts';
import { AppError } from './app-error.ts';
import { getCompanyProfile } from './company-service.ts';
import { invoiceCreatedEvent } from './invoice-service.ts';
import { bookCreditNote } from './credit-note-service.ts';
import { bookPaymentInTransaction } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';
import type { Db } from '../db/database.ts';

export interface EInvoiceFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface ImportedEInvoice {
  fileName: string;
  number: string;
  kind: 'invoice' | 'credit-note';
  outcome: 'created' | 'already-imported';
  customerNumber: string;
  customerCreated: boolean;
  totalCents: number;
  payableCents: number;
  dueDate: string | null;
  warnings: string[];
}

/** XML Schema's xs:decimal: `12.5`, `+12.5`, `-0.5`, `12.` and `.5`; no exponent, no grouping. */
const XS_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * An xs:decimal as a whole number of `decimals` places, half-up at the last kept one (12.3456 € →
 * 1235 cents). The reader has checked the text already; what still does not fit is refused with
 * `where` (file, invoice, line and business term).
 */
function decimalToScaled(text: string, decimals: number, where: string): number {
  const match = XS_DECIMAL.exec(text.trim());
  const whole = match?.[2] ?? '';
  const digits = match?.[3] ?? '';
  const fraction = digits.padEnd(decimals + 1, '0');
  let scaled = Number((whole || '0') + fraction.slice(0, decimals));
  if (Number(fraction[decimals]) >= 5) scaled += 1;
  if (!match || whole.length + digits.length === 0 || !Number.isSafeInteger(scaled)) {
    throw new AppError(
      'import-rejected',
      `${where}: expected a decimal number like 12.5 with at most 15 digits, got "${text}"`,
    );
  }
  return match[1] === '-' && scaled !== 0 ? -scaled : scaled;
}

interface ImportedLines {
  rows: NewInvoiceLineRow[];
  /** What the import made of a document without lines, for the report. */
  note: string | null;
}

/** The document's lines as ours; the tax per line is the rate of its net, half-up. */
function lineRows(fileName: string, einvoice: EInvoice): ImportedLines {
  if (einvoice.lines.length === 0) return summaryLineRows(fileName, einvoice);
  const rows = einvoice.lines.map((line, i) => {
    const where = `${fileName}: invoice ${einvoice.number} line ${line.id}`;
    const rate = decimalToScaled(line.vatRate ?? '0', 2, `${where}: VAT rate (BT-152)`);
    const vat = Number(roundHalfUp(BigInt(line.netCents) * BigInt(rate), 10_000n));
    return {
      position: i + 1,
      description: [line.name, line.description].filter(Boolean).join(' — ').slice(0, 500),
      quantityMilli: decimalToScaled(line.quantity, 3, `${where}: quantity (BT-129)`),
      unit: line.unitCode.slice(0, 10),
      unitPriceCents: decimalToScaled(line.unitPrice ?? '0', 2, `${where}: item net price (BT-146)`),
      vatRateBasisPoints: rate,
      netCents: line.netCents,
      vatCents: vat,
      grossCents: line.netCents + vat,
    };
  });
  return { rows, note: null };
}

/**
 * A summary e-invoice (Factur-X MINIMUM, BASIC WL) has no lines (BG-25). So that it prints and
 * exports with its VAT per rate, each rate of its VAT breakdown (BG-23) becomes one line that says
 * what it is: the taxable amount as net, the tax as the document states it. Without a breakdown
 * (MINIMUM has none) no line is made up — which rate would it be? — and the invoice PDF shows the
 * totals alone.
 */
function summaryLineRows(fileName: string, einvoice: EInvoice): ImportedLines {
  const profile = einvoice.profile ? ` (${einvoice.profile})` : '';
  if (einvoice.vatBreakdown.length === 0) {
    return {
      rows: [],
      note: `the e-invoice${profile} has neither lines (BG-25) nor a VAT breakdown (BG-23): the invoice is stored with its totals and no lines`,
    };
  }
  const rows = einvoice.vatBreakdown.map((breakdown, i) => {
    const rate = decimalToScaled(
      breakdown.rate ?? '0',
      2,
      `${fileName}: invoice ${einvoice.number} VAT breakdown ${i + 1}: rate (BT-119)`,
    );
    const rateText = formatPercent(parsePercent(breakdown.rate ?? '0'), 0).replace('.', ',');
    const category =
      breakdown.category === 'S'
        ? ''
        : `, Kategorie ${breakdown.category}${breakdown.exemptionReason ? `: ${breakdown.exemptionReason}` : ''}`;
    const description = `Summe der Leistungen zu ${rateText} % USt${category} (E-Rechnung ohne Einzelpositionen)`;
    return {
      position: i + 1,
      description: description.slice(0, 500),
      quantityMilli: 1000,
      unit: 'C62',
      unitPriceCents: breakdown.taxableCents,
      vatRateBasisPoints: rate,
      netCents: breakdown.taxableCents,
      vatCents: breakdown.taxCents,
      grossCents: breakdown.taxableCents + breakdown.taxCents,
    };
  });
  return {
    rows,
    note: `the e-invoice${profile} has no lines (BG-25): one line per VAT rate is stored from its VAT breakdown (BG-23)`,
  };
}

type SkontoTierInput = { percent: string; days: number; baseCents?: number };

/**
 * The Skonto tiers of the document, each with the base it names (`BASISBETRAG`, CII `BasisAmount`).
 * A base below zero or above the invoice total cannot be what the percentage applies to: it is
 * left out with a warning naming the element and both amounts, and the Skonto is reckoned on the
 * invoice total, as without a base.
 */
function skontoTiersOf(einvoice: EInvoice, grossCents: number): SkontoTierInput[] {
  const show = (cents: number) => Money.of(cents).toDecimalString();
  const element =
    einvoice.syntax === 'ubl'
      ? 'cac:PaymentTerms/cbc:Note #SKONTO# BASISBETRAG'
      : 'ram:SpecifiedTradePaymentTerms #SKONTO# BASISBETRAG or ram:BasisAmount';
  return einvoice.skonto.map((offer): SkontoTierInput => {
    const tier = { percent: offer.percent, days: offer.days };
    if (offer.baseCents === null) return tier;
    if (offer.baseCents < 0 || offer.baseCents > Math.max(grossCents, einvoice.totalCents)) {
      einvoice.warnings.push(
        `${element}: the Skonto base ${show(offer.baseCents)} EUR of ${offer.percent} % within ${offer.days} days ` +
          `is not between 0 and the invoice total ${show(grossCents)} EUR; the Skonto is reckoned on the invoice total`,
      );
      return tier;
    }
    return { ...tier, baseCents: offer.baseCents };
  });
}

/** Terms as the document states them: due date as days after the invoice date, Skonto tiers. */
function termsOf(einvoice: EInvoice, grossCents: number, fallback: PaymentTermsInput): PaymentTermsInput {
  const skonto = skontoTiersOf(einvoice, grossCents);
  if (einvoice.dueDate) {
    const days = Math.max(0, daysBetween(einvoice.issueDate, einvoice.dueDate));
    return { kind: 'net', days, skonto };
  }
  if (skonto.length > 0 && fallback.kind !== 'net') {
    einvoice.warnings.push(
      `the e-invoice states no due date, so the customer's ${fallback.kind} terms apply; its Skonto offer is not taken over`,
    );
  }
  return skonto.length > 0 && fallback.kind === 'net' ? { ...fallback, skonto } : fallback;
}

async function findOrCreateCustomer(
  tx: Db,
  ctx: ServiceContext,
  einvoice: EInvoice,
): Promise<{ id: number; number: string; created: boolean; paymentTerms: PaymentTermsInput | null }> {
  const buyer = einvoice.buyer;
  const conditions = [
    ...(buyer.id ? [sql`${customers.number} = ${buyer.id}`] : []),
    ...(buyer.vatId ? [sql`${customers.vatId} = ${buyer.vatId}`] : []),
    sql`lower(${customers.name}) = lower(${buyer.name})`,
  ];
  const [found] = await tx
    .select({ id: customers.id, number: customers.number, paymentTerms: customers.paymentTerms })
    .from(customers)
    .where(and(eq(customers.tenantId, ctx.tenantId), sql`(${sql.join(conditions, sql` or `)})`))
    .orderBy(
      sql`case when ${customers.number} = ${buyer.id ?? ''} then 0 when ${customers.vatId} = ${buyer.vatId ?? ''} then 1 else 2 end`,
    )
    .limit(1);
  if (found) {
    return { ...found, created: false, paymentTerms: found.paymentTerms as PaymentTermsInput | null };
  }
  const { prefix, first } = await reserveNumbers(tx, ctx.tenantId, 'customer', 1);
  const number = `${prefix}${String(first).padStart(5, '0')}`;
  const address = buyer.address;
  const [created] = await tx
    .insert(customers)
    .values({
      tenantId: ctx.tenantId,
      number,
      name: buyer.name.slice(0, 200),
      debtorKind: 'business',
      email: buyer.email,
      vatId: buyer.vatId,
      address:
        address && address.street && address.postalCode && address.city
          ? {
              street: address.street,
              postalCode: address.postalCode,
              city: address.city,
              country: address.country ?? 'DE',
              ...(address.additionalStreet ? { extra: [address.additionalStreet] } : {}),
            }
          : null,
    })
    .returning({ id: customers.id, number: customers.number });
  const row = created as { id: number; number: string };
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    [
      {
        type: 'customer.created',
        entityType: 'customer',
        entityId: row.id,
        customerId: row.id,
        payload: { number, name: buyer.name, source: 'einvoice', invoice: einvoice.number },
      },
    ],
    ctx.now(),
  );
  return { ...row, created: true, paymentTerms: null };
}

export async function importEInvoices(
  ctx: ServiceContext,
  files: readonly EInvoiceFile[],
): Promise<ImportedEInvoice[]> {
  const read: { file: EInvoiceFile; einvoice: EInvoice; lines: ImportedLines }[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      const einvoice = await readEInvoiceOffThread(file.bytes, file.fileName);
      read.push({ file, einvoice, lines: { rows: [], note: null } });
    } catch (error) {
      if (!(error instanceof EInvoiceError)) throw error;
      problems.push(error.message);
    }
  }
  for (const entry of read) {
    const { file, einvoice } = entry;
    if (einvoice.kind === 'invoice') {
      try {
        entry.lines = lineRows(file.fileName, einvoice);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(error.message);
      }
    }
    if (einvoice.currency !== 'EUR') {
      problems.push(`${file.fileName}: currency ${einvoice.currency}; only EUR claims are managed`);
    }
    if (einvoice.totalCents < 0 || einvoice.payableCents < 0) {
      problems.push(
        `${file.fileName}: ${einvoice.number} has negative amounts; a credit is imported as a credit note (type 381) with positive amounts`,
      );
    }
    if (einvoice.typeCode === '384') {
      einvoice.warnings.push(
        `a corrected invoice (384)${einvoice.precedingInvoice ? ` for ${einvoice.precedingInvoice}` : ''}: the invoice it corrects stays open until cancelled or credited`,
      );
    }
  }
  if (problems.length > 0) {
    throw new AppError('import-rejected', `nothing imported:\n${problems.join('\n')}`, {
      issues: problems.map((p) => ({ path: p.split(':')[0] ?? '', message: p })),
    });
  }
  const company = await getCompanyProfile(ctx);
  return ctx.db.transaction(async (tx) => {
    const results: ImportedEInvoice[] = [];
    // Invoices first, so that a credit note may refer to an invoice of the same import.
    const ordered = [...read].sort(
      (a, b) => Number(a.einvoice.kind === 'credit-note') - Number(b.einvoice.kind === 'credit-note'),
    );
    for (const { file, einvoice, lines } of ordered) {
      // The same array: what termsOf adds below is reported too.
      const warnings = einvoice.warnings;
      const compact = (id: string) => id.replace(/\s+/g, '').toUpperCase();
      if (
        company.vatId &&
        einvoice.seller.vatId &&
        compact(company.vatId) !== compact(einvoice.seller.vatId)
      ) {
        warnings.push(`the seller's VAT id ${einvoice.seller.vatId} is not the company's (${company.vatId})`);
      }
      const report = (customerNumber: string, customerCreated: boolean) => ({
        fileName: file.fileName,
        number: einvoice.number,
        kind: einvoice.kind,
        customerNumber,
        customerCreated,
        totalCents: einvoice.totalCents,
        payableCents: einvoice.payableCents,
        dueDate: einvoice.dueDate,
        warnings,
      });
      // What is claimed is what is payable plus what was paid in advance (BT-115 + BT-113).
      const claimed = einvoice.payableCents + einvoice.prepaidCents;
      const existing =
        einvoice.kind === 'invoice'
          ? await findInvoiceByNumber(tx, ctx.tenantId, einvoice.number)
          : undefined;
      if (existing) {
        // Imported before only if it is the same claim: same amount, same buyer; nothing is created.
        const owner = await findCustomerById(tx, ctx.tenantId, existing.customerId);
        const sameBuyer =
          owner !== undefined &&
          (owner.name.toLowerCase() === einvoice.buyer.name.toLowerCase() ||
            (owner.vatId !== null && owner.vatId === einvoice.buyer.vatId) ||
            owner.number === einvoice.buyer.id);
        if (existing.grossCents !== claimed || !sameBuyer) {
          throw new AppError(
            'import-rejected',
            `${file.fileName}: invoice ${einvoice.number} exists already with ${Money.of(existing.grossCents).toDecimalString()} EUR for ${owner?.name ?? 'another customer'}, the file says ${Money.of(claimed).toDecimalString()} EUR for ${einvoice.buyer.name}`,
          );
        }
        results.push({ ...report(owner?.number ?? '', false), outcome: 'already-imported' });
        continue;
      }
      const customer = await findOrCreateCustomer(tx, ctx, einvoice);
      const base = report(customer.number, customer.created);
      if (einvoice.kind === 'credit-note') {
        results.push({
          ...base,
          outcome: await importCreditNote(tx, ctx, file.fileName, einvoice, customer),
        });
        continue;
      }
      const termsInput = termsOf(einvoice, claimed, customer.paymentTerms ?? { kind: 'net', days: 14 });
      let terms;
      try {
        terms = parsePaymentTerms(termsInput);
      } catch (error) {
        throw new AppError('import-rejected', `${file.fileName}: payment terms: ${(error as Error).message}`);
      }
      if (lines.note) warnings.push(lines.note);
      const dueDate = einvoice.dueDate ?? addDays(einvoice.issueDate, terms.kind === 'net' ? terms.days : 14);
      const [invoice] = await insertInvoices(tx, ctx.tenantId, [
        {
          invoice: {
            tenantId: ctx.tenantId,
            number: einvoice.number,
            customerId: customer.id,
            orderId: null,
            issuedOn: einvoice.issueDate,
            receivedOn: null,
            deliveredOn: einvoice.deliveryDate,
            dueDate,
            // A due date the invoice states on its own is no calendar date agreed (§286 Abs. 2 Nr. 1 BGB).
            dueDateFixedByCalendar: false,
            thirtyDayNotice: false,
            paymentTerms: termsInput as Record<string, unknown>,
            currency: 'EUR',
            netCents: einvoice.netCents,
            vatCents: einvoice.vatCents,
            grossCents: claimed,
            source: 'einvoice',
          },
          lines: lines.rows,
        },
      ]);
      const row = invoice as NonNullable<typeof invoice>;
      await appendEvents(
        tx,
        ctx.tenantId,
        ctx.actor,
        [invoiceCreatedEvent(row, { source: file.fileName })],
        ctx.now(),
      );
      if (einvoice.prepaidCents > 0) {
        // Paid in advance (BT-113): a payment on the invoice date, so the claim shows what is due.
        await bookPaymentInTransaction(tx, ctx, {
          customer,
          amount: Money.of(einvoice.prepaidCents),
          receivedOn: einvoice.issueDate as CalendarDate,
          invoiceNumbers: [einvoice.number],
          reference: `prepaid according to e-invoice ${einvoice.number}`,
          payerName: null,
          payerIban: null,
          source: 'prepaid',
          skonto: false,
        });
      }
      results.push({ ...base, outcome: 'created' });
    }
    return results;
  });
}

/**
 * A credit note reduces the invoice it names (BT-25). One that names none is set off against the
 * customer's open claims as §366 Abs. 2 BGB orders them, the rest held as credit.
 */
async function importCreditNote(
  tx: Db,
  ctx: ServiceContext,
  fileName: string,
  einvoice: EInvoice,
  customer: { id: number; number: string },
): Promise<'created' | 'already-imported'> {
  const [existing] = await tx
    .select()
    .from(creditNotes)
    .where(and(eq(creditNotes.tenantId, ctx.tenantId), eq(creditNotes.number, einvoice.number)));
  if (existing) return 'already-imported';
  const invoice = einvoice.precedingInvoice
    ? await findInvoiceByNumber(tx, ctx.tenantId, einvoice.precedingInvoice)
    : undefined;
  if (einvoice.precedingInvoice && !invoice) {
    throw new AppError(
      'import-rejected',
      `${fileName}: credit note ${einvoice.number} refers to invoice ${einvoice.precedingInvoice}, which is not known`,
    );
  }
  await bookCreditNote(tx, ctx, {
    number: einvoice.number,
    invoice: invoice ?? null,
    customer,
    issuedOn: einvoice.issueDate as CalendarDate,
    reason: einvoice.notes[0]?.slice(0, 500) ?? 'credit note',
    netCents: einvoice.netCents,
    vatCents: einvoice.vatCents,
    grossCents: einvoice.totalCents,
    // The amount credited is what the document says is payable to the customer (BT-115).
    creditedCents: einvoice.payableCents,
    source: fileName,
  });
  return 'created';
}
