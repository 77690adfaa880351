/**
 * @module write-off-service
 * Writing off claims: bad debt (uncollectible, or the rest after a collection case), the rest of
 * a settlement (Vergleich: a reduced amount accepted), and a part of a disputed claim.
 *
 * A whole write-off takes the claim out of the open items: its open principal is booked as a
 * `write-off` allocation of a payment without money (source `write-off`), so interest stops on the
 * day; its open costs are dropped; the invoice becomes `written-off`. The default interest accrued
 * and not paid is recorded with the write-off (it is given up with the claim). The VAT contained in
 * the principal written off is the hint for the tax advisor: on uncollectibility the VAT owed is
 * corrected (§ 17 Abs. 2 Nr. 1 UStG); a settlement's reduction corrects it as well, a write-off for
 * a dispute the company lost is a reduction of the price (§ 17 Abs. 1 UStG).
 */
import { z } from 'zod';
import { closeClaimWrittenOff, insertWriteOff, type WriteOffRow } from '../db/collection-repository.ts';
import type { Db } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import { findCustomerById } from '../db/customer-repository.ts';
import { invoicesOfCustomer } from '../db/invoice-repository.ts';
import { cancelPendingItems } from '../db/notice-repository.ts';
import { applyToClaim, insertPayment, lockOpenClaimsOfCustomer } from '../db/payment-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { Money, parseAmount } from '../domain/money.ts';
import { divideRounded } from '../domain/rounding.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { AppError } from './app-error.ts';
import { statementOf } from './claim-statement-service.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { cancellationEvents } from './hold-service.ts';
import { parseInput } from './parse-input.ts';
import { bookPaymentInTransaction } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

export const WRITE_OFF_KINDS = ['bad-debt', 'settlement', 'dispute'] as const;
export type WriteOffKind = (typeof WRITE_OFF_KINDS)[number];

/** What a whole write-off gives up on one claim, as the statement shows it on the day. */
export interface ClaimToWriteOff {
  invoiceId: number;
  invoiceNumber: string;
  /** The interest accrued and not paid on the day (given up with the claim). */
  interestCents: number;
}

export interface WrittenOff {
  invoiceNumber: string;
  principalCents: number;
  costsCents: number;
  interestCents: number;
  vatCents: number;
  writeOffId: number;
}

/** The VAT contained in a part of an invoice's gross amount, in the invoice's own proportion. */
export function vatContained(partCents: number, invoice: { vatCents: number; grossCents: number }): number {
  if (invoice.grossCents <= 0 || invoice.vatCents <= 0) return 0;
  return Number(
    divideRounded(BigInt(partCents) * BigInt(invoice.vatCents), BigInt(invoice.grossCents), 'half-up'),
  );
}

/**
 * Writes off the whole rest of each claim inside the caller's transaction: principal and costs
 * open now, the accrued interest as the statement gave it. Claims with nothing open are refused.
 */
