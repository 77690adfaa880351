/**
 * @module credit-note-service
 * Booking a credit note (Gutschrift, Rechnungskorrektur): imported with an e-invoice, or issued
 * when a dispute is resolved in the customer's favour.
 */
import { appendEvents } from '../db/event-store.ts';
import type { Db } from '../db/database.ts';
import { findClaimState } from '../db/invoice-repository.ts';
import { cancelPendingItems } from '../db/notice-repository.ts';
import { applyToClaim, insertPayment } from '../db/payment-repository.ts';
import { creditNotes } from '../db/schema.ts';
import { reserveNumbers } from '../db/tenant-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { Money } from '../domain/money.ts';
import { cancellationEvents } from './hold-service.ts';
import { bookPaymentInTransaction } from './payment-service.ts';
import type { ServiceContext } from './service-context.ts';

export interface CreditNoteBooking {
  number: string;
  /** The invoice it corrects; null: set off against the customer's claims. */
  invoice: { id: number; number: string; status: string } | null;
  customer: { id: number; number: string };
  issuedOn: CalendarDate;
  reason: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
  /** What is credited to the customer (an e-invoice's amount payable, BT-115). */
  creditedCents: number;
  /** Where it came from: the file name of an import, or the dispute. */
  source: string;
}

/** The next number of the company's credit notes: GS000001 … */
export async function nextCreditNoteNumber(db: Db, tenantId: number): Promise<string> {
  const { prefix, first } = await reserveNumbers(db, tenantId, 'credit-note', 1);
  return `${prefix}${String(first).padStart(6, '0')}`;
}

/**
 * Stores the credit note and books it inside the caller's transaction. It corrects the invoice's
 * amount: it reduces the principal of the invoice it names, not its costs first as a payment
 * would (§ 367 BGB orders payments, not corrections). What exceeds that principal (or a credit
 * note naming no invoice) is set off against the customer's other claims as § 366 Abs. 2 BGB
 * orders them, the rest held as credit.
 */
export async function bookCreditNote(tx: Db, ctx: ServiceContext, note: CreditNoteBooking): Promise<number> {
  const [row] = await tx
    .insert(creditNotes)
    .values({
      tenantId: ctx.tenantId,
      number: note.number,
      invoiceId: note.invoice?.id ?? null,
      customerId: note.customer.id,
      issuedOn: note.issuedOn,
      reason: note.reason.slice(0, 500),
      netCents: note.netCents,
      vatCents: note.vatCents,
      grossCents: note.grossCents,
    })
    .returning({ id: creditNotes.id });
  const id = (row as { id: number }).id;
  const { invoice } = note;
  const state =
    invoice && invoice.status === 'open' ? await findClaimState(tx, ctx.tenantId, invoice.id) : undefined;
  const reduction = invoice && state ? Math.min(note.creditedCents, state.openPrincipalCents) : 0;
  if (invoice && reduction > 0) {
    await insertPayment(
      tx,
      {
        tenantId: ctx.tenantId,
        customerId: note.customer.id,
        receivedOn: note.issuedOn,
        amountCents: reduction,
        currency: 'EUR',
        reference: `credit note ${note.number}`,
        payerName: null,
        payerIban: null,
        source: 'credit-note',
      },
      [
        {
          invoiceId: invoice.id,
          component: 'principal',
          amountCents: reduction,
          rule: `credit note ${note.number}`,
          effectiveOn: note.issuedOn,
        },
      ],
    );
    await applyToClaim(tx, ctx.tenantId, invoice.id, { costs: 0, interest: 0, principal: reduction });
    // A proposal not yet sent for a claim the credit note changed is outdated: cancelled, with its events.
    const cancelled = await cancelPendingItems(tx, ctx.tenantId, [invoice.id], `credit note ${note.number}`);
    await appendEvents(tx, ctx.tenantId, ctx.actor, cancellationEvents(cancelled, 'credit note'), ctx.now());
  }
  if (note.creditedCents - reduction > 0) {
    await bookPaymentInTransaction(tx, ctx, {
      customer: note.customer,
      amount: Money.of(note.creditedCents - reduction),
      receivedOn: note.issuedOn,
      invoiceNumbers: [],
      reference: `credit note ${note.number}`,
      payerName: null,
      payerIban: null,
      source: 'credit-note',
      skonto: false,
    });
  }
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    [
      {
        type: 'credit-note.created',
        entityType: 'credit-note',
        entityId: id,
        customerId: note.customer.id,
        payload: {
          number: note.number,
          invoice: invoice?.number ?? null,
          creditedCents: note.creditedCents,
          source: note.source,
        },
      },
    ],
    ctx.now(),
  );
  return id;
}
