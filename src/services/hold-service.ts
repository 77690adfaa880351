/**
 * @module hold-service
 * Disputes and promises to pay: each pauses dunning of the claim (a dispute also pauses
 * default-dependent charges while open) and cancels proposals for it that have not gone out.
 */
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import { findCustomerById } from '../db/customer-repository.ts';
import {
  type DisputeRow,
  findDispute,
  insertDispute,
  insertPromise,
  invoicesToHold,
  openPromisesWithPayments,
  type PromiseRow,
  resolveDisputeRow,
  setPromiseStatus,
} from '../db/hold-repository.ts';
import { findInvoiceById, findInvoiceByNumber, type InvoiceRow } from '../db/invoice-repository.ts';
import { cancelPendingItems, type CancelledItem } from '../db/notice-repository.ts';
import { insertTasks } from '../db/delivery-repository.ts';
import { taskKeysOf } from '../db/task-repository.ts';
import { addDays, type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money, parseAmount } from '../domain/money.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { AppError } from './app-error.ts';
import { parseInput } from './parse-input.ts';
import { parseMoney, vatContained, writeOffPartInTransaction } from './write-off-service.ts';
import { bookCreditNote, nextCreditNoteNumber } from './credit-note-service.ts';
import type { ServiceContext } from './service-context.ts';

async function findInvoiceOrFail(db: Db, tenantId: number, number: string): Promise<InvoiceRow> {
  const invoice = await findInvoiceByNumber(db, tenantId, number);
  if (!invoice) {
    throw new AppError('not-found', `invoice ${number} not found`, {
      issues: [{ path: 'invoiceNumber', message: 'no such invoice' }],
    });
  }
  return invoice;
}

/** The invoice a hold names, by id (the API) or by number (the CLI). */
async function findHeldInvoice(
  db: Db,
  tenantId: number,
  ref: { invoiceId?: number | undefined; invoiceNumber?: string | undefined },
): Promise<{ id: number; number: string; customerId: number }> {
  if (ref.invoiceNumber !== undefined) return findInvoiceOrFail(db, tenantId, ref.invoiceNumber);
  const [invoice] = await invoicesToHold(db, tenantId, [ref.invoiceId as number]);
  if (!invoice) {
    throw new AppError('not-found', `invoice ${ref.invoiceId} not found`, {
      issues: [{ path: 'invoiceId', message: 'no such invoice' }],
    });
  }
  return invoice;
}

export function cancellationEvents(cancelled: readonly CancelledItem[], reason: string): NewEvent[] {
  return cancelled.map((c) => ({
    type: c.noticeCancelled ? 'notice.cancelled' : 'notice.item-cancelled',
    entityType: 'notice',
    entityId: c.noticeId,
    customerId: c.customerId,
    payload: { invoiceId: c.invoiceId, reason },
  }));
}

const disputeSchema = z
  .object({
    /** The invoice by number (CLI) or by id (API): exactly one of the two. */
    invoiceNumber: z.string().min(1).optional(),
    invoiceId: z.number().int().positive().optional(),
    openedOn: calendarDateSchema,
    reason: z.string().trim().min(1).max(2000),
    owner: z.string().max(200).nullable().optional(),
    expiresOn: calendarDateSchema.nullable().optional(),
  })
  .refine((d) => (d.invoiceNumber === undefined) !== (d.invoiceId === undefined), {
    path: ['invoiceId'],
    message: 'name the invoice by invoiceNumber or invoiceId (one of them)',
  });

export async function openDispute(
  ctx: ServiceContext,
  raw: z.input<typeof disputeSchema>,
): Promise<DisputeRow> {
  const input = parseInput(disputeSchema, raw, 'dispute');
  return ctx.db.transaction(async (tx) => {
    const invoice = await findHeldInvoice(tx, ctx.tenantId, input);
    if (input.expiresOn && input.expiresOn < input.openedOn) {
      throw new AppError('validation', 'expiresOn: lies before the dispute was opened', {
        issues: [{ path: 'expiresOn', message: `must be ${input.openedOn} or later` }],
      });
    }
    const dispute = await insertDispute(tx, {
      tenantId: ctx.tenantId,
      invoiceId: invoice.id,
      openedOn: input.openedOn,
      reason: input.reason,
      owner: input.owner ?? null,
      expiresOn: input.expiresOn ?? null,
    });
    const cancelled = await cancelPendingItems(tx, ctx.tenantId, [invoice.id], 'dispute opened');
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'dispute.opened',
          entityType: 'invoice',
          entityId: invoice.id,
          customerId: invoice.customerId,
          payload: {
            disputeId: dispute.id,
            reason: input.reason,
            owner: input.owner ?? null,
            expiresOn: input.expiresOn ?? null,
          },
        },
        ...cancellationEvents(cancelled, 'dispute opened'),
      ],
      ctx.now(),
    );
    return dispute;
  });
}

