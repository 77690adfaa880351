/**
 * @module demo-statement-service
 * A realistic bank statement for a company's open invoices, with the truth about every entry: how
 * payers really write ("RE 000815", "Rechnung 815 und 816", "Kd-Nr 42", a digit swapped, only
 * their name), partial payments, Skonto deducted, overpayments, a direct debit returned with
 * charges, and entries that are no customer payments at all. It measures how many of the payments
 * that belong to invoices are booked automatically, and how many of those bookings are wrong.
 *
 * @example
 * const { statement, truth } = await generateDemoStatement(ctx, { date: '2026-11-24', payments: 300, seed: 1 });
 * // write with writeCamt053, import with importStatement, then:
 * const figures = await measureDemoStatementBooking(ctx, truth);
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/database.ts';
import { findOpenClaims } from '../db/payment-repository.ts';
import { loadCustomersForMatching } from '../db/statement-repository.ts';
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import { creditorReferenceFor } from '../domain/creditor-reference.ts';
import { Money } from '../domain/money.ts';
import { parsePaymentTerms, skontoEarned } from '../domain/payment-terms.ts';
import { type BankStatement, emptyTransaction, type StatementEntry } from '../formats/bank-statement.ts';
import { SeededRandom } from './seeded-random.ts';
import type { ServiceContext } from './service-context.ts';

export type DemoPaymentKind =
  | 'number'
  | 'rf-reference'
  | 'two-invoices'
  | 'customer-number'
  | 'typo'
  | 'partial'
  | 'skonto'
  | 'name-only'
  | 'overpayment'
  | 'direct-debit'
  | 'return'
  | 'unrelated-credit'
  | 'outgoing';

export interface DemoStatementTruth {
  /** The entry's bank reference (AcctSvcrRef), unique in the statement. */
  bankReference: string;
  kind: DemoPaymentKind;
  /** The customer the money belongs to; null for entries that are no customer payments. */
  customerNumber: string | null;
  invoiceNumbers: string[];
}

export interface DemoStatementOptions {
  date: CalendarDate;
  payments: number;
  seed: number;
  /** The company's account. */
  accountIban?: string;
}

/** Kinds and their weight in a statement: most payers name the invoice, some do not. */
const KINDS: [DemoPaymentKind, number][] = [
  ['number', 30],
  ['rf-reference', 8],
  ['two-invoices', 10],
  ['customer-number', 7],
  ['typo', 6],
  ['partial', 8],
  ['skonto', 8],
  ['name-only', 5],
  ['overpayment', 3],
  ['direct-debit', 4],
  ['unrelated-credit', 3],
  ['outgoing', 8],
];

function mod97(digits: string): number {
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest;
}

/** A German IBAN with valid check digits for an 18-digit bank code and account. */
export function demoIban(bban: string): string {
  const check = 98 - mod97(`${bban}131400`); // D=13, E=14, then 00
  return `DE${String(check).padStart(2, '0')}${bban}`;
}

function pickKind(random: SeededRandom): DemoPaymentKind {
  const total = KINDS.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.int(0, total - 1);
  for (const [kind, weight] of KINDS) {
    if (roll < weight) return kind;
    roll -= weight;
  }
  return 'number';
}

/** How people write an invoice number in a transfer. */
function writeNumber(number: string, random: SeededRandom): string {
  const digits = number.replace(/\D/g, '');
  const short = digits.replace(/^0+/, '');
  const prefix = number.replace(/\d.*$/, '');
  return random.pick([
    number,
    `Rechnung ${number}`,
    `${prefix} ${digits}`,
    `Re.-Nr. ${short}`,
    `RG ${number} vom ${random.int(1, 28)}.${random.int(1, 12)}.2026`,
    `Rechnungsnr: ${number.toLowerCase()}`,
    `${number} Danke`,
  ]);
}

/** A swap of two neighbouring digits among the significant ones. */
function withTypo(number: string, random: SeededRandom): string | null {
  const chars = [...number];
  const positions = chars.flatMap((c, i) =>
    /\d/.test(c) && /\d/.test(chars[i + 1] ?? '') && c !== chars[i + 1] ? [i] : [],
  );
  const significant = positions.filter(
    (i) => number.slice(0, i).replace(/\D|^0+/g, '').length > 0 || chars[i] !== '0',
  );
  if (significant.length === 0) return null;
  const i = random.pick(significant);
  [chars[i], chars[i + 1]] = [chars[i + 1] as string, chars[i] as string];
  return chars.join('');
}

