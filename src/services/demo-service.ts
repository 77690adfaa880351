/**
 * @module demo-service
 * `mahnwerk demo`: fills an empty company with a realistic, reproducible demo — German businesses
 * and consumers, twelve months of invoices with varied terms, payments by good, slow, partial and
 * non-payers, and a few disputes, promises to pay and dunning blocks — so that the dunning run
 * finds claims at every age right away.
 *
 * Everything random comes from one seeded generator and is planned before the database is
 * touched, so a seed always gives the same data. Customers and invoices are inserted in bulk in
 * one transaction, which also refuses a company that has customers already; payments and holds
 * then go through their use cases (allocation by §§366, 367 BGB, claim states, events), each in
 * its own transaction as in real life. A demo stopped halfway leaves a half-filled company: start
 * again with another --tenant.
 */
import { refreshStatistics } from '../db/database.ts';
import { transliterateGerman } from '../domain/transliterate-german.ts';
import { z } from 'zod';
import { countCustomers, type CustomerRow, insertCustomers } from '../db/customer-repository.ts';
import { appendEvents } from '../db/event-store.ts';
import {
  type InvoiceRow,
  insertInvoices,
  type NewInvoiceLineRow,
  type NewInvoiceRow,
} from '../db/invoice-repository.ts';
import type { PostalAddress } from '../db/schema.ts';
import { reserveNumbers } from '../db/tenant-repository.ts';
import {
  addDays,
  addMonths,
  type CalendarDate,
  calendarDate,
  daysBetween,
  endOfMonth,
  isoWeekday,
  monthOf,
  yearOf,
} from '../domain/calendar-date.ts';
import { computeInvoiceTotals, type LineAmounts } from '../domain/invoice-totals.ts';
import { Money } from '../domain/money.ts';
import {
  dueDateFor,
  isDueDateFixedByCalendar,
  parsePaymentTerms,
  type PaymentTermsInput,
} from '../domain/payment-terms.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { AppError } from './app-error.ts';
import { getCompanyProfile, updateCompanyProfile } from './company-service.ts';
import { customerInputSchema, customerRowValues, setDunningBlock } from './customer-service.ts';
import { openDispute, recordPromiseToPay } from './hold-service.ts';
import { invoiceCreatedEvent, nextInvoiceNumbers } from './invoice-service.ts';
import { parseInput } from './parse-input.ts';
import { recordPayment } from './payment-service.ts';
import { DEFAULT_COMPANY_NAME } from './tenant-service.ts';
import type { ServiceContext } from './service-context.ts';
import { SeededRandom } from './seeded-random.ts';
import {
  SURNAMES,
  FIRST_NAMES,
  INDUSTRIES,
  EN_COMPANY_WORDS,
  EN_INDUSTRIES,
  EN_FIRST_NAMES,
  EN_SURNAMES,
  CITIES,
  STREETS,
  MAIL_PROVIDERS,
  BANK_CODES,
  CATALOGUE,
  CENT_ENDINGS,
  NET_14,
  NET_30,
  SKONTO_2_10_NET_30,
  SKONTO_3_8_2_14_NET_45,
  DISPUTE_REASONS,
} from './demo-catalogue.ts';

export const DEMO_DEFAULTS = { customers: 200, invoices: 2000, seed: 1 } as const;
export const DEMO_MAX_CUSTOMERS = 50_000;
export const DEMO_MAX_INVOICES = 500_000;

const demoOptionsSchema = z
  .object({
    customers: z.number().int().min(1).max(DEMO_MAX_CUSTOMERS),
    invoices: z.number().int().min(1).max(DEMO_MAX_INVOICES),
    seed: z.number().int().min(0).max(0xffff_ffff),
    today: calendarDateSchema,
  })
  .refine((o) => o.invoices >= o.customers, {
    path: ['invoices'],
    message: 'must be at least the number of customers (every customer gets an invoice)',
  });

export interface CreateDemoDataOptions {
  customers: number;
  invoices: number;
  seed: number;
  /** The day the demo leads up to: invoices lie in the 12 months before, payments on or before it. */
  today: string;
  /** Called as work is done (invoices inserted, payments and holds recorded), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface DemoSummary {
  today: string;
  seed: number;
  customers: number;
  businessCustomers: number;
  consumerCustomers: number;
  invoices: number;
  paidInvoices: number;
  /** Some money received, some still open. */
  partlyPaidInvoices: number;
  /** Not fully paid (partly paid ones included). */
  openInvoices: number;
  /** Open and past the due date. */
  overdueInvoices: number;
  payments: number;
  disputes: number;
  promises: number;
  blocks: number;
  invoicedCents: number;
  paidCents: number;
  openCents: number;
  overdueCents: number;
}