export const DISPUTE_RESOLUTIONS = ['rejected', 'credit-note', 'write-off', 'withdrawn'] as const;

const resolutionSchema = z
  .object({
    resolvedOn: calendarDateSchema,
    resolution: z.enum(DISPUTE_RESOLUTIONS),
    /** Recorded in the event only. */
    note: z.string().trim().min(1).max(2000).optional(),
    /** With `write-off`: the part of the principal given up (decimal); omitted: all that is open. */
    writeOffAmount: z.string().min(1).optional(),
    /** With `credit-note`: the gross amount credited (decimal); a credit note is issued and booked. */
    creditNoteAmount: z.string().min(1).optional(),
  })
  .refine((d) => d.writeOffAmount === undefined || d.resolution === 'write-off', {
    path: ['writeOffAmount'],
    message: 'only with the resolution write-off',
  })
  .refine((d) => d.creditNoteAmount === undefined || d.resolution === 'credit-note', {
    path: ['creditNoteAmount'],
    message: 'only with the resolution credit-note',
  });

/**
 * Ends a dispute; dunning resumes for what is still open. A `write-off` resolution writes off the
 * amount given (all that is open without one) in the same transaction, booked from the resolution
 * day; a credit note is booked by its own use case.
 */
export async function resolveDispute(
  ctx: ServiceContext,
  disputeId: number,
  raw: z.input<typeof resolutionSchema>,
): Promise<DisputeRow> {
  const input = parseInput(resolutionSchema, raw, 'dispute resolution');
  return ctx.db.transaction(async (tx) => {
    const dispute = await findDispute(tx, ctx.tenantId, disputeId);
    if (!dispute) throw new AppError('not-found', `dispute ${disputeId} not found`);
    if (dispute.resolvedOn)
      throw new AppError('conflict', `dispute ${disputeId} was resolved on ${dispute.resolvedOn}`);
    if (input.resolvedOn < dispute.openedOn) {
      throw new AppError(
        'validation',
        `resolvedOn: ${input.resolvedOn} lies before the dispute was opened (${dispute.openedOn})`,
        { issues: [{ path: 'resolvedOn', message: `must be ${dispute.openedOn} or later` }] },
      );
    }
    if (!(await resolveDisputeRow(tx, ctx.tenantId, disputeId, input.resolvedOn, input.resolution))) {
      throw new AppError('conflict', `dispute ${disputeId} was resolved meanwhile`);
    }
    const [invoice] = await invoicesToHold(tx, ctx.tenantId, [dispute.invoiceId]);
    const writtenOff =
      input.resolution === 'write-off' && invoice
        ? await writeOffPartInTransaction(tx, ctx, invoice, {
            on: input.resolvedOn,
            amountCents:
              input.writeOffAmount === undefined
                ? invoice.openPrincipalCents
                : parseMoney(input.writeOffAmount, 'writeOffAmount').minor,
            reason: input.note ?? `dispute ${disputeId}: ${dispute.reason}`,
            kind: 'dispute',
          })
        : null;
    const creditNote =
      input.resolution === 'credit-note' && input.creditNoteAmount !== undefined && invoice
        ? await issueCreditNote(tx, ctx, invoice, {
            on: input.resolvedOn,
            grossCents: parseMoney(input.creditNoteAmount, 'creditNoteAmount').minor,
            reason: input.note ?? `dispute ${disputeId}: ${dispute.reason}`,
            disputeId,
          })
        : null;
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'dispute.resolved',
          entityType: 'invoice',
          entityId: dispute.invoiceId,
          // On the customer's timeline, like the opening.
          customerId: invoice?.customerId ?? null,
          payload: {
            disputeId,
            ...input,
            ...(writtenOff ? { writeOffId: writtenOff.writeOffId } : {}),
            ...(creditNote ? { creditNote: creditNote.number } : {}),
          },
        },
      ],
      ctx.now(),
    );
    return { ...dispute, resolvedOn: input.resolvedOn, resolution: input.resolution };
  });
}