function payerName(name: string, random: SeededRandom): string {
  return random.pick([
    name,
    name.toUpperCase(),
    name.replace(/ GmbH| AG| KG| e\.K\.| UG \(haftungsbeschränkt\)/g, ''),
  ]);
}

export async function generateDemoStatement(
  ctx: ServiceContext,
  options: DemoStatementOptions,
): Promise<{ statement: BankStatement; truth: DemoStatementTruth[] }> {
  const random = new SeededRandom(options.seed);
  const tenantState = await queryRows<{ state: string }>(
    ctx.db,
    sql`select state from tenants where tenant_id = ${ctx.tenantId}`,
  );
  const state = tenantState[0]?.state;
  const claims = await findOpenClaims(ctx.db, ctx.tenantId);
  const customers = await loadCustomersForMatching(ctx.db, ctx.tenantId);
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const claimsByCustomer = new Map<number, typeof claims>();
  for (const claim of claims) {
    const list = claimsByCustomer.get(claim.customerId) ?? [];
    list.push(claim);
    claimsByCustomer.set(claim.customerId, list);
  }
  const used = new Set<number>();
  const available = random.shuffle(
    claims.filter((c) => c.openCostsCents === 0 && c.interestDemandedCents <= c.interestPaidCents),
  );
  const nextClaim = (accept: (claim: (typeof claims)[number]) => boolean = () => true) => {
    const found = available.find((c) => !used.has(c.invoiceId) && accept(c));
    if (found) used.add(found.invoiceId);
    return found;
  };
  const ibanOf = (customerId: number) =>
    demoIban(String(50010517).concat(String(customerId).padStart(10, '0')));

  const entries: StatementEntry[] = [];
  const truth: DemoStatementTruth[] = [];
  const returns: { entry: StatementEntry; customerNumber: string; invoiceNumbers: string[] }[] = [];
  const add = (entry: StatementEntry, fact: Omit<DemoStatementTruth, 'bankReference'>) => {
    const bankReference = `DEMO-${options.seed}-${entries.length + 1}`;
    entries.push({ ...entry, bankReference });
    truth.push({ ...fact, bankReference });
  };
  const credit = (
    cents: number,
    customerId: number,
    remittance: string[],
    extra: Partial<StatementEntry['transactions'][number]> = {},
  ): StatementEntry => {
    const customer = customerById.get(customerId);
    return {
      bookingDate: options.date,
      valueDate: options.date,
      amountCents: cents,
      currency: 'EUR',
      direction: 'credit',
      reversal: false,
      status: 'BOOK',
      bankReference: null,
      bankTransactionCode: 'NTRF+166',
      bookingText: 'GUTSCHRIFT UEBERWEISUNG',
      transactions: [
        {
          ...emptyTransaction(cents, 'EUR'),
          remittance,
          counterparty: {
            name: customer ? payerName(customer.name, random) : null,
            iban: ibanOf(customerId),
            bic: 'HEISDE66XXX',
          },
          ...extra,
        },
      ],
    };
  };
  const open = (claim: (typeof claims)[number]) =>
    claim.openPrincipalCents +
    claim.openCostsCents +
    Math.max(0, claim.interestDemandedCents - claim.interestPaidCents);

  for (let n = 0; n < options.payments; n++) {
    const kind = pickKind(random);
    if (kind === 'outgoing') {
      const cents = random.int(5_000, 500_000);
      add(
        {
          ...credit(cents, 0, [
            random.pick(['Miete Dezember', 'Gehalt', 'Lieferantenrechnung 4711', 'Leasingrate']),
          ]),
          direction: 'debit',
        },
        { kind, customerNumber: null, invoiceNumbers: [] },
      );
      continue;
    }
    if (kind === 'unrelated-credit') {
      const entry = credit(random.int(1_000, 300_000), 0, [
        random.pick(['Erstattung Umsatzsteuer 09/2026', 'Zinsgutschrift', 'Rueckerstattung Versicherung']),
      ]);
      (entry.transactions[0] as { counterparty: { name: string | null } }).counterparty.name = random.pick([
        'Finanzamt Berlin',
        'Allianz Versicherungs-AG',
        'Sparkasse',
      ]);
      add(entry, { kind, customerNumber: null, invoiceNumbers: [] });
      continue;
    }
    const claim =
      kind === 'skonto'
        ? nextClaim((c) => {
            if (c.openPrincipalCents !== c.grossCents) return false;
            try {
              return (
                skontoEarned(
                  parsePaymentTerms(c.paymentTerms),
                  c.issuedOn as CalendarDate,
                  Money.of(c.grossCents),
                  options.date,
                  state,
                ) !== null
              );
            } catch {
              return false;
            }
          })
        : kind === 'overpayment'
          ? // The surplus of an overpayment pays the customer's other claims (§366 Abs. 2 BGB): only where there are none.
            nextClaim((c) => (claimsByCustomer.get(c.customerId) ?? []).length === 1)
          : kind === 'two-invoices'
            ? nextClaim(
                (c) =>
                  (claimsByCustomer.get(c.customerId) ?? []).filter((o) => !used.has(o.invoiceId)).length >=
                  2,
              )
            : nextClaim();
    if (!claim) continue;
    const customer = customerById.get(claim.customerId);
    if (!customer) continue;
    const fact = { kind, customerNumber: customer.number, invoiceNumbers: [claim.number] };
    switch (kind) {
      case 'number':
        add(credit(open(claim), claim.customerId, [writeNumber(claim.number, random)]), fact);
        break;
      case 'rf-reference':
        add(
          credit(open(claim), claim.customerId, [], {
            creditorReference: creditorReferenceFor(claim.number),
          }),
          fact,
        );
        break;
      case 'two-invoices': {
        const other = nextClaim((c) => c.customerId === claim.customerId);
        if (!other) break;
        const [a, b] = [claim.number, other.number].map((x) => x.replace(/\D/g, '').replace(/^0+/, ''));
        const text = random.pick([
          `Rechnung ${a} und ${b}`,
          `${claim.number}, ${other.number}`,
          `RE ${a}/${b}`,
        ]);
        add(credit(open(claim) + open(other), claim.customerId, [text]), {
          ...fact,
          invoiceNumbers: [claim.number, other.number],
        });
        break;
      }
      case 'customer-number': {
        const digits = customer.number.replace(/\D/g, '').replace(/^0+/, '');
        const text = random.pick([
          `Kd-Nr ${digits}`,
          `Kundennummer ${customer.number}`,
          `KD ${customer.number} Zahlung`,
        ]);
        add(credit(open(claim), claim.customerId, [text]), fact);
        break;
      }
      case 'typo': {
        const typo = withTypo(claim.number, random) ?? claim.number;
        add(credit(open(claim), claim.customerId, [`Rechnung ${typo}`]), fact);
        const entry = entries.at(-1) as StatementEntry;
        (entry.transactions[0] as { counterparty: { name: string | null } }).counterparty.name =
          customer.name;
        break;
      }
      case 'partial': {
        const part = Math.max(100, Math.round((open(claim) * random.int(20, 70)) / 100));
        add(credit(part, claim.customerId, [`Teilzahlung ${writeNumber(claim.number, random)}`]), fact);
        break;
      }
      case 'skonto': {
        const offer = skontoEarned(
          parsePaymentTerms(claim.paymentTerms),
          claim.issuedOn as CalendarDate,
          Money.of(claim.grossCents),
          options.date,
          state,
        );
        const payable = offer ? offer.payable.minor : claim.grossCents;
        add(credit(payable, claim.customerId, [`${claim.number} abzgl. Skonto`]), fact);
        break;
      }
      case 'name-only': {
        add(
          credit(open(claim), claim.customerId, [random.pick(['Zahlung', 'Ihre Rechnung', 'Begleichung'])]),
          fact,
        );
        const entry = entries.at(-1) as StatementEntry;
        (entry.transactions[0] as { counterparty: { name: string | null } }).counterparty.name =
          customer.name;
        break;
      }
      case 'overpayment':
        add(
          credit(open(claim) + random.int(1, 50) * 100, claim.customerId, [
            writeNumber(claim.number, random),
          ]),
          fact,
        );
        break;
      case 'direct-debit': {
        // Collected by direct debit: the credit carries the mandate; some come back returned.
        const endToEndId = `LS-${claim.number}`;
        const mandateId = `MANDAT-${customer.number}`;
        add(
          credit(open(claim), claim.customerId, [`Lastschrift ${claim.number}`], { endToEndId, mandateId }),
          fact,
        );
        if (random.chance(50)) {
          const charges = 300;
          returns.push({
            customerNumber: customer.number,
            invoiceNumbers: [claim.number],
            entry: {
              ...credit(open(claim) + charges, claim.customerId, [`RUECKLASTSCHRIFT ${claim.number}`], {
                endToEndId,
                mandateId,
                returnReason: random.pick(['MD06', 'AC04', 'AM04']),
                originalAmountCents: open(claim),
                chargesCents: charges,
              }),
              direction: 'debit',
              bankTransactionCode: 'PMNT-IDDT-UPDD',
              valueDate: addDays(options.date, 0),
            },
          });
        }
        break;
      }
      default:
        break;
    }
  }
  for (const r of returns) {
    add(r.entry, { kind: 'return', customerNumber: r.customerNumber, invoiceNumbers: r.invoiceNumbers });
  }
  const total = entries.reduce(
    (sum, e) => sum + (e.direction === 'credit' ? e.amountCents : -e.amountCents),
    0,
  );
  const opening = 5_000_000;
  return {
    statement: {
      id: `DEMO-${options.date}`,
      account: { iban: options.accountIban ?? demoIban('100500000012345678'), currency: 'EUR' },
      openingBalanceCents: opening,
      closingBalanceCents: opening + total,
      entries,
      sequenceNumber: '1',
      fromDate: options.date,
      toDate: options.date,
    },
    truth,
  };
}