// ---------------------------------------------------------------------------------------------
// The plan: everything decided before the database is touched

type Profile = 'good' | 'slow' | 'partial' | 'non-payer';
type CustomerValues = z.output<typeof customerInputSchema>;

interface PlannedCustomer {
  values: CustomerValues;
  profile: Profile;
  /** Relative number of invoices. */
  weight: number;
  /** Businesses often pay in runs: every week on one weekday, or once a month on one day. */
  payRun: { weekday: number } | { dayOfMonth: number } | null;
}

interface PlannedInvoice {
  customer: number;
  issuedOn: CalendarDate;
  deliveredOn: CalendarDate;
  terms: PaymentTermsInput;
  dueDate: CalendarDate;
  dueDateFixedByCalendar: boolean;
  lines: NewInvoiceLineRow[];
  netCents: number;
  vatCents: number;
  grossCents: number;
}

interface PlannedPayment {
  customer: number;
  receivedOn: CalendarDate;
  /** The transfer names its invoices (§366 Abs. 1 BGB); otherwise the statutory order decides. */
  designated: boolean;
  /** The invoices it pays and how much of each: one, or several in a pay run. */
  parts: { invoice: number; amountCents: number; full: boolean }[];
}

/** `n` × `percent` %, rounded to the nearest whole number (halves up), in integers. */
const share = (n: number, percent: number) => Math.floor((n * percent + 50) / 100);