export async function writeOffInTransaction(
  tx: Db,
  ctx: ServiceContext,
  customer: { id: number; number: string },
  claims: readonly ClaimToWriteOff[],
  options: { on: CalendarDate; kind: WriteOffKind; reason: string; caseId?: number | null },
): Promise<WrittenOff[]> {
  const open = await lockOpenClaimsOfCustomer(tx, ctx.tenantId, customer.id);
  const invoices = new Map(
    (await invoicesOfCustomer(tx, ctx.tenantId, customer.id)).map((r) => [r.invoice.id, r.invoice]),
  );
  const rows = claims.map((claim) => {
    const state = open.find((c) => c.invoiceId === claim.invoiceId);
    if (!state) {
      throw new AppError('conflict', `invoice ${claim.invoiceNumber} has nothing open to write off`, {
        issues: [{ path: 'invoiceNumbers', message: `${claim.invoiceNumber} is not open` }],
      });
    }
    if (options.on < state.issuedOn) {
      throw new AppError(
        'validation',
        `writtenOffOn: ${options.on} lies before invoice ${claim.invoiceNumber} was issued (${state.issuedOn})`,
        { issues: [{ path: 'writtenOffOn', message: `must be ${state.issuedOn} or later` }] },
      );
    }
    return {
      claim,
      state,
      invoice: invoices.get(claim.invoiceId) as { vatCents: number; grossCents: number },
    };
  });
  const rule = `${options.kind === 'settlement' ? 'settlement' : 'written off'}: ${options.reason}`;
  const payment = await insertWriteOffPayment(
    tx,
    ctx,
    customer.id,
    options.on,
    rule,
    rows
      .filter((r) => r.state.openPrincipalCents > 0)
      .map((r) => ({ invoiceId: r.claim.invoiceId, cents: r.state.openPrincipalCents })),
  );
  const written: WrittenOff[] = [];
  for (const { claim, state, invoice } of rows) {
    await closeClaimWrittenOff(tx, ctx.tenantId, claim.invoiceId);
    const row = await insertWriteOff(tx, {
      tenantId: ctx.tenantId,
      invoiceId: claim.invoiceId,
      customerId: customer.id,
      writtenOffOn: options.on,
      kind: options.kind,
      reason: options.reason,
      principalCents: state.openPrincipalCents,
      costsCents: state.openCostsCents,
      interestCents: claim.interestCents,
      vatCents: vatContained(state.openPrincipalCents, invoice),
      paymentId: payment.id,
      caseId: options.caseId ?? null,
    });
    written.push(writtenOffOf(row, claim.invoiceNumber));
  }
  const cancelled = await cancelPendingItems(
    tx,
    ctx.tenantId,
    claims.map((c) => c.invoiceId),
    'claim written off',
  );
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    [
      ...written.map((w): NewEvent => ({
        type: 'claim.written-off',
        entityType: 'invoice',
        entityId: (claims.find((c) => c.invoiceNumber === w.invoiceNumber) as ClaimToWriteOff).invoiceId,
        customerId: customer.id,
        payload: {
          writeOffId: w.writeOffId,
          invoiceNumber: w.invoiceNumber,
          writtenOffOn: options.on,
          kind: options.kind,
          reason: options.reason,
          principalCents: w.principalCents,
          costsCents: w.costsCents,
          interestCents: w.interestCents,
          vatCents: w.vatCents,
          paymentId: payment.id,
          caseId: options.caseId ?? null,
        },
      })),
      ...cancellationEvents(cancelled, 'claim written off'),
    ],
    ctx.now(),
  );
  return written;
}

/**
 * The booking of a write-off: a payment without money (source `write-off`) whose `write-off`
 * allocations reduce the principal from the day, so interest stops on what was given up.
 */
function insertWriteOffPayment(
  tx: Db,
  ctx: ServiceContext,
  customerId: number,
  on: CalendarDate,
  rule: string,
  parts: readonly { invoiceId: number; cents: number }[],
) {
  return insertPayment(
    tx,
    {
      tenantId: ctx.tenantId,
      customerId,
      receivedOn: on,
      amountCents: 0,
      currency: 'EUR',
      reference: rule.slice(0, 500),
      payerName: null,
      payerIban: null,
      source: 'write-off',
    },
    parts.map((p) => ({
      invoiceId: p.invoiceId,
      component: 'write-off' as const,
      amountCents: p.cents,
      rule,
      effectiveOn: on,
    })),
  );
}

function writtenOffOf(row: WriteOffRow, invoiceNumber: string): WrittenOff {
  return {
    invoiceNumber,
    principalCents: row.principalCents,
    costsCents: row.costsCents,
    interestCents: row.interestCents,
    vatCents: row.vatCents,
    writeOffId: row.id,
  };
}

export const customerRef = {
  /** The customer by number (CLI) or by id (API): exactly one of the two. */
  customerNumber: z.string().min(1).optional(),
  customerId: z.number().int().positive().optional(),
};
export const oneCustomer: [
  (d: { customerNumber?: string | undefined; customerId?: number | undefined }) => boolean,
  { path: string[]; message: string },
] = [
  (d) => (d.customerNumber === undefined) !== (d.customerId === undefined),
  { path: ['customerId'], message: 'name the customer by customerNumber or customerId (one of them)' },
];

export async function findCustomerByRef(
  ctx: ServiceContext,
  ref: { customerNumber?: string | undefined; customerId?: number | undefined },
) {
  if (ref.customerNumber !== undefined) return findCustomerOrFail(ctx.db, ctx.tenantId, ref.customerNumber);
  const customer = await findCustomerById(ctx.db, ctx.tenantId, ref.customerId as number);
  if (!customer) {
    throw new AppError('not-found', `customer ${ref.customerId} not found`, {
      issues: [{ path: 'customerId', message: 'no such customer' }],
    });
  }
  return customer;
}

/**
 * The named claims (all open ones when none are named) as the statement shows them on the day,
 * each with the interest accrued and not paid. Read before the transaction: the statement reads
 * with the context's own connection.
 */