/** A credit note for a disputed invoice: numbered from the company's sequence, VAT in the invoice's proportion. */
async function issueCreditNote(
  tx: Db,
  ctx: ServiceContext,
  invoice: { id: number; number: string; customerId: number; status: string },
  options: { on: CalendarDate; grossCents: number; reason: string; disputeId: number },
): Promise<{ number: string }> {
  const customer = await findCustomerById(tx, ctx.tenantId, invoice.customerId);
  const row = await findInvoiceById(tx, ctx.tenantId, invoice.id);
  if (!customer || !row) throw new AppError('not-found', `invoice ${invoice.number} not found`);
  if (options.grossCents > row.grossCents) {
    throw new AppError(
      'validation',
      `creditNoteAmount: more than invoice ${invoice.number} came to (${Money.of(row.grossCents).toDecimalString()})`,
      { issues: [{ path: 'creditNoteAmount', message: 'more than the invoice' }] },
    );
  }
  const vatCents = vatContained(options.grossCents, row);
  const number = await nextCreditNoteNumber(tx, ctx.tenantId);
  await bookCreditNote(tx, ctx, {
    number,
    invoice,
    customer,
    issuedOn: options.on,
    reason: options.reason,
    netCents: options.grossCents - vatCents,
    vatCents,
    grossCents: options.grossCents,
    creditedCents: options.grossCents,
    source: `dispute ${options.disputeId}`,
  });
  return { number };
}

const promiseSchema = z.object({
  invoiceNumber: z.string().min(1),
  madeOn: calendarDateSchema,
  payBy: calendarDateSchema,
  amount: z.string().min(1),
});

export async function recordPromiseToPay(
  ctx: ServiceContext,
  raw: z.input<typeof promiseSchema>,
): Promise<PromiseRow> {
  const input = parseInput(promiseSchema, raw, 'promise to pay');
  if (input.payBy < input.madeOn)
    throw new AppError('validation', 'payBy: the promised day lies before the promise');
  const amount = parseAmount(input.amount, 'EUR', 'amount');
  return ctx.db.transaction(async (tx) => {
    const invoice = await findInvoiceOrFail(tx, ctx.tenantId, input.invoiceNumber);
    const [promise] = await insertPromises(tx, ctx, input, [
      { id: invoice.id, customerId: invoice.customerId, amountCents: amount.minor },
    ]);
    return promise as PromiseRow;
  });
}

/** One promise row per invoice, pending proposals for them cancelled, and the events, in `tx`. */
async function insertPromises(
  tx: Db,
  ctx: ServiceContext,
  days: { madeOn: string; payBy: string },
  parts: readonly { id: number; customerId: number; amountCents: number }[],
): Promise<PromiseRow[]> {
  const promises: PromiseRow[] = [];
  for (const part of parts) {
    promises.push(
      await insertPromise(tx, {
        tenantId: ctx.tenantId,
        invoiceId: part.id,
        madeOn: days.madeOn,
        payBy: days.payBy,
        amountCents: part.amountCents,
      }),
    );
  }
  const invoiceIds = parts.map((p) => p.id);
  const cancelled = await cancelPendingItems(tx, ctx.tenantId, invoiceIds, 'promise to pay');
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    [
      ...promises.map((promise, i) => ({
        type: 'promise.recorded',
        entityType: 'invoice',
        entityId: promise.invoiceId,
        customerId: parts[i]?.customerId ?? null,
        payload: { promiseId: promise.id, payBy: days.payBy, amountCents: promise.amountCents },
      })),
      ...cancellationEvents(cancelled, 'promise to pay'),
    ],
    ctx.now(),
  );
  return promises;
}

const promisesSchema = z
  .object({
    /** When given, every invoice must be this customer's. */
    customerId: z.number().int().positive().optional(),
    invoiceIds: z.array(z.number().int().positive()).min(1).max(100),
    amountCents: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    madeOn: calendarDateSchema,
    payBy: calendarDateSchema,
  })
  .refine((p) => new Set(p.invoiceIds).size === p.invoiceIds.length, {
    path: ['invoiceIds'],
    message: 'names an invoice twice',
  })
  .refine((p) => p.payBy >= p.madeOn, {
    path: ['payBy'],
    message: 'the promised day lies before the promise',
  });

/**
 * A customer's promise to pay an amount for one or more open invoices by a day: dunning of each
 * pauses until then. The amount is split over the invoices in proportion to what is open on each
 * (the split always adds up to the amount), one promise row per invoice.
 */