/** "Müller & Söhne" → "mueller-soehne", for e-mail addresses. */
function slug(text: string): string {
  return transliterateGerman(text.toLowerCase())
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A German IBAN with correct check digits (ISO 13616: mod 97 of the rearranged number is 1). */
function germanIban(random: SeededRandom): string {
  const bban = random.pick(BANK_CODES) + String(random.int(10_000_000, 9_999_999_999)).padStart(10, '0');
  const check = 98n - (BigInt(`${bban}131400`) % 97n); // D = 13, E = 14
  return `DE${String(check).padStart(2, '0')}${bban}`;
}

function companyName(random: SeededRandom, english: boolean): string {
  if (english) return `${random.pick(EN_COMPANY_WORDS)} ${random.pick(EN_INDUSTRIES)} GmbH`;
  const surname = random.pick(SURNAMES);
  const industry = random.pick(INDUSTRIES);
  const form = random.int(0, 99);
  if (form < 40) return `${surname} ${industry} GmbH`;
  if (form < 55) return `${surname} ${industry} GmbH & Co. KG`;
  if (form < 65) return `${surname} & ${random.pick(SURNAMES)} KG`;
  if (form < 80) return `${industry} ${surname} e.K.`;
  if (form < 85) return `${surname} ${industry} AG`;
  if (form < 90) return `${surname} & ${random.pick(SURNAMES)} ${industry} OHG`;
  return `${industry} ${surname} UG (haftungsbeschränkt)`;
}

function planAddress(random: SeededRandom, business: boolean): PostalAddress & { areaCode: string } {
  const [city, postalCode, , areaCode] = random.pick(CITIES);
  const letter = random.chance(10) ? random.pick(['a', 'b', 'c']) : '';
  return {
    street: `${random.pick(STREETS)} ${random.int(1, 140)}${letter}`,
    postalCode,
    city,
    country: 'DE',
    ...(business && random.chance(20) ? { extra: ['Buchhaltung'] } : {}),
    areaCode,
  };
}

function planCustomer(
  random: SeededRandom,
  kind: 'business' | 'consumer',
  taken: Set<string>,
): CustomerValues {
  const english = random.chance(8);
  const business = kind === 'business';
  let name = '';
  let first = '';
  let last = '';
  // Names repeat in a small pool; a few tries keep them apart, as a real ledger would.
  for (let attempt = 0; attempt < 20 && (name === '' || taken.has(name)); attempt++) {
    first = random.pick(english ? EN_FIRST_NAMES : FIRST_NAMES);
    last = random.pick(english ? EN_SURNAMES : SURNAMES);
    name = business ? companyName(random, english) : `${first} ${last}`;
  }
  taken.add(name);
  const { areaCode, ...address } = planAddress(random, business);
  const domain = `${slug(name.replace(/ (GmbH|AG|KG|OHG|e\.K\.|UG).*$/, ''))}.de`;
  const email = business
    ? `${random.pick(english ? ['accounts', 'invoices', 'finance'] : ['rechnung', 'buchhaltung', 'info', 'kontakt'])}@${domain}`
    : random.chance(90)
      ? `${slug(first)}.${slug(last)}${random.chance(40) ? random.int(1, 99) : ''}@${random.pick(MAIL_PROVIDERS)}`
      : null;
  const termsRoll = random.int(0, 99);
  const paymentTerms = !business
    ? termsRoll < 80
      ? NET_14
      : NET_30
    : termsRoll < 35
      ? NET_30
      : termsRoll < 55
        ? NET_14
        : termsRoll < 88
          ? SKONTO_2_10_NET_30
          : SKONTO_3_8_2_14_NET_45;
  return parseInput(
    customerInputSchema,
    {
      name,
      debtorKind: kind,
      language: english ? 'en' : 'de',
      email,
      phone: random.chance(70) ? `+49 ${areaCode} ${random.int(200_000, 9_999_999)}` : null,
      address,
      vatId: business && random.chance(75) ? `DE${random.int(100_000_000, 399_999_999)}` : null,
      ibans: random.chance(70) ? [germanIban(random)] : [],
      paymentTerms: paymentTerms as Record<string, unknown>,
      creditLimitCents: business && random.chance(40) ? random.int(1, 10) * 500_000 : null,
      dunningPolicyKey: business && random.chance(4) ? 'key-accounts' : null,
    },
    'demo customer',
  );
}

/** Splits `count` by percentages, at least one each when there is room, the rest to the first. */
function quotas(count: number, percents: readonly number[]): number[] {
  const rest = percents
    .slice(1)
    .map((p) => (count >= percents.length ? Math.max(1, share(count, p)) : share(count, p)));
  return [count - rest.reduce((a, b) => a + b, 0), ...rest];
}

function planCustomers(random: SeededRandom, count: number): PlannedCustomer[] {
  const [business = 0] = quotas(count, [75, 25]);
  const kinds = random.shuffle(
    Array.from({ length: count }, (_, i): 'business' | 'consumer' =>
      i < business ? 'business' : 'consumer',
    ),
  );
  const [good = 0, slow = 0, partial = 0] = quotas(count, [56, 27, 12, 5]);
  const profiles = random.shuffle(
    Array.from({ length: count }, (_, i): Profile =>
      i < good ? 'good' : i < good + slow ? 'slow' : i < good + slow + partial ? 'partial' : 'non-payer',
    ),
  );
  const taken = new Set<string>();
  return kinds.map((kind, i) => {
    const profile = profiles[i] as Profile;
    const business = kind === 'business';
    // Accounts payable departments pay in runs: punctual ones weekly, slow ones once a month.
    const payRun =
      business && profile === 'good' && random.chance(80)
        ? { weekday: random.int(1, 5) }
        : business && profile === 'slow'
          ? { dayOfMonth: random.pick([1, 15, 25]) }
          : null;
    return {
      values: planCustomer(random, kind, taken),
      profile,
      // Businesses order often, a few of them a lot; households now and then.
      weight: business ? (random.chance(10) ? random.int(15, 30) : random.int(2, 10)) : random.int(1, 2),
      payRun,
    };
  });
}

/** Each customer one invoice, the rest in proportion to the weights. */
function invoiceCounts(random: SeededRandom, planned: readonly PlannedCustomer[], total: number): number[] {
  const counts = planned.map(() => 1);
  const cumulative: number[] = [];
  let sum = 0;
  for (const c of planned) cumulative.push((sum += c.weight));
  for (let k = planned.length; k < total; k++) {
    const target = random.int(1, sum);
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return counts;
}

function planLines(random: SeededRandom, business: boolean) {
  const offered = CATALOGUE.filter(
    (item) => item.buyers === 'both' || (item.buyers === 'business') === business,
  );
  const roll = random.int(0, 99);
  const count = roll < 40 ? 1 : roll < 70 ? 2 : roll < 90 ? 3 : 4;
  const items = random.shuffle([...offered]).slice(0, count);
  const inputs = items.map((item) => ({
    quantityMilli: random.int(item.steps[0], item.steps[1]) * item.stepMilli,
    unitPriceCents: random.int(item.euros[0], item.euros[1]) * 100 + random.pick(CENT_ENDINGS),
    vatRateBasisPoints: item.vat,
  }));
  const totals = computeInvoiceTotals(inputs);
  const lines: NewInvoiceLineRow[] = items.map((item, i) => {
    const amounts = totals.lines[i] as LineAmounts;
    return {
      position: i + 1,
      description: item.description,
      unit: item.unit,
      ...(inputs[i] as (typeof inputs)[number]),
      netCents: amounts.net.minor,
      vatCents: amounts.vat.minor,
      grossCents: amounts.gross.minor,
    };
  });
  return { lines, netCents: totals.net.minor, vatCents: totals.vat.minor, grossCents: totals.gross.minor };
}

/** Invoices are written on working days: a weekend date moves back to the Friday. */
function previousWeekday(date: CalendarDate): CalendarDate {
  const weekday = isoWeekday(date);
  return weekday > 5 ? addDays(date, 5 - weekday) : date;
}

/** Banks credit on working days: a weekend date moves on to the Monday. */
function nextWeekday(date: CalendarDate): CalendarDate {
  const weekday = isoWeekday(date);
  return weekday > 5 ? addDays(date, 8 - weekday) : date;
}

/** The invoices of the 12 months before `today`, in the order of their issue (GoBD: numbers follow issue). */
function planInvoices(
  random: SeededRandom,
  planned: readonly PlannedCustomer[],
  total: number,
  today: CalendarDate,
): PlannedInvoice[] {
  const counts = invoiceCounts(random, planned, total);
  const invoices: PlannedInvoice[] = [];
  planned.forEach((customer, index) => {
    const business = customer.values.debtorKind === 'business';
    for (let k = 0; k < (counts[index] as number); k++) {
      const issuedOn = previousWeekday(addDays(today, -random.int(0, 362)));
      // A few invoices are due at the end of the following month, a date fixed by the calendar.
      const terms: PaymentTermsInput =
        business && random.chance(6)
          ? { kind: 'fixed-date', dueDate: endOfMonth(addMonths(issuedOn, 1)) }
          : (customer.values.paymentTerms as PaymentTermsInput);
      const parsed = parsePaymentTerms(terms);
      invoices.push({
        customer: index,
        issuedOn,
        deliveredOn: addDays(issuedOn, -random.int(0, 3)),
        terms,
        dueDate: dueDateFor(parsed, issuedOn),
        dueDateFixedByCalendar: isDueDateFixedByCalendar(parsed),
        ...planLines(random, business),
      });
    }
  });
  return invoices.sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0));
}

