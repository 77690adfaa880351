/**
 * @module einvoice-export-service
 * `invoice einvoice NUMBER --format F`: one of our invoices as an e-invoice — XRechnung 3.0 in UBL
 * or CII, or the invoice PDF as a ZUGFeRD/Factur-X EN 16931 hybrid. Loads the invoice, its lines,
 * the customer and the company profile (as `invoicePdf` does), states the payment terms in the
 * customer's language with due date and Skonto from the stored terms, and hands a plain input to
 * the pure writers in `formats/einvoice-write.ts`.
 *
 * What the company profile must hold is checked first and named with the option that sets it:
 * postal address (BR-08), VAT id or tax number (BR-S-02, BR-DE-16) — without a VAT id also the
 * register entry, which then identifies the seller (BR-CO-26) — and the IBAN to pay into (BR-50);
 * for XRechnung also phone and e-mail (BR-DE-6, BR-DE-7, the e-mail being the electronic
 * address BT-34). The customer needs a postal address (BR-10), for XRechnung an e-mail (BT-49).
 *
 * The buyer reference (BT-10) is the customer number: Leitweg-IDs of public buyers are not stored
 * yet. Credit notes are not exported here: they are stored without lines and rates.
 *
 * The file is the invoice as issued, not a statement of account: payments recorded after the
 * invoice date (bank transfers, Skonto, credit notes) do not change it. What it states as paid in
 * advance (BT-113) is what the invoice stated when it was issued — for an imported e-invoice the
 * payment of source `prepaid` the import booked from the document's own BT-113 — so that
 * an exported invoice imports again as the same claim with the same amount due (BT-115). An
 * imported e-invoice's rounding amount (BT-114) is what its stored gross exceeds net + VAT by.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findCustomerById } from '../db/customer-repository.ts';
import type { CustomerRow } from '../db/customer-repository.ts';
import {
  findInvoiceByNumber,
  findInvoiceLines,
  type InvoiceRow,
  paymentsOfInvoice,
} from '../db/invoice-repository.ts';
import { findTenantById } from '../db/tenant-repository.ts';
import { type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import { formatPercent } from '../domain/percent.ts';
import {
  type PaymentTerms,
  parsePaymentTerms,
  paymentScheduleFor,
  skontoOffers,
} from '../domain/payment-terms.ts';
import {
  embedFacturX,
  type EInvoiceExportInput,
  type EInvoiceExportLine,
  vatBreakdownFromLines,
  writeFacturXCii,
  writeXRechnungCii,
  writeXRechnungUbl,
} from '../formats/einvoice-write.ts';
import { AppError, type AppErrorIssue } from './app-error.ts';
import { type CompanyProfile, getCompanyProfile } from './company-service.ts';
import { invoicePdf } from './document-service.ts';
import type { ServiceContext } from './service-context.ts';

export type EInvoiceExportFormat = 'xrechnung-ubl' | 'xrechnung-cii' | 'factur-x';

export const EINVOICE_EXPORT_FORMATS: readonly EInvoiceExportFormat[] = [
  'xrechnung-ubl',
  'xrechnung-cii',
  'factur-x',
];

export interface ExportedEInvoice {
  fileName: string;
  bytes: Uint8Array;
  mimeType: string;
}

export function isEInvoiceExportFormat(value: string): value is EInvoiceExportFormat {
  return (EINVOICE_EXPORT_FORMATS as readonly string[]).includes(value);
}

/** The invoice `number` as an e-invoice file in `format`. */
export async function exportInvoice(
  ctx: ServiceContext,
  number: string,
  format: EInvoiceExportFormat,
): Promise<ExportedEInvoice> {
  if (!isEInvoiceExportFormat(format)) {
    throw new AppError(
      'validation',
      `format: expected one of ${EINVOICE_EXPORT_FORMATS.join(', ')}, got "${String(format)}"`,
      { issues: [{ path: 'format', message: `expected one of ${EINVOICE_EXPORT_FORMATS.join(', ')}` }] },
    );
  }
  const invoice = await findInvoiceByNumber(ctx.db, ctx.tenantId, number);
  if (!invoice) throw new AppError('not-found', `invoice ${number} not found`);
  const [lines, customer, company, tenant, payments] = await Promise.all([
    findInvoiceLines(ctx.db, ctx.tenantId, invoice.id),
    findCustomerById(ctx.db, ctx.tenantId, invoice.customerId),
    getCompanyProfile(ctx),
    findTenantById(ctx.db, ctx.tenantId),
    paymentsOfInvoice(ctx.db, ctx.tenantId, invoice.id),
  ]);
  if (!customer) throw new AppError('not-found', `customer of invoice ${number} not found`);
  const isXRechnung = format !== 'factur-x';
  assertExportable(invoice, customer, company, isXRechnung ? 'XRechnung' : 'Factur-X');

  const input = exportInput(invoice, lines, customer, company, tenant?.state, prepaidCentsOf(payments));
  const base = `${invoice.number.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
  const utf8 = (text: string) => new TextEncoder().encode(text);
  switch (format) {
    case 'xrechnung-ubl':
      return {
        fileName: `${base}-xrechnung-ubl.xml`,
        bytes: utf8(writeXRechnungUbl(input)),
        mimeType: 'application/xml',
      };
    case 'xrechnung-cii':
      return {
        fileName: `${base}-xrechnung-cii.xml`,
        bytes: utf8(writeXRechnungCii(input)),
        mimeType: 'application/xml',
      };
    case 'factur-x': {
      // The XML is written (and checked) before the PDF is rendered.
      const cii = writeFacturXCii(input);
      const pdf = await invoicePdf(ctx, number);
      const iccProfile = srgbProfile();
      const bytes = await embedFacturX(pdf, cii, input, iccProfile ? { iccProfile } : {});
      return { fileName: `${base}-factur-x.pdf`, bytes, mimeType: 'application/pdf' };
    }
  }
}

/** Refuses, naming every missing field and how to set it, what the e-invoice could not carry. */
function assertExportable(
  invoice: InvoiceRow,
  customer: CustomerRow,
  company: CompanyProfile,
  what: 'XRechnung' | 'Factur-X',
): void {
  const issues: AppErrorIssue[] = [];
  if (!company.address) {
    issues.push({
      path: 'company.address',
      message:
        'the postal address (BR-08): mahnwerk company set --street "…" --postal-code … --city … [--country DE]',
    });
  }
  if (!company.vatId && !company.taxNumber) {
    issues.push({
      path: 'company.vatId',
      message:
        'a VAT id or tax number (BR-S-02, BR-DE-16): mahnwerk company set --vat-id DE123456789 (or --tax-number …)',
    });
  } else if (!company.vatId && !company.register) {
    issues.push({
      path: 'company.register',
      message:
        'without a VAT id, the register entry that identifies the company (BR-CO-26): mahnwerk company set --register "Amtsgericht … HRB …" (or --vat-id …)',
    });
  }
  if (!company.bank) {
    issues.push({
      path: 'company.bank.iban',
      message: 'the bank account to pay into (BR-50, BR-DE-23): mahnwerk company set --iban DE… [--bic …]',
    });
  }
  if (what === 'XRechnung') {
    if (!company.phone) {
      issues.push({
        path: 'company.phone',
        message: 'a phone number for the seller contact (BR-DE-6): mahnwerk company set --phone "+49 …"',
      });
    }
    if (!company.email) {
      issues.push({
        path: 'company.email',
        message:
          'an e-mail address for the seller contact and electronic address (BR-DE-7, BT-34): mahnwerk company set --email …',
      });
    }
  }
  if (issues.length > 0) {
    throw new AppError(
      'validation',
      `invoice ${invoice.number} cannot be exported as ${what}: the company profile lacks\n` +
        issues.map((i) => `  - ${i.message}`).join('\n'),
      { issues },
    );
  }
  const customerIssues: AppErrorIssue[] = [];
  if (!customer.address) {
    customerIssues.push({ path: 'customer.address', message: 'a postal address (BR-10)' });
  }
  if (what === 'XRechnung' && !customer.email) {
    customerIssues.push({
      path: 'customer.email',
      message: "an e-mail address as the buyer's electronic address (BT-49, PEPPOL-EN16931-R010)",
    });
  }
  if (customerIssues.length > 0) {
    throw new AppError(
      'validation',
      `invoice ${invoice.number} cannot be exported as ${what}: customer ${customer.number} lacks ` +
        customerIssues.map((i) => i.message).join(' and ') +
        '; add it to the customer record',
      { issues: customerIssues },
    );
  }
}

const UNIT_CODES = new Map<string, string>([
  ['stk', 'H87'],
  ['stück', 'H87'],
  ['st', 'H87'],
  ['pcs', 'H87'],
  ['piece', 'H87'],
  ['h', 'HUR'],
  ['std', 'HUR'],
  ['stunde', 'HUR'],
  ['stunden', 'HUR'],
  ['hour', 'HUR'],
  ['hours', 'HUR'],
  ['min', 'MIN'],
  ['tag', 'DAY'],
  ['tage', 'DAY'],
  ['day', 'DAY'],
  ['days', 'DAY'],
  ['monat', 'MON'],
  ['month', 'MON'],
  ['kg', 'KGM'],
  ['g', 'GRM'],
  ['t', 'TNE'],
  ['m', 'MTR'],
  ['km', 'KMT'],
  ['m2', 'MTK'],
  ['m²', 'MTK'],
  ['m3', 'MTQ'],
  ['m³', 'MTQ'],
  ['l', 'LTR'],
  ['pauschal', 'LS'],
  ['psch', 'LS'],
]);

/**
 * The UN/ECE Rec 20 code of a unit as people type it (`Std` → `HUR`, `kg` → `KGM`); anything else
 * is taken as a code already (`C62`, `H87`), and the writer refuses what cannot be one.
 */
function unitCodeOf(unit: string): string {
  const trimmed = unit.trim();
  return UNIT_CODES.get(trimmed.toLowerCase().replace(/\.$/, '')) ?? trimmed.toUpperCase();
}

const TERMS_TEXT = {
  de: {
    payBy: (date: string) => `Zahlbar ohne Abzug bis zum ${date}.`,
    skonto: (percent: string, date: string, discount: string, payable: string) =>
      `Bei Zahlung bis zum ${date} ${percent} % Skonto (${discount}), zu zahlen ${payable}.`,
    instalments: (count: number) => `Zahlbar in ${count} Raten:`,
    instalment: (n: number, amount: string, date: string) => `${n}. Rate ${amount} bis zum ${date}`,
  },
  en: {
    payBy: (date: string) => `Payable without deduction by ${date}.`,
    skonto: (percent: string, date: string, discount: string, payable: string) =>
      `If paid by ${date}, ${percent} % early payment discount (${discount}): pay ${payable}.`,
    instalments: (count: number) => `Payable in ${count} instalments:`,
    instalment: (n: number, amount: string, date: string) => `instalment ${n}: ${amount} by ${date}`,
  },
};

/** The payment terms in words and the Skonto tiers for XRechnung's notation. */
function paymentTermsOf(
  invoice: InvoiceRow,
  language: 'de' | 'en',
  state: string | undefined,
): EInvoiceExportInput['paymentTerms'] {
  const t = TERMS_TEXT[language];
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  const money = (m: Money) => formatMoney(m, language);
  const issuedOn = invoice.issuedOn as CalendarDate;
  const gross = Money.of(invoice.grossCents, invoice.currency);
  let terms: PaymentTerms;
  try {
    terms = parsePaymentTerms(invoice.paymentTerms);
  } catch {
    // Terms that no longer validate offer no Skonto (as on the PDF); the due date stands.
    return { text: t.payBy(date(invoice.dueDate as CalendarDate)), skonto: [] };
  }
  if (terms.kind === 'instalments') {
    const schedule = paymentScheduleFor(terms, issuedOn, gross);
    return {
      text: [
        t.instalments(schedule.length),
        ...schedule.map((i) => t.instalment(i.number, money(i.amount), date(i.dueDate))),
      ].join('\n'),
      skonto: [],
    };
  }
  // §193 BGB moves a deadline on a weekend or holiday, as on the PDF; XRechnung states the days.
  const offers = skontoOffers(terms, issuedOn, gross, state);
  return {
    text: [
      t.payBy(date(invoice.dueDate as CalendarDate)),
      ...offers.map((o) =>
        t.skonto(formatPercent(o.percent, 0), date(o.deadline), money(o.discount), money(o.payable)),
      ),
    ].join('\n'),
    // Without a base XRechnung applies the percentage to the amount due, which for our own invoices
    // is the gross amount our terms reckon Skonto on; a tier with a base of its own (an imported
    // BASISBETRAG, kept as given) is written with it, so that it survives export and import again.
    skonto: terms.skonto.map((tier) => ({
      days: tier.days,
      percent: formatPercent(tier.percent),
      baseCents: tier.baseCents ?? null,
    })),
  };
}

/**
 * What the invoice as issued states as paid in advance (BT-113): the payment of source `prepaid`,
 * which only the e-invoice import books (on the invoice date, from the document's BT-113). Other
 * payments came after the invoice was issued and are not part of it.
 */
function prepaidCentsOf(payments: Awaited<ReturnType<typeof paymentsOfInvoice>>): number {
  return payments
    .filter((payment) => payment.source === 'prepaid')
    .reduce((sum, payment) => sum + Number(payment.allocated_cents), 0);
}

let cachedProfile: Uint8Array | null | undefined;

/**
 * The sRGB ICC profile pdfkit ships (it uses it for its own PDF/A mode), for the output intent.
 * Without it the Factur-X PDF has no output intent: no less readable, one more PDF/A gap.
 */
function srgbProfile(): Uint8Array | undefined {
  if (cachedProfile === undefined) {
    try {
      const require = createRequire(import.meta.url);
      cachedProfile = new Uint8Array(readFileSync(require.resolve('pdfkit/js/data/sRGB_IEC61966_2_1.icc')));
    } catch {
      cachedProfile = null;
    }
  }
  return cachedProfile ?? undefined;
}

function exportInput(
  invoice: InvoiceRow,
  rows: Awaited<ReturnType<typeof findInvoiceLines>>,
  customer: CustomerRow,
  company: CompanyProfile,
  state: string | undefined,
  prepaidCents: number,
): EInvoiceExportInput {
  // assertExportable has made sure of these.
  const address = company.address as NonNullable<CompanyProfile['address']>;
  const bank = company.bank as NonNullable<CompanyProfile['bank']>;
  const customerAddress = customer.address as NonNullable<CustomerRow['address']>;
  const lines: EInvoiceExportLine[] = [...rows]
    .sort((a, b) => a.position - b.position)
    .map((row) => ({
      position: row.position,
      description: row.description,
      quantityMilli: row.quantityMilli,
      unitCode: unitCodeOf(row.unit),
      unitPriceCents: row.unitPriceCents,
      vatRateBasisPoints: row.vatRateBasisPoints,
      netCents: row.netCents,
    }));
  // An imported e-invoice's gross is its total plus its rounding amount (BT-114); every other
  // invoice's is net + VAT, and one that is not is refused by the writer (BR-CO-15), not rounded.
  const totalCents = invoice.netCents + invoice.vatCents;
  const roundingCents = invoice.source === 'einvoice' ? invoice.grossCents - totalCents : 0;
  return {
    seller: {
      name: company.name,
      address: {
        street: address.street,
        postalCode: address.postalCode,
        city: address.city,
        country: address.country,
      },
      vatId: company.vatId,
      taxNumber: company.taxNumber,
      register: company.register,
      contact: { name: company.name, phone: company.phone, email: company.email },
      bank: { iban: bank.iban, bic: bank.bic },
    },
    buyer: {
      number: customer.number,
      name: customer.name,
      address: {
        street: customerAddress.street,
        ...(customerAddress.extra ? { extra: customerAddress.extra } : {}),
        postalCode: customerAddress.postalCode,
        city: customerAddress.city,
        country: customerAddress.country,
      },
      vatId: customer.vatId,
      email: customer.email,
    },
    invoice: {
      number: invoice.number,
      kind: 'invoice',
      issueDate: invoice.issuedOn as CalendarDate,
      // §14 Abs. 4 Nr. 6 UStG: without its own delivery date the invoice says supply was on the invoice date.
      deliveryDate: (invoice.deliveredOn ?? invoice.issuedOn) as CalendarDate,
      period: null,
      dueDate: invoice.dueDate as CalendarDate,
      currency: invoice.currency,
      buyerReference: null,
      precedingInvoice: null,
      note: null,
    },
    lines,
    vatBreakdown: vatBreakdownFromLines(lines),
    totals: {
      netCents: invoice.netCents,
      vatCents: invoice.vatCents,
      grossCents: invoice.grossCents - roundingCents,
      prepaidCents,
      roundingCents,
    },
    paymentTerms: paymentTermsOf(invoice, customer.language, state),
  };
}
