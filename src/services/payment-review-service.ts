/**
 * @module payment-review-service
 * The review queue of bank transactions that were not booked automatically: listing them with
 * their ranked suggestions, booking one by hand against the invoices a person chose, or setting
 * it aside as not a customer payment.
 */
import { appendEvents } from '../db/event-store.ts';
import { findInvoicesByNumbers } from '../db/invoice-repository.ts';
import { findCustomerById } from '../db/customer-repository.ts';
import {
  addCustomerIban,
  findBankTransaction,
  listBankTransactionsByStatus,
  updateBankTransaction,
} from '../db/statement-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { Money } from '../domain/money.ts';
import { AppError } from './app-error.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { bookPaymentInTransaction, type RecordedPayment } from './payment-service.ts';
import { findDirectDebitByEndToEnd, markDirectDebitCollected } from '../db/sepa-repository.ts';
import type { ServiceContext } from './service-context.ts';

export interface ReviewItem {
  id: number;
  status: 'review' | 'parked';
  bookingDate: string;
  amountCents: number;
  currency: string;
  direction: 'credit' | 'debit';
  payerName: string | null;
  payerIban: string | null;
  remittance: string;
  endToEndId: string | null;
  creditorReference: string | null;
  reason: string[];
  suggestions: ReviewSuggestion[];
}

/** A ranked guess whose payment it is, as the import stored it (statement-import-service `describeSuggestion`). */
export interface ReviewSuggestion {
  customerId: number | null;
  customerNumber: string | null;
  customerName: string | null;
  invoiceIds: number[];
  /** Empty: the payment names no invoice; it would be allocated by §366 Abs. 2 BGB. */
  invoiceNumbers: string[];
  /** 0–100. */
  confidence: number;
  evidence: string[];
}

/** Reads a stored suggestion defensively: rows written by older versions may lack fields. */
function reviewSuggestionOf(stored: Record<string, unknown>): ReviewSuggestion {
  const list = (value: unknown) => (Array.isArray(value) ? (value as unknown[]) : []);
  return {
    customerId: typeof stored.customerId === 'number' ? stored.customerId : null,
    customerNumber: typeof stored.customerNumber === 'string' ? stored.customerNumber : null,
    customerName: typeof stored.customerName === 'string' ? stored.customerName : null,
    invoiceIds: list(stored.invoiceIds).map(Number),
    invoiceNumbers: list(stored.invoiceNumbers).map(String),
    confidence: Number(stored.confidence ?? 0),
    evidence: list(stored.evidence).map(String),
  };
}

/** The queue, oldest booking first: all of it, or one page (`limit` + 1 rows, after `[bookingDate, id]`). */
export async function listReviewQueue(
  ctx: ServiceContext,
  page: { after?: readonly [string, number] | null; limit?: number } = {},
): Promise<ReviewItem[]> {
  const rows = await listBankTransactionsByStatus(ctx.db, ctx.tenantId, ['review', 'parked'], page);
  return rows.map(({ transaction: t }) => ({
    id: t.id,
    status: t.status as 'review' | 'parked',
    bookingDate: t.bookingDate,
    amountCents: t.amountCents,
    currency: t.currency,
    direction: t.direction,
    payerName: t.counterpartyName,
    payerIban: t.counterpartyIban,
    remittance: t.remittance,
    endToEndId: t.endToEndId,
    creditorReference: t.creditorReference,
    reason: t.evidence,
    suggestions: t.suggestions.map(reviewSuggestionOf),
  }));
}

export interface AssignBankTransactionInput {
  transactionId: number;
  /** The invoices this payment pays, in the order to settle them. */
  invoiceNumbers: readonly string[];
  /** Without invoices: the customer whose claims it pays by §366 Abs. 2 BGB (or who gets the credit). */
  customerNumber?: string;
}

async function lockReviewable(ctx: ServiceContext, db: ServiceContext['db'], transactionId: number) {
  const found = await findBankTransaction(db, ctx.tenantId, transactionId);
  if (!found) throw new AppError('not-found', `bank transaction ${transactionId} not found`);
  const t = found.transaction;
  if (t.status !== 'review' && t.status !== 'parked') {
    throw new AppError(
      'conflict',
      `bank transaction ${transactionId} is ${t.status}, not waiting for review`,
    );
  }
  return t;
}