/** The first day of the customer's pay run on or after `date`. */
function payRunDay(run: NonNullable<PlannedCustomer['payRun']>, date: CalendarDate): CalendarDate {
  if ('weekday' in run) return addDays(date, (run.weekday - isoWeekday(date) + 7) % 7);
  const candidate = calendarDate(yearOf(date), monthOf(date), run.dayOfMonth);
  return candidate >= date ? candidate : addMonths(candidate, 1);
}

/** How a customer of this profile pays this invoice; payments after `today` have not happened yet. */
function planPaymentsOf(
  random: SeededRandom,
  customer: PlannedCustomer,
  invoice: PlannedInvoice,
  index: number,
): PlannedPayment[] {
  const { issuedOn, dueDate, grossCents, terms } = invoice;
  const pay = (receivedOn: CalendarDate, amountCents: number, designated = true): PlannedPayment => ({
    customer: invoice.customer,
    receivedOn: nextWeekday(receivedOn),
    designated,
    parts: [{ invoice: index, amountCents, full: amountCents === grossCents }],
  });
  /** A full payment in the customer's pay run, unless the run would miss `deadline`. */
  const inRun = (date: CalendarDate, deadline: CalendarDate | null, designated = true) => {
    const run = customer.payRun ? payRunDay(customer.payRun, date) : date;
    return pay(deadline !== null && run > deadline && date <= deadline ? date : run, grossCents, designated);
  };
  switch (customer.profile) {
    case 'good': {
      const skontoDays = 'skonto' in terms ? terms.skonto?.[0]?.days : undefined;
      // recordPayment cannot book an earned Skonto yet: a deducted payment would leave the discount
      // open as principal and get it dunned. Until it can, Skonto takers pay in full, early.
      if (skontoDays !== undefined && random.chance(60))
        return [inRun(addDays(issuedOn, random.int(2, skontoDays)), addDays(issuedOn, skontoDays))];
      if (random.chance(92))
        return [
          inRun(addDays(issuedOn, random.int(3, Math.max(3, daysBetween(issuedOn, dueDate)))), dueDate),
        ];
      return [inRun(addDays(dueDate, random.int(1, 10)), null)];
    }
    case 'slow':
      return [inRun(addDays(dueDate, random.int(10, 45)), null, random.chance(85))];
    case 'partial': {
      if (random.chance(40)) return [pay(addDays(dueDate, random.int(5, 40)), grossCents)];
      // A part in whole euros, at least one euro and always less than the whole.
      const part = Math.min(
        grossCents - 1,
        Math.max(100, Math.floor((grossCents * random.int(30, 70)) / 10_000) * 100),
      );
      const first = pay(addDays(dueDate, random.int(0, 30)), part);
      if (!random.chance(40)) return [first];
      return [first, pay(addDays(first.receivedOn, random.int(20, 60)), grossCents - part)];
    }
    case 'non-payer':
      return random.chance(15) ? [pay(addDays(dueDate, random.int(60, 150)), grossCents)] : [];
  }
}

