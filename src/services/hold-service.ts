/**
 * @module hold-service
 * Disputes and promises to pay: each pauses dunning of the claim (a dispute also pauses
 * default-dependent charges while open) and cancels proposals for it that have not gone out.
 */
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import {
  type DisputeRow,
  findDispute,
  insertDispute,
  insertPromise,
  type PromiseRow,
  resolveDisputeRow,
} from '../db/hold-repository.ts';
import { findInvoiceByNumber, type InvoiceRow } from '../db/invoice-repository.ts';
import { cancelPendingItems, type CancelledItem } from '../db/notice-repository.ts';
import { parseAmount } from '../domain/money.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { AppError } from './app-error.ts';
import { parseInput } from './parse-input.ts';
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

export function cancellationEvents(cancelled: readonly CancelledItem[], reason: string): NewEvent[] {
  return cancelled.map((c) => ({
    type: c.noticeCancelled ? 'notice.cancelled' : 'notice.item-cancelled',
    entityType: 'notice',
    entityId: c.noticeId,
    customerId: c.customerId,
    payload: { invoiceId: c.invoiceId, reason },
  }));
}

const disputeSchema = z.object({
  invoiceNumber: z.string().min(1),
  openedOn: calendarDateSchema,
  reason: z.string().trim().min(1).max(2000),
  owner: z.string().max(200).nullable().optional(),
  expiresOn: calendarDateSchema.nullable().optional(),
});

export async function openDispute(
  ctx: ServiceContext,
  raw: z.input<typeof disputeSchema>,
): Promise<DisputeRow> {
  const input = parseInput(disputeSchema, raw, 'dispute');
  return ctx.db.transaction(async (tx) => {
    const invoice = await findInvoiceOrFail(tx, ctx.tenantId, input.invoiceNumber);
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

const resolutionSchema = z.object({
  resolvedOn: calendarDateSchema,
  resolution: z.enum(['rejected', 'credit-note', 'write-off', 'withdrawn']),
});

/** Ends a dispute; dunning resumes (a credit note or write-off is booked by its own use case). */
export async function resolveDispute(
  ctx: ServiceContext,
  disputeId: number,
  raw: z.input<typeof resolutionSchema>,
): Promise<void> {
  const input = parseInput(resolutionSchema, raw, 'dispute resolution');
  await ctx.db.transaction(async (tx) => {
    const dispute = await findDispute(tx, ctx.tenantId, disputeId);
    if (!dispute) throw new AppError('not-found', `dispute ${disputeId} not found`);
    if (dispute.resolvedOn)
      throw new AppError('conflict', `dispute ${disputeId} was resolved on ${dispute.resolvedOn}`);
    if (input.resolvedOn < dispute.openedOn) {
      throw new AppError(
        'validation',
        `resolvedOn: ${input.resolvedOn} lies before the dispute was opened (${dispute.openedOn})`,
      );
    }
    await resolveDisputeRow(tx, ctx.tenantId, disputeId, input.resolvedOn, input.resolution);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'dispute.resolved',
          entityType: 'invoice',
          entityId: dispute.invoiceId,
          payload: { disputeId, ...input },
        },
      ],
      ctx.now(),
    );
  });
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
    const promise = await insertPromise(tx, {
      tenantId: ctx.tenantId,
      invoiceId: invoice.id,
      madeOn: input.madeOn,
      payBy: input.payBy,
      amountCents: amount.minor,
    });
    const cancelled = await cancelPendingItems(tx, ctx.tenantId, [invoice.id], 'promise to pay');
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'promise.recorded',
          entityType: 'invoice',
          entityId: invoice.id,
          customerId: invoice.customerId,
          payload: { promiseId: promise.id, payBy: input.payBy, amountCents: amount.minor },
        },
        ...cancellationEvents(cancelled, 'promise to pay'),
      ],
      ctx.now(),
    );
    return promise;
  });
}