async function claimsToWriteOff(
  ctx: ServiceContext,
  customer: Awaited<ReturnType<typeof findCustomerByRef>>,
  on: CalendarDate,
  invoiceNumbers: readonly string[] | undefined,
): Promise<ClaimToWriteOff[]> {
  const statement = await statementOf(ctx, customer, on);
  const ids = new Map(
    (await invoicesOfCustomer(ctx.db, ctx.tenantId, customer.id)).map((r) => [r.invoice.number, r.invoice]),
  );
  const numbers =
    invoiceNumbers ??
    statement.items
      .filter((i) => i.openPrincipalCents > 0 || i.openCostsCents > 0)
      .map((i) => i.invoiceNumber);
  if (numbers.length === 0) {
    throw new AppError('conflict', `customer ${customer.number} has nothing open on ${on}`);
  }
  return numbers.map((number, i) => {
    const invoice = ids.get(number);
    if (!invoice || invoice.status !== 'open') {
      throw new AppError(
        'validation',
        `invoiceNumbers.${i}: ${number} is not an open invoice of customer ${customer.number}`,
        {
          issues: [{ path: `invoiceNumbers.${i}`, message: `${number} is not open` }],
        },
      );
    }
    const item = statement.items.find((s) => s.invoiceNumber === number);
    return {
      invoiceId: invoice.id,
      invoiceNumber: number,
      interestCents: item ? Math.max(0, item.interestCents - item.interestPaidCents) : 0,
    };
  });
}

const writeOffSchema = z
  .object({
    ...customerRef,
    /** The claims to write off; none named: every open claim of the customer. */
    invoiceNumbers: z.array(z.string().min(1)).min(1).optional(),
    writtenOffOn: calendarDateSchema,
    reason: z.string().trim().min(1).max(2000),
  })
  .refine(...oneCustomer);

export type WriteOffInput = z.input<typeof writeOffSchema>;

/** Writes off the named claims of a customer as bad debt (uncollectible), with the reason. */
export async function writeOffClaims(ctx: ServiceContext, raw: WriteOffInput): Promise<WrittenOff[]> {
  const input = parseInput(writeOffSchema, raw, 'write-off');
  const customer = await findCustomerByRef(ctx, input);
  const claims = await claimsToWriteOff(ctx, customer, input.writtenOffOn, input.invoiceNumbers);
  return ctx.db.transaction((tx) =>
    writeOffInTransaction(tx, ctx, customer, claims, {
      on: input.writtenOffOn,
      kind: 'bad-debt',
      reason: input.reason,
    }),
  );
}

const settlementSchema = z
  .object({
    ...customerRef,
    invoiceNumbers: z.array(z.string().min(1)).min(1),
    settledOn: calendarDateSchema,
    /** The reduced amount received now, booked to the named claims; omitted: already booked. */
    amountReceived: z.string().min(1).optional(),
    reason: z.string().trim().min(1).max(2000),
  })
  .refine(...oneCustomer);

export type SettlementInput = z.input<typeof settlementSchema>;

export interface Settlement {
  paymentId: number | null;
  receivedCents: number;
  writtenOff: WrittenOff[];
}

/**
 * A settlement (Vergleich): the company accepts a reduced amount for the named claims. The amount
 * received is booked to them (§ 367 BGB: costs, interest, principal), and whatever is still open
 * on them afterwards is written off with the reason, in one transaction.
 */
export async function settleClaims(ctx: ServiceContext, raw: SettlementInput): Promise<Settlement> {
  const input = parseInput(settlementSchema, raw, 'settlement');
  const customer = await findCustomerByRef(ctx, input);
  const amount =
    input.amountReceived === undefined ? null : parseMoney(input.amountReceived, 'amountReceived');
  const claims = await claimsToWriteOff(ctx, customer, input.settledOn, input.invoiceNumbers);
  return ctx.db.transaction(async (tx) => {
    let paymentId: number | null = null;
    if (amount) {
      const booked = await bookPaymentInTransaction(tx, ctx, {
        customer,
        amount,
        receivedOn: input.settledOn,
        invoiceNumbers: input.invoiceNumbers,
        reference: `Vergleich: ${input.reason}`.slice(0, 500),
        payerName: null,
        payerIban: null,
        source: 'settlement',
        skonto: false,
      });
      if (booked.credit.isPositive()) {
        throw new AppError(
          'validation',
          `amountReceived: ${input.amountReceived} is more than is open on ${input.invoiceNumbers.join(', ')} — nothing to settle`,
          { issues: [{ path: 'amountReceived', message: 'more than is open' }] },
        );
      }
      paymentId = booked.payment.id;
    }
    // What the payment left open is given up; a claim it paid in full has nothing left to write off.
    const stillOpen = new Set(
      (await lockOpenClaimsOfCustomer(tx, ctx.tenantId, customer.id)).map((c) => c.invoiceId),
    );
    const rest = claims.filter((c) => stillOpen.has(c.invoiceId));
    const writtenOff =
      rest.length === 0
        ? []
        : await writeOffInTransaction(tx, ctx, customer, rest, {
            on: input.settledOn,
            kind: 'settlement',
            reason: input.reason,
          });
    return { paymentId, receivedCents: amount?.minor ?? 0, writtenOff };
  });
}