const MAX_INVOICES_PER_TRANSFER = 10;

/**
 * The payments up to `today` in the order they were credited; full payments of one customer on
 * one day become one transfer naming all its invoices, as a pay run does.
 */
function schedulePayments(payments: readonly PlannedPayment[], today: CalendarDate): PlannedPayment[] {
  const sorted = payments
    .filter((p) => p.receivedOn <= today)
    .sort((a, b) =>
      a.receivedOn !== b.receivedOn
        ? a.receivedOn < b.receivedOn
          ? -1
          : 1
        : a.customer - b.customer || (a.parts[0]?.invoice ?? 0) - (b.parts[0]?.invoice ?? 0),
    );
  const merged: PlannedPayment[] = [];
  for (const payment of sorted) {
    const last = merged.at(-1);
    const joins = (p: PlannedPayment) => p.designated && p.parts.every((part) => part.full);
    if (
      last &&
      last.customer === payment.customer &&
      last.receivedOn === payment.receivedOn &&
      joins(last) &&
      joins(payment) &&
      last.parts.length < MAX_INVOICES_PER_TRANSFER
    ) {
      last.parts.push(...payment.parts);
    } else {
      merged.push({ ...payment, parts: [...payment.parts] });
    }
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Persisting

const INVOICE_CHUNK = 500;

/**
 * Fills an empty company with demo data and says what it made. Refused (`conflict`) when the
 * company has customers already, so running it twice never doubles anything.
 *
 * @example
 * await createDemoData(ctx, { customers: 200, invoices: 2000, seed: 1, today: '2025-06-30' });
 */
export async function createDemoData(
  ctx: ServiceContext,
  options: CreateDemoDataOptions,
): Promise<DemoSummary> {
  const input = parseInput(demoOptionsSchema, options, 'demo options');
  const today = input.today;
  const random = new SeededRandom(input.seed);
  const plannedCustomers = planCustomers(random, input.customers);
  const plannedInvoices = planInvoices(random, plannedCustomers, input.invoices, today);
  const plannedPayments = schedulePayments(
    plannedInvoices.flatMap((invoice, i) =>
      planPaymentsOf(random, plannedCustomers[invoice.customer] as PlannedCustomer, invoice, i),
    ),
    today,
  );
  const holdsPlanned = Math.min(25, Math.max(1, share(input.customers, 3)));
  const total = plannedInvoices.length + plannedPayments.length + 2 * holdsPlanned + 2;
  let done = 0;
  const progress = (step: number) => options.onProgress?.((done += step), total);

  const { customers, invoices } = await insertCustomersAndInvoices(
    ctx,
    plannedCustomers,
    plannedInvoices,
    progress,
  );

  const { open, payments, paidCents } = await recordPlannedPayments(
    ctx,
    customers,
    invoices,
    plannedInvoices,
    plannedPayments,
    progress,
  );
  const holds = await recordHolds(ctx, random, {
    today,
    customers,
    plannedCustomers,
    plannedInvoices,
    invoices,
    open,
    count: holdsPlanned,
    progress,
  });
  const summary = summarize(input, plannedCustomers, invoices, open, { payments, paidCents, ...holds });
  await fillDemoLetterhead(ctx);
  await ctx.db.transaction((tx) =>
    appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'demo.created',
          entityType: 'tenant',
          entityId: ctx.tenantId,
          payload: { seed: input.seed, today, customers: summary.customers, invoices: summary.invoices },
        },
      ],
      ctx.now(),
    ),
  );
  progress(total - done);
  await refreshStatistics(ctx.db, [
    'customers',
    'invoices',
    'invoice_lines',
    'claim_states',
    'payments',
    'payment_allocations',
    'events',
  ]);
  return summary;
}