export interface DemoBookingFigures {
  /** Credits that belong to invoices (not returns, not unrelated credits, not outgoing payments). */
  belonging: number;
  autoBooked: number;
  /** Automatic bookings to the wrong customer or to invoices other than the ones paid. */
  wrong: number;
  autoBookedPercent: number;
  wrongPercent: number;
  /** Entries that are no customer payments but were booked as one. */
  falseBookings: number;
  returnsUndone: number;
  returns: number;
  wrongCases: { bankReference: string; kind: string; expected: string; booked: string; evidence: string[] }[];
}

/** Compares what the import booked with the truth of the generated statement. */
export async function measureDemoStatementBooking(
  ctx: ServiceContext,
  truth: readonly DemoStatementTruth[],
): Promise<DemoBookingFigures> {
  const rows = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select e.bank_reference, t.status, c.number as customer_number, t.evidence, t.creditor_reference, t.remittance,
               coalesce((select array_agg(distinct i.number order by i.number) from payments p
                          join payment_allocations a on a.tenant_id = p.tenant_id and a.payment_id = p.id
                          join invoices i on i.tenant_id = a.tenant_id and i.id = a.invoice_id
                         where p.tenant_id = t.tenant_id and p.bank_transaction_id = t.id
                           and a.component in ('principal', 'skonto', 'write-off')), '{}') as invoices
          from bank_transactions t
          join bank_entries e on e.tenant_id = t.tenant_id and e.id = t.entry_id
          left join customers c on c.tenant_id = t.tenant_id and c.id = t.customer_id
         where t.tenant_id = ${ctx.tenantId}`,
  );
  const byReference = new Map(rows.map((r) => [String(r.bank_reference), r]));
  const figures: DemoBookingFigures = {
    belonging: 0,
    autoBooked: 0,
    wrong: 0,
    autoBookedPercent: 0,
    wrongPercent: 0,
    falseBookings: 0,
    returnsUndone: 0,
    returns: 0,
    wrongCases: [],
  };
  for (const fact of truth) {
    const row = byReference.get(fact.bankReference);
    const booked = row?.status === 'booked';
    if (fact.kind === 'return') {
      figures.returns++;
      if (booked) figures.returnsUndone++;
      continue;
    }
    if (fact.customerNumber === null) {
      if (booked) figures.falseBookings++;
      continue;
    }
    figures.belonging++;
    if (!booked) continue;
    figures.autoBooked++;
    const invoices = (row?.invoices as string[] | null) ?? [];
    // The invoices named must be among those the payment reached (an overpayment may reach more).
    const right =
      row?.customer_number === fact.customerNumber && fact.invoiceNumbers.every((n) => invoices.includes(n));
    if (!right) {
      figures.wrong++;
      figures.wrongCases.push({
        bankReference: fact.bankReference,
        kind: fact.kind,
        expected: `${fact.customerNumber} ${fact.invoiceNumbers.join(' ')}`,
        booked: `${String(row?.customer_number)} ${invoices.join(' ')}`,
        evidence: [
          String(row?.creditor_reference ?? ''),
          String(row?.remittance ?? ''),
          ...((row?.evidence as string[]) ?? []),
        ],
      });
    }
  }
  figures.autoBookedPercent = figures.belonging ? (100 * figures.autoBooked) / figures.belonging : 0;
  figures.wrongPercent = figures.autoBooked ? (100 * figures.wrong) / figures.autoBooked : 0;
  return figures;
}