export async function assignBankTransaction(
  ctx: ServiceContext,
  input: AssignBankTransactionInput,
): Promise<RecordedPayment> {
  if (input.invoiceNumbers.length === 0 && !input.customerNumber) {
    throw new AppError('validation', 'name at least one invoice, or the customer the payment belongs to', {
      issues: [{ path: 'invoiceNumbers', message: 'empty, and no customer given' }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const t = await lockReviewable(ctx, tx, input.transactionId);
    if (t.direction !== 'credit' || t.amountCents <= 0) {
      throw new AppError(
        'validation',
        `bank transaction ${t.id} is not an incoming payment; it cannot pay invoices`,
      );
    }
    if (t.currency !== 'EUR') {
      throw new AppError(
        'validation',
        `bank transaction ${t.id} is in ${t.currency}; only EUR payments can be booked`,
      );
    }
    const found = await findInvoicesByNumbers(tx, ctx.tenantId, input.invoiceNumbers);
    const missing = input.invoiceNumbers.filter((n) => !found.some((i) => i.number === n));
    if (missing.length > 0) {
      throw new AppError('not-found', `invoice ${missing.join(', ')} not found`, {
        issues: missing.map((n) => ({ path: 'invoiceNumbers', message: `${n} not found` })),
      });
    }
    const customerIds = new Set(found.map((i) => i.customerId));
    let customer: { id: number; number: string };
    if (input.customerNumber) {
      customer = await findCustomerOrFail(tx, ctx.tenantId, input.customerNumber);
      if (found.some((i) => i.customerId !== customer.id)) {
        throw new AppError(
          'validation',
          `the invoices named do not all belong to customer ${customer.number}`,
        );
      }
    } else {
      if (customerIds.size > 1) {
        throw new AppError(
          'validation',
          `the invoices ${input.invoiceNumbers.join(', ')} belong to different customers; book one payment per customer`,
        );
      }
      const row = await findCustomerById(tx, ctx.tenantId, [...customerIds][0] as number);
      if (!row) throw new AppError('not-found', 'customer of the invoices not found');
      customer = row;
    }
    const recorded = await bookPaymentInTransaction(tx, ctx, {
      customer,
      amount: Money.of(t.amountCents),
      receivedOn: t.bookingDate as CalendarDate,
      invoiceNumbers: input.invoiceNumbers,
      reference: t.remittance || null,
      payerName: t.counterpartyName,
      payerIban: t.counterpartyIban,
      source: 'bank',
      bankTransactionId: t.id,
    });
    if (t.counterpartyIban) await addCustomerIban(tx, ctx.tenantId, customer.id, t.counterpartyIban);
    // One of our own collections, booked by hand (the amount differed, or the invoice was settled
    // meanwhile): the direct debit is collected all the same.
    const collection = t.endToEndId
      ? await findDirectDebitByEndToEnd(tx, ctx.tenantId, t.endToEndId)
      : undefined;
    const collected =
      collection?.customerId === customer.id &&
      (await markDirectDebitCollected(tx, ctx.tenantId, collection.id, recorded.payment.id));
    await updateBankTransaction(tx, ctx.tenantId, t.id, {
      status: 'booked',
      customerId: customer.id,
      confidence: 100,
      evidence: [`assigned by ${ctx.actor}`],
      suggestions: t.suggestions,
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'bank-transaction.assigned',
          entityType: 'bank-transaction',
          entityId: t.id,
          customerId: customer.id,
          payload: { paymentId: recorded.payment.id, invoiceNumbers: [...input.invoiceNumbers] },
        },
        ...(collected && collection
          ? [
              {
                type: 'direct-debit.collected',
                entityType: 'sepa-mandate',
                entityId: collection.mandateId,
                customerId: customer.id,
                payload: {
                  directDebitId: collection.id,
                  endToEndId: collection.endToEndId,
                  paymentId: recorded.payment.id,
                  bookedBy: ctx.actor,
                },
              },
            ]
          : []),
      ],
      ctx.now(),
    );
    return recorded;
  });
}

/** Takes a transaction out of the queue: not a customer payment (a refund, a transfer between own accounts). */
export async function ignoreBankTransaction(
  ctx: ServiceContext,
  transactionId: number,
  reason: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const t = await lockReviewable(ctx, tx, transactionId);
    await updateBankTransaction(tx, ctx.tenantId, t.id, {
      status: 'ignored',
      customerId: t.customerId,
      confidence: t.confidence,
      evidence: [`set aside by ${ctx.actor}: ${reason}`],
      suggestions: t.suggestions,
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'bank-transaction.ignored',
          entityType: 'bank-transaction',
          entityId: t.id,
          payload: { reason },
        },
      ],
      ctx.now(),
    );
  });
}