/**
 * A company that has not given its address and bank account yet gets the demo's, so that the
 * letters show a real letterhead and carry the EPC QR code (which needs an IBAN). Details the
 * company has set are left alone.
 */
async function fillDemoLetterhead(ctx: ServiceContext): Promise<void> {
  const current = await getCompanyProfile(ctx);
  if (current.address || current.bank) return;
  await updateCompanyProfile(ctx, {
    name: current.name === DEFAULT_COMPANY_NAME ? 'Musterwerk Bürotechnik GmbH' : current.name,
    address: { street: 'Friedrichstraße 123', postalCode: '10117', city: 'Berlin', country: 'DE' },
    phone: '+49 30 1234567-0',
    email: 'buchhaltung@musterwerk.example',
    website: 'www.musterwerk.example',
    vatId: current.vatId ?? 'DE123456789',
    register: current.register ?? 'Amtsgericht Berlin-Charlottenburg HRB 123456',
    managingDirectors: current.managingDirectors ?? 'Anna Muster',
    // The IBAN of the EPC's own examples: valid check digits, no real account.
    bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
  });
}

/**
 * Records the payments through recordPayment. What is open per invoice is kept from the
 * allocations it reports, so that no transfer names an invoice an earlier one has settled (which
 * would be refused) and none pays more than is open (which would leave credit).
 */
async function recordPlannedPayments(
  ctx: ServiceContext,
  customers: readonly CustomerRow[],
  invoices: readonly InvoiceRow[],
  plannedInvoices: readonly PlannedInvoice[],
  plannedPayments: readonly PlannedPayment[],
  progress: (step: number) => void,
): Promise<{ open: number[]; payments: number; paidCents: number }> {
  const open = invoices.map((row) => row.grossCents);
  const openOfCustomer = customers.map(() => 0);
  plannedInvoices.forEach(
    (p, i) => (openOfCustomer[p.customer] = (openOfCustomer[p.customer] as number) + (open[i] as number)),
  );
  const indexById = new Map(invoices.map((row, i) => [String(row.id), i]));
  let payments = 0;
  let paidCents = 0;
  for (const planned of plannedPayments) {
    const customer = customers[planned.customer] as CustomerRow;
    const cap = (part: PlannedPayment['parts'][number]) =>
      Math.min(
        part.amountCents,
        (planned.designated ? open[part.invoice] : openOfCustomer[planned.customer]) as number,
      );
    const parts = planned.parts
      .map((part) => ({ ...part, amountCents: cap(part) }))
      .filter((p) => p.amountCents > 0);
    const amountCents = parts.reduce((sum, part) => sum + part.amountCents, 0);
    if (amountCents > 0) {
      const numbers = parts.map((part) => (invoices[part.invoice] as InvoiceRow).number);
      const recorded = await recordPayment(ctx, {
        customerNumber: customer.number,
        receivedOn: planned.receivedOn,
        amount: Money.of(amountCents).toDecimalString(),
        reference: planned.designated
          ? `${customer.language === 'en' ? 'Invoice' : 'Rechnung'} ${numbers.join(', ')}`
          : `Kd.-Nr. ${customer.number}`,
        invoiceNumbers: planned.designated ? numbers : [],
        payerName: customer.name,
        payerIban: customer.ibans[0] ?? null,
        source: 'bank',
      });
      for (const line of recorded.lines) {
        const i = indexById.get(line.claimId);
        if (i === undefined || line.component !== 'principal') continue;
        open[i] = (open[i] as number) - line.amount.minor;
        openOfCustomer[planned.customer] = (openOfCustomer[planned.customer] as number) - line.amount.minor;
      }
      payments += 1;
      paidCents += amountCents;
    }
    progress(1);
  }

  return { open, payments, paidCents };
}