export async function recordPromisesToPay(
  ctx: ServiceContext,
  raw: z.input<typeof promisesSchema>,
): Promise<PromiseRow[]> {
  const input = parseInput(promisesSchema, raw, 'promise to pay');
  return ctx.db.transaction(async (tx) => {
    if (input.customerId !== undefined && !(await findCustomerById(tx, ctx.tenantId, input.customerId))) {
      throw new AppError('not-found', `customer ${input.customerId} not found`, {
        issues: [{ path: 'customerId', message: 'no such customer' }],
      });
    }
    const found = new Map(
      (await invoicesToHold(tx, ctx.tenantId, input.invoiceIds)).map((i) => [i.id, i] as const),
    );
    const invoices = input.invoiceIds.map((id, index) => {
      const invoice = found.get(id);
      if (!invoice) {
        throw new AppError('not-found', `invoice ${id} not found`, {
          issues: [{ path: `invoiceIds.${index}`, message: 'no such invoice' }],
        });
      }
      return { ...invoice, index, openCents: invoice.openPrincipalCents + invoice.openCostsCents };
    });
    const customerId = input.customerId ?? invoices[0]?.customerId;
    for (const invoice of invoices) {
      const problem =
        invoice.customerId !== customerId
          ? input.customerId === undefined
            ? 'belongs to another customer than the first invoice'
            : 'belongs to another customer'
          : invoice.status !== 'open' || invoice.openCents <= 0
            ? `is ${invoice.status === 'open' ? 'paid' : invoice.status}: nothing to promise`
            : null;
      if (problem) {
        throw new AppError(
          'validation',
          `invoiceIds.${invoice.index}: invoice ${invoice.number} ${problem}`,
          {
            issues: [
              { path: `invoiceIds.${invoice.index}`, message: `invoice ${invoice.number} ${problem}` },
            ],
          },
        );
      }
    }
    const shares = Money.of(input.amountCents).allocate(invoices.map((i) => i.openCents));
    return insertPromises(
      tx,
      ctx,
      input,
      invoices.map((invoice, i) => ({
        id: invoice.id,
        customerId: invoice.customerId,
        amountCents: shares[i]?.minor ?? 0,
      })),
    );
  });
}

/** Days after the promised day that a transfer may take to be credited before the promise counts as broken. */
export const PROMISE_GRACE_DAYS = 3;

export interface PromiseSettlement {
  kept: number;
  broken: number;
  /** Tasks made on the promised day to check the payment and follow up. */
  reminders: number;
}

/** The kind of the task made on the day a promise falls due. */
export const PROMISE_TASK_KIND = 'promise-due';

/**
 * Decides the open promises to pay on `today`: kept when the invoice is settled, or, from the
 * promised day on, when what was paid on it since the promise covers the promised amount; broken
 * when the promised day plus the grace days has passed without that. Dunning of the claim resumes
 * after the promised day either way; the decision is an event on the customer's timeline.
 */
export async function settlePromises(ctx: ServiceContext, today: CalendarDate): Promise<PromiseSettlement> {
  return ctx.db.transaction(async (tx) => {
    const result = { kept: 0, broken: 0, reminders: 0 };
    const events: NewEvent[] = [];
    const promises = await openPromisesWithPayments(tx, ctx.tenantId);
    // On the promised day a person checks and follows up: one task per promise, made once.
    const due = promises.filter(
      (p) => today >= p.payBy && p.openCents > 0 && p.paidSinceCents < p.amountCents,
    );
    const made = await taskKeysOf(
      tx,
      ctx.tenantId,
      PROMISE_TASK_KIND,
      due.map((p) => p.invoiceId),
    );
    const reminders = due.filter((p) => !made.has(`${p.invoiceId}:${p.payBy}`));
    await insertTasks(
      tx,
      reminders.map((p) => ({
        tenantId: ctx.tenantId,
        customerId: p.customerId,
        invoiceId: p.invoiceId,
        kind: PROMISE_TASK_KIND,
        title: `Zahlungszusage ${p.invoiceNumber} über ${formatMoney(Money.of(p.amountCents), 'de')} bis ${formatCalendarDate(p.payBy as CalendarDate, 'de')}: Zahlungseingang prüfen`,
        dueOn: p.payBy,
      })),
    );
    result.reminders = reminders.length;
    for (const p of promises) {
      const covered = p.paidSinceCents >= p.amountCents;
      const status =
        p.openCents <= 0 || (covered && today >= p.payBy)
          ? ('kept' as const)
          : today > addDays(p.payBy as CalendarDate, PROMISE_GRACE_DAYS)
            ? ('broken' as const)
            : null;
      if (!status || !(await setPromiseStatus(tx, ctx.tenantId, p.id, status))) continue;
      result[status] += 1;
      events.push({
        type: `promise.${status}`,
        entityType: 'invoice',
        entityId: p.invoiceId,
        customerId: p.customerId,
        payload: {
          promiseId: p.id,
          payBy: p.payBy,
          amountCents: p.amountCents,
          paidSinceCents: p.paidSinceCents,
        },
      });
    }
    await appendEvents(tx, ctx.tenantId, ctx.actor, events, ctx.now());
    return result;
  });
}