/**
 * Writes off a part of one claim's principal (a dispute resolved in part in the debtor's favour):
 * booked like a payment without money, so interest stops on that part from the day. The whole
 * rest is written off as a whole (the claim leaves the open items).
 */
export async function writeOffPartInTransaction(
  tx: Db,
  ctx: ServiceContext,
  invoice: { id: number; number: string; customerId: number },
  options: { on: CalendarDate; amountCents: number; reason: string; kind: WriteOffKind },
): Promise<WrittenOff> {
  const customer = await findCustomerById(tx, ctx.tenantId, invoice.customerId);
  if (!customer) throw new AppError('not-found', `customer ${invoice.customerId} not found`);
  const open = await lockOpenClaimsOfCustomer(tx, ctx.tenantId, customer.id);
  const state = open.find((c) => c.invoiceId === invoice.id);
  if (!state || state.openPrincipalCents <= 0) {
    throw new AppError('conflict', `invoice ${invoice.number} has no open principal to write off`);
  }
  if (options.amountCents > state.openPrincipalCents) {
    throw new AppError(
      'validation',
      `amount: ${Money.of(options.amountCents).toDecimalString()} is more than the open principal of ${invoice.number} (${Money.of(state.openPrincipalCents).toDecimalString()})`,
      { issues: [{ path: 'amount', message: 'more than the open principal' }] },
    );
  }
  if (options.amountCents === state.openPrincipalCents) {
    const [whole] = await writeOffInTransaction(
      tx,
      ctx,
      customer,
      [{ invoiceId: invoice.id, invoiceNumber: invoice.number, interestCents: 0 }],
      options,
    );
    return whole as WrittenOff;
  }
  const [row] = await invoicesOfCustomer(tx, ctx.tenantId, customer.id).then((rows) =>
    rows.filter((r) => r.invoice.id === invoice.id),
  );
  const rule = `written off in part: ${options.reason}`;
  const payment = await insertWriteOffPayment(tx, ctx, customer.id, options.on, rule, [
    { invoiceId: invoice.id, cents: options.amountCents },
  ]);
  await applyToClaim(tx, ctx.tenantId, invoice.id, { costs: 0, interest: 0, principal: options.amountCents });
  const writeOff = await insertWriteOff(tx, {
    tenantId: ctx.tenantId,
    invoiceId: invoice.id,
    customerId: customer.id,
    writtenOffOn: options.on,
    kind: options.kind,
    reason: options.reason,
    principalCents: options.amountCents,
    costsCents: 0,
    interestCents: 0,
    vatCents: vatContained(options.amountCents, row?.invoice ?? { vatCents: 0, grossCents: 0 }),
    paymentId: payment.id,
    caseId: null,
  });
  const cancelled = await cancelPendingItems(tx, ctx.tenantId, [invoice.id], 'claim written off in part');
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    [
      {
        type: 'claim.written-off',
        entityType: 'invoice',
        entityId: invoice.id,
        customerId: customer.id,
        payload: {
          writeOffId: writeOff.id,
          invoiceNumber: invoice.number,
          writtenOffOn: options.on,
          kind: options.kind,
          reason: options.reason,
          principalCents: options.amountCents,
          costsCents: 0,
          interestCents: 0,
          vatCents: writeOff.vatCents,
          paymentId: payment.id,
          part: true,
        },
      },
      ...cancellationEvents(cancelled, 'claim written off in part'),
    ],
    ctx.now(),
  );
  return writtenOffOf(writeOff, invoice.number);
}

export function parseMoney(text: string, path: string): Money {
  let amount: Money;
  try {
    amount = parseAmount(text, 'EUR', path);
  } catch (error) {
    throw new AppError('validation', (error as Error).message, {
      issues: [{ path, message: (error as Error).message }],
    });
  }
  if (!amount.isPositive()) {
    throw new AppError('validation', `${path}: must be positive`, {
      issues: [{ path, message: 'must be positive' }],
    });
  }
  return amount;
}