/**
 * Customers and invoices with their events, in bulk and in one transaction. Reserving the
 * customer numbers first locks the sequence row: a second demo started at the same moment waits
 * there, then sees the first one's customers and is refused.
 */
async function insertCustomersAndInvoices(
  ctx: ServiceContext,
  plannedCustomers: readonly PlannedCustomer[],
  plannedInvoices: readonly PlannedInvoice[],
  progress: (step: number) => void,
): Promise<{ customers: CustomerRow[]; invoices: InvoiceRow[] }> {
  return ctx.db.transaction(async (tx) => {
    const { prefix, first } = await reserveNumbers(tx, ctx.tenantId, 'customer', plannedCustomers.length);
    if ((await countCustomers(tx, ctx.tenantId)) > 0) {
      throw new AppError(
        'conflict',
        'the company has customers already; a demo needs an empty company (try --tenant demo)',
      );
    }
    const numberOf = (i: number) => `${prefix}${String(first + i).padStart(5, '0')}`;
    const inserted = await insertCustomers(
      tx,
      plannedCustomers.map((c, i) => customerRowValues(ctx.tenantId, numberOf(i), c.values)),
    );
    const byNumber = new Map(inserted.map((row) => [row.number, row]));
    const customers = plannedCustomers.map((_, i) => byNumber.get(numberOf(i)) as CustomerRow);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      customers.map((row) => ({
        type: 'customer.created',
        entityType: 'customer',
        entityId: row.id,
        customerId: row.id,
        payload: { number: row.number, name: row.name, debtorKind: row.debtorKind },
      })),
      ctx.now(),
    );

    const numbers = await nextInvoiceNumbers(tx, ctx.tenantId, plannedInvoices.length);
    const invoices: InvoiceRow[] = [];
    for (let i = 0; i < plannedInvoices.length; i += INVOICE_CHUNK) {
      const chunk = plannedInvoices.slice(i, i + INVOICE_CHUNK).map((p, j) => ({
        invoice: invoiceRowValues(
          ctx.tenantId,
          numbers[i + j] as string,
          customers[p.customer] as CustomerRow,
          p,
        ),
        lines: p.lines,
      }));
      const rows = await insertInvoices(tx, ctx.tenantId, chunk);
      invoices.push(...rows);
      await appendEvents(
        tx,
        ctx.tenantId,
        ctx.actor,
        rows.map((row) => invoiceCreatedEvent(row)),
        ctx.now(),
      );
      progress(rows.length);
    }
    return { customers, invoices };
  });
}

function invoiceRowValues(
  tenantId: number,
  number: string,
  customer: CustomerRow,
  p: PlannedInvoice,
): NewInvoiceRow {
  return {
    tenantId,
    number,
    customerId: customer.id,
    issuedOn: p.issuedOn,
    receivedOn: null,
    deliveredOn: p.deliveredOn,
    dueDate: p.dueDate,
    dueDateFixedByCalendar: p.dueDateFixedByCalendar,
    // §286 Abs. 3 BGB: a consumer is in default 30 days after due date only if the invoice says so.
    thirtyDayNotice: true,
    paymentTerms: p.terms as Record<string, unknown>,
    currency: 'EUR',
    netCents: p.netCents,
    vatCents: p.vatCents,
    grossCents: p.grossCents,
    source: 'demo',
  };
}

interface HoldContext {
  today: CalendarDate;
  customers: readonly CustomerRow[];
  plannedCustomers: readonly PlannedCustomer[];
  plannedInvoices: readonly PlannedInvoice[];
  invoices: readonly InvoiceRow[];
  open: readonly number[];
  /** How many disputes and how many promises to make. */
  count: number;
  progress: (step: number) => void;
}

/**
 * Dunning blocks first (an insolvent non-payer, and in larger demos a customer under talks),
 * then disputes and promises to pay on overdue open invoices of the other customers.
 */
