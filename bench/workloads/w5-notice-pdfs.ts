/**
 * @module w5-notice-pdfs
 * W5: 1,000 consolidated dunning letters (10 at the smoke scale) rendered to PDF by `renderNoticePdf` (2–6 claims each,
 * interest explained per period, EPC QR code), in one process, hence per core. Floor: the same
 * letter page (letterhead, address, info block, subject, the template's wording, footer) with only
 * static text, drawn through the same `createLetter` and pdfkit.
 */
import { addDays, type CalendarDate } from '../../src/domain/calendar-date.ts';
import { createLetter, recipientLines } from '../../src/documents/letter-pdf.ts';
import { defaultTemplate } from '../../src/documents/letter-templates.ts';
import {
  fillNoticeTemplate,
  type NoticeDocumentItem,
  type RenderNoticePdfInput,
  renderNoticePdf,
  splitAtClaims,
} from '../../src/documents/notice-pdf.ts';
import type { CompanyProfile } from '../../src/services/company-service.ts';
import { mulberry32 } from '../../src/services/seeded-random.ts';
import { BENCH_TODAY, benchCustomer, benchInvoice } from '../bench-data.ts';
import {
  asFloor,
  check,
  measurePhase,
  plain,
  processPeakRssMb,
  type WorkloadReport,
} from '../bench-measure.ts';
import type { WorkloadArgs } from './workload-args.ts';

/** 1,000 letters; fewer below --scale 100000, so that the smoke run stays quick. */
const lettersAt = (scale: number) => Math.min(1_000, Math.max(10, Math.floor(scale / 100)));

const COMPANY: CompanyProfile = {
  name: 'Musterfirma Maschinenbau GmbH',
  address: { street: 'Industriestraße 12', postalCode: '10115', city: 'Berlin', country: 'DE' },
  phone: '+49 30 1234567',
  email: 'forderungen@musterfirma.example',
  website: 'www.musterfirma.example',
  vatId: 'DE123456789',
  taxNumber: '27/123/45678',
  register: 'Amtsgericht Berlin-Charlottenburg HRB 123456',
  managingDirectors: 'Erika Musterfrau, Max Mustermann',
  state: 'BE',
  creditorId: 'DE98ZZZ09999999999',
  bank: { iban: 'DE02120300000000202051', bic: 'BYLADEM1001', bankName: 'Deutsche Kreditbank' },
};

const STAGES = ['payment-reminder', 'first-notice', 'final-notice'];

function letterInput(n: number): RenderNoticePdfInput {
  const random = mulberry32(0x1e77e5 ^ n);
  const customer = benchCustomer(n);
  const claims = 2 + Math.floor(random() * 5);
  const items: NoticeDocumentItem[] = [];
  for (let k = 0; k < claims; k++) {
    const invoice = benchInvoice(n * 10 + k);
    const dueDate = addDays(BENCH_TODAY, -(20 + Math.floor(random() * 200)));
    const interestCents = Math.floor(invoice.grossCents * 0.0005 * (1 + Math.floor(random() * 40)));
    const segments = [
      { from: dueDate, to: addDays(dueDate, 90) },
      { from: addDays(dueDate, 91), to: BENCH_TODAY },
    ];
    const flatFeeCents = customer.debtorKind === 'business' && k === 0 ? 4_000 : 0;
    items.push({
      invoiceNumber: invoice.number,
      issuedOn: addDays(dueDate, -30),
      dueDate,
      grossCents: invoice.grossCents,
      openPrincipalCents: invoice.grossCents,
      openCostsCents: k === 0 ? 500 : 0,
      interestCents,
      interestPaidCents: 0,
      flatFeeCents,
      totalCents: invoice.grossCents + interestCents + flatFeeCents + (k === 0 ? 500 : 0),
      interestSegments: segments.map((s, i) => ({
        from: s.from,
        to: s.to,
        days: 90,
        ratePercent: customer.debtorKind === 'business' ? '11.27' : '5.27',
        baseRatePercent: '2.27',
        principalCents: invoice.grossCents,
        interestCents: Math.floor(interestCents / 2) + (i === 0 ? interestCents % 2 : 0),
      })),
    });
  }
  const stage = STAGES[n % STAGES.length] as string;
  const feeCents = stage === 'payment-reminder' ? 0 : 500;
  return {
    company: COMPANY,
    customer: {
      number: customer.number,
      name: customer.name,
      address: {
        street: `Hauptstraße ${1 + (n % 200)}`,
        postalCode: '20095',
        city: 'Hamburg',
        country: 'DE',
      },
      language: n % 10 === 0 ? 'en' : 'de',
      vatId: null,
    },
    notice: {
      id: n + 1,
      issuedOn: BENCH_TODAY,
      paymentDeadline: addDays(BENCH_TODAY, 14) as CalendarDate,
      currency: 'EUR',
      feeCents,
      feeWaivedBecause: null,
      totalCents: items.reduce((sum, i) => sum + i.totalCents, feeCents),
      announcesEscalation: stage === 'final-notice',
    },
    items,
    template: defaultTemplate(stage, n % 10 === 0 ? 'en' : 'de'),
  };
}

/** The letter with its wording only: no statement of claims, no payment block, no QR code. */
async function staticLetter(input: RenderNoticePdfInput): Promise<Uint8Array> {
  const filled = fillNoticeTemplate(input);
  const letter = createLetter({
    company: input.company,
    recipient: { lines: recipientLines(input.customer.name, input.customer.address) },
    info: [
      ['Datum', '24.11.2026'],
      ['Kundennr.', input.customer.number],
      ['Zahlbar bis', '08.12.2026'],
    ],
    subject: filled.subject,
    language: input.customer.language,
    title: filled.subject,
  });
  const [before, after] = splitAtClaims(filled.body);
  for (const paragraph of [...before, ...after]) letter.paragraph(paragraph);
  return letter.finish();
}

export async function benchNoticePdfs(args: WorkloadArgs): Promise<WorkloadReport> {
  const LETTERS = lettersAt(args.scale);
  const inputs = Array.from({ length: LETTERS }, (_, n) => letterInput(n));
  const render = (draw: (input: RenderNoticePdfInput) => Promise<Uint8Array>) => async () => {
    let bytes = 0;
    for (const input of inputs) bytes += (await draw(input)).length;
    return bytes;
  };
  const letters = await measurePhase(
    {
      id: 'W5',
      what: 'dunning letters to PDF',
      runs: args.runs,
      items: LETTERS,
      detail: (b) => `${(b / LETTERS / 1024).toFixed(0)} KB per letter`,
    },
    render(renderNoticePdf),
  );
  const floor = await measurePhase(
    {
      id: 'W5-floor',
      what: 'static-text letter page',
      runs: args.runs,
      items: LETTERS,
      detail: (b) => `${(b / LETTERS / 1024).toFixed(0)} KB per page`,
    },
    render(staticLetter),
  );
  return {
    id: 'W5',
    figures: [plain(letters), asFloor(floor, letters)],
    targets: [check('W5', '≥ 100 letters/s per core', `${letters.perSecond}/s`, letters.perSecond >= 100)],
    processPeakRssMb: processPeakRssMb(),
  };
}