async function recordHolds(
  ctx: ServiceContext,
  random: SeededRandom,
  h: HoldContext,
): Promise<{ disputes: number; promises: number; blocks: number }> {
  const overdue = h.invoices.flatMap((_, i) =>
    (h.open[i] as number) > 0 && (h.plannedInvoices[i] as PlannedInvoice).dueDate < h.today ? [i] : [],
  );
  const overdueCustomers = [
    ...new Set(overdue.map((i) => (h.plannedInvoices[i] as PlannedInvoice).customer)),
  ].sort((a, b) => a - b);
  const profileOf = (c: number) => (h.plannedCustomers[c] as PlannedCustomer).profile;
  const nonPayers = overdueCustomers.filter((c) => profileOf(c) === 'non-payer');
  const blocks = [
    {
      // Should every non-payer have paid by chance, someone else is in trouble: one block always.
      candidates: nonPayers.length > 0 ? nonPayers : overdueCustomers,
      reason: 'Insolvenzantrag gestellt – Forderungen beim Insolvenzverwalter anmelden',
      until: null,
    },
    ...(h.customers.length >= 40
      ? [
          {
            candidates: overdueCustomers.filter((c) => profileOf(c) === 'slow'),
            reason: 'Zahlungsvereinbarung wird mit der Geschäftsführung geklärt',
            until: addDays(h.today, 30),
          },
        ]
      : []),
  ];
  const blocked = new Set<number>();
  for (const block of blocks) {
    const candidates = block.candidates.filter((c) => !blocked.has(c));
    if (candidates.length === 0) continue;
    const customer = random.pick(candidates);
    await setDunningBlock(ctx, (h.customers[customer] as CustomerRow).number, {
      reason: block.reason,
      until: block.until,
    });
    blocked.add(customer);
    h.progress(1);
  }

  const candidates = random.shuffle(
    overdue.filter((i) => !blocked.has((h.plannedInvoices[i] as PlannedInvoice).customer)),
  );
  const sinceDue = (i: number) => daysBetween((h.plannedInvoices[i] as PlannedInvoice).dueDate, h.today);
  let disputes = 0;
  let promises = 0;
  for (const i of candidates.slice(0, h.count)) {
    await openDispute(ctx, {
      invoiceNumber: (h.invoices[i] as InvoiceRow).number,
      openedOn: addDays(h.today, -random.int(0, Math.min(30, sinceDue(i)))),
      reason: random.pick(DISPUTE_REASONS),
      owner: random.pick(['Vertrieb', 'Kundenservice', 'Technik']),
      expiresOn: random.chance(50) ? addDays(h.today, random.int(14, 45)) : null,
    });
    disputes += 1;
    h.progress(1);
  }
  for (const i of candidates.slice(h.count, 2 * h.count)) {
    await recordPromiseToPay(ctx, {
      invoiceNumber: (h.invoices[i] as InvoiceRow).number,
      madeOn: addDays(h.today, -random.int(0, Math.min(5, sinceDue(i)))),
      payBy: addDays(h.today, random.int(3, 14)),
      amount: Money.of(h.open[i] as number).toDecimalString(),
    });
    promises += 1;
    h.progress(1);
  }
  return { disputes, promises, blocks: blocked.size };
}

function summarize(
  input: z.output<typeof demoOptionsSchema>,
  plannedCustomers: readonly PlannedCustomer[],
  invoices: readonly InvoiceRow[],
  open: readonly number[],
  counts: { payments: number; paidCents: number; disputes: number; promises: number; blocks: number },
): DemoSummary {
  const business = plannedCustomers.filter((c) => c.values.debtorKind === 'business').length;
  let paidInvoices = 0;
  let partlyPaidInvoices = 0;
  let overdueInvoices = 0;
  let invoicedCents = 0;
  let openCents = 0;
  let overdueCents = 0;
  invoices.forEach((row, i) => {
    const left = open[i] as number;
    invoicedCents += row.grossCents;
    openCents += left;
    if (left === 0) paidInvoices += 1;
    else if (left < row.grossCents) partlyPaidInvoices += 1;
    if (left > 0 && row.dueDate < input.today) {
      overdueInvoices += 1;
      overdueCents += left;
    }
  });
  return {
    today: input.today,
    seed: input.seed,
    customers: plannedCustomers.length,
    businessCustomers: business,
    consumerCustomers: plannedCustomers.length - business,
    invoices: invoices.length,
    paidInvoices,
    partlyPaidInvoices,
    openInvoices: invoices.length - paidInvoices,
    overdueInvoices,
    invoicedCents,
    openCents,
    overdueCents,
    ...counts,
  };
}
