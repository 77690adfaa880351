/**
 * @module statement-import-service
 * `import statement`: a bank statement file in, its incoming payments matched and booked.
 *
 * 1. The file is read completely once without writing anything: a file that cannot be read is
 *    rejected with the place of the problem, and nothing is stored.
 * 2. Entries are stored with an identity that survives re-imports (the bank's reference, or a
 *    hash of the content with its occurrence in the file): importing the same or an overlapping
 *    file again adds nothing.
 * 3. Each new credit is matched (src/domain/payment-matching): confident matches are booked by
 *    §§366/367 with Skonto and the tolerance; the rest waits in the review queue, with ranked
 *    suggestions, or parked when no customer is recognised. Returned direct debits and reversals
 *    undo the payment they return and charge the bank's fee as a cost of the claim.
 * 4. A credit carrying the end-to-end id of one of our own exported direct debits (sepa-service) is
 *    our collection: booked to exactly the invoice it collected (or to the plan's claims, for an
 *    instalment) without matching, and the direct debit marked collected; its return marks it
 *    returned. A batch credit of our collections that states no single amounts is split by them.
 * All of it happens in one transaction with its events: the dunning run afterwards sees every
 * payment booked today.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { isAnyOf } from '../db/sql-arrays.ts';
import type { Db } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import { findInstalmentPlan } from '../db/instalment-plan-repository.ts';
import { findInvoiceById } from '../db/invoice-repository.ts';
import { applyToClaim, findOpenClaims, insertPayment, type OpenClaimRow } from '../db/payment-repository.ts';
import { invoices } from '../db/schema.ts';
import {
  type DirectDebitRow,
  findDirectDebitByEndToEnd,
  findDirectDebitsByEndToEnd,
  findMandate,
  markDirectDebitCollected,
  markDirectDebitsReturned,
} from '../db/sepa-repository.ts';
import {
  addCustomerIban,
  addCustomerIbans,
  type BankTransactionRow,
  existingEntryKeys,
  findImportBySha,
  findRecentlySettledClaims,
  findPayment,
  findPaymentToUndo,
  insertBankTransactions,
  insertClaimCost,
  insertEntries,
  insertImport,
  insertStatement,
  updateStatementClosing,
  loadCustomersForMatching,
  markPaymentReversed,
  type NewBankEntryRow,
  type NewBankTransactionRow,
  updateBankTransaction,
  updateBankTransactions,
} from '../db/statement-repository.ts';
import { findTenantById } from '../db/tenant-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { Money } from '../domain/money.ts';
import {
  AUTO_BOOK_CONFIDENCE,
  buildMatchIndex,
  isAutoBookable,
  learnIban,
  type MatchIndex,
  matchPayment,
  type MatchSuggestion,
  updateClaimOpen,
} from '../domain/payment-matching.ts';
import { parsePaymentTerms, skontoOffers } from '../domain/payment-terms.ts';
import {
  type BankStatement,
  type StatementEntry,
  StatementFormatError,
  type StatementTransaction,
} from '../formats/bank-statement.ts';
import type { StatementEvent } from '../formats/statement-events.ts';
import { AppError } from './app-error.ts';
import { PaymentBatch } from './payment-batch.ts';
import { bookPaymentInTransaction } from './payment-service.ts';
import { readStatementFile, type ReadStatementFileOptions } from './read-statement-file.ts';
import type { ServiceContext } from './service-context.ts';

/** Default shortfall written off when a payment names its invoices: €1.00 (bank charges, rounding). */
export const DEFAULT_PAYMENT_TOLERANCE_CENTS = 100;

/** How far back a settled invoice still marks a payment naming it as paid twice. */
const SETTLED_LOOKBACK_DAYS = 400;

export interface ImportStatementOptions extends ReadStatementFileOptions {
  path: string;
  /** Overrides the tenant setting `paymentToleranceCents`. */
  toleranceCents?: number;
  /** For a CSV export that names no account. */
  accountIban?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportStatementResult {
  /** The import this file made, or the earlier one of the same bytes (`alreadyImported`). */
  importId: number | null;
  fileName: string;
  format: string;
  alreadyImported: boolean;
  statements: number;
  entriesRead: number;
  entriesAdded: number;
  transactions: number;
  booked: number;
  bookedCents: number;
  review: number;
  parked: number;
  ignored: number;
  returns: number;
}

function rejected(error: unknown): never {
  if (error instanceof StatementFormatError) {
    throw new AppError('import-rejected', error.message, {
      issues: [{ path: error.location.path ?? `line ${error.location.line ?? '?'}`, message: error.message }],
      cause: error,
    });
  }
  throw error;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The account of a statement, required to tell entries of different accounts apart. */
function accountOf(statement: BankStatement, fileName: string, override?: string): string {
  const account = (override ?? statement.account.iban)?.replace(/\s+/g, '').toUpperCase();
  if (!account) {
    throw new AppError(
      'import-rejected',
      `${fileName}: statement ${statement.id || '(without id)'} names no account; give the account IBAN (--account)`,
    );
  }
  return account;
}

async function validate(
  options: ImportStatementOptions,
  fileName: string,
): Promise<{ format: string; statements: number; entries: number }> {
  let format = '';
  let statements = 0;
  let entries = 0;
  try {
    for await (const event of readStatementFile(options.path, options)) {
      if (event.kind === 'format') format = event.format;
      else if (event.kind === 'statement') {
        statements++;
        accountOf(event.statement, fileName, options.accountIban);
      } else if (event.kind === 'entry') entries++;
    }
  } catch (error) {
    rejected(error);
  }
  return { format, statements, entries };
}

/** Content identity of an entry when the bank gives no reference. */
function contentHash(entry: StatementEntry): string {
  const facts = [
    entry.bookingDate,
    entry.valueDate,
    entry.amountCents,
    entry.currency,
    entry.direction,
    entry.reversal,
    entry.status,
    entry.bankTransactionCode,
    ...entry.transactions.flatMap((t) => [
      t.amountCents,
      t.endToEndId,
      t.mandateId,
      t.remittance.join('\n'),
      t.creditorReference,
      t.counterparty.iban,
      t.counterparty.name,
    ]),
  ];
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 32);
}

/**
 * The identity of an entry across files: the bank's reference, or its content, each with its
 * occurrence in the statement — two equal transfers on one day are two entries, and the same
 * statement delivered again (or overlapping) gives the same keys.
 */
function entryKey(entry: StatementEntry, occurrences: Map<string, number>): string {
  const reference =
    entry.bankReference && !/^(NOTPROVIDED|NONREF)$/i.test(entry.bankReference) ? entry.bankReference : null;
  const base = reference
    ? `ref:${reference}:${entry.bookingDate}:${entry.direction}:${entry.amountCents}:${entry.status}`
    : `hash:${contentHash(entry)}`;
  const n = (occurrences.get(base) ?? 0) + 1;
  occurrences.set(base, n);
  return `${base}:${n}`;
}

/** A transaction's own amount, unless a single transaction states it in another currency than its entry. */
function effectiveAmount(
  entry: StatementEntry,
  transaction: StatementTransaction,
): { cents: number; currency: string } {
  if (
    transaction.amountCents === null ||
    (transaction.currency !== entry.currency && entry.transactions.length === 1)
  ) {
    return { cents: entry.amountCents, currency: entry.currency };
  }
  return { cents: transaction.amountCents, currency: transaction.currency };
}

/**
 * Transactions to match: a batch that states no single amounts is matched as one payment — unless
 * it is a credit of our own collections, each named by its end-to-end id, that add up to the entry:
 * then each takes the amount of its direct debit.
 */
function matchableTransactions(
  entry: StatementEntry,
  collections: ReadonlyMap<string, DirectDebitRow>,
): StatementTransaction[] {
  if (entry.transactions.every((t) => t.amountCents !== null)) return entry.transactions;
  const own = entry.transactions.map((t) => (t.endToEndId ? collections.get(t.endToEndId) : undefined));
  if (
    entry.direction === 'credit' &&
    !entry.reversal &&
    entry.currency === 'EUR' &&
    entry.transactions.length > 1 &&
    own.every((d) => d !== undefined && d.status === 'exported') &&
    new Set(own.map((d) => d?.id)).size === own.length &&
    own.reduce((sum, d) => sum + (d as DirectDebitRow).amountCents, 0) === entry.amountCents
  ) {
    return entry.transactions.map((t, i) => ({
      ...t,
      amountCents: (own[i] as DirectDebitRow).amountCents,
      currency: 'EUR',
    }));
  }
  const [first] = entry.transactions;
  return [
    {
      ...(first as StatementTransaction),
      amountCents: entry.amountCents,
      currency: entry.currency,
      remittance: entry.transactions.flatMap((t) => t.remittance),
    },
  ];
}

function transactionRows(
  tenantId: number,
  entryId: number,
  entry: StatementEntry,
  collections: ReadonlyMap<string, DirectDebitRow>,
): Omit<NewBankTransactionRow, 'status'>[] {
  return matchableTransactions(entry, collections).map((t) => {
    const amount = effectiveAmount(entry, t);
    return {
      tenantId,
      entryId,
      amountCents: amount.cents,
      currency: amount.currency,
      direction: entry.direction,
      bookingDate: entry.valueDate ?? entry.bookingDate,
      endToEndId: t.endToEndId,
      mandateId: t.mandateId,
      remittance: t.remittance.join(' ').replace(/\s+/g, ' ').trim(),
      creditorReference: t.creditorReference,
      counterpartyName: t.counterparty.name,
      counterpartyIban: t.counterparty.iban,
      counterpartyBic: t.counterparty.bic,
      returnReason: t.returnReason,
      creditorId: t.creditorId,
      originalAmountCents: t.originalAmountCents,
      chargesCents: t.chargesCents,
    };
  });
}

export async function importStatement(
  ctx: ServiceContext,
  options: ImportStatementOptions,
): Promise<ImportStatementResult> {
  const fileName = options.displayName ?? options.path.split('/').at(-1) ?? options.path;
  const checked = await validate(options, fileName);
  const sha256 = await sha256Of(options.path);
  const result: ImportStatementResult = {
    importId: null,
    fileName,
    format: checked.format,
    alreadyImported: false,
    statements: 0,
    entriesRead: checked.entries,
    entriesAdded: 0,
    transactions: 0,
    booked: 0,
    bookedCents: 0,
    review: 0,
    parked: 0,
    ignored: 0,
    returns: 0,
  };
  return ctx.db.transaction(async (tx) => {
    // One import at a time per company: entry identities are checked, then written.
    await tx.execute(sql`select pg_advisory_xact_lock(${ctx.tenantId}, 4711)`);
    const earlier = await findImportBySha(tx, ctx.tenantId, sha256);
    if (earlier) return { ...result, importId: earlier.id, alreadyImported: true };
    const tenant = await findTenantById(tx, ctx.tenantId);
    const settings = (tenant?.settings ?? {}) as { paymentToleranceCents?: number };
    const booking = new Booking(tx, ctx, {
      toleranceCents:
        options.toleranceCents ?? settings.paymentToleranceCents ?? DEFAULT_PAYMENT_TOLERANCE_CENTS,
      state: tenant?.state,
      index: await loadMatchIndex(tx, ctx.tenantId, tenant?.state),
    });
    const imported = await insertImport(tx, {
      tenantId: ctx.tenantId,
      fileName,
      sha256,
      format: checked.format,
      entriesRead: checked.entries,
      entriesAdded: 0,
    });
    result.importId = imported.id;

    let statement: BankStatement | undefined;
    let statementRowId: number | undefined;
    let account = '';
    let batch: StatementEntry[] = [];
    let done = 0;
    const occurrences = new Map<string, number>();
    const flush = async (): Promise<void> => {
      if (!statement || batch.length === 0) return;
      const keyed = batch.map((entry) => ({ entry, key: entryKey(entry, occurrences) }));
      batch = [];
      const existing = await existingEntryKeys(
        tx,
        ctx.tenantId,
        account,
        keyed.map((k) => k.key),
      );
      const fresh = keyed.filter((k) => !existing.has(k.key));
      done += keyed.length;
      if (fresh.length > 0) {
        statementRowId ??= await insertStatement(tx, {
          tenantId: ctx.tenantId,
          importId: imported.id,
          statementRef: statement.id,
          accountIban: account,
          currency: statement.account.currency,
          sequenceNumber: statement.sequenceNumber,
          fromDate: statement.fromDate,
          toDate: statement.toDate,
          openingBalanceCents: statement.openingBalanceCents,
          closingBalanceCents: statement.closingBalanceCents,
        });
        const rows: NewBankEntryRow[] = fresh.map(({ entry, key }) => ({
          tenantId: ctx.tenantId,
          statementId: statementRowId as number,
          accountIban: account,
          entryKey: key,
          bookingDate: entry.bookingDate,
          valueDate: entry.valueDate,
          amountCents: entry.amountCents,
          currency: entry.currency,
          direction: entry.direction,
          reversal: entry.reversal,
          status: entry.status,
          bankReference: entry.bankReference,
          bankTransactionCode: entry.bankTransactionCode,
          bookingText: entry.bookingText,
        }));
        const stored = await insertEntries(tx, rows);
        result.entriesAdded += stored.length;
        // Our own collections among the credits, found with one query per batch: they are booked
        // by their end-to-end id, and a batch of them without single amounts is split by them.
        const collections = await findDirectDebitsByEndToEnd(
          tx,
          ctx.tenantId,
          fresh.flatMap(({ entry }) =>
            entry.direction === 'credit'
              ? entry.transactions.flatMap((t) =>
                  t.endToEndId && t.endToEndId !== 'NOTPROVIDED' ? [t.endToEndId] : [],
                )
              : [],
          ),
        );
        const txRows = stored.flatMap((row, i) => {
          const entry = (fresh[i] as { entry: StatementEntry }).entry;
          return transactionRows(ctx.tenantId, row.id, entry, collections).map((t) => ({
            ...t,
            status: 'review' as const,
          }));
        });
        const storedTransactions = await insertBankTransactions(tx, txRows);
        result.transactions += storedTransactions.length;
        const entryById = new Map(
          stored.map((row, i) => [row.id, (fresh[i] as { entry: StatementEntry }).entry]),
        );
        await booking.prepare(storedTransactions);
        for (const transaction of storedTransactions) {
          const outcome = await booking.settle(
            transaction,
            entryById.get(transaction.entryId) as StatementEntry,
            collections,
          );
          result[outcome.status === 'booked' ? 'booked' : outcome.status]++;
          if (outcome.status === 'booked') result.bookedCents += outcome.cents;
          if (outcome.isReturn) result.returns++;
        }
        await booking.writePending();
      }
      options.onProgress?.(done, checked.entries);
    };

    try {
      for await (const event of readStatementFile(options.path, options) as AsyncIterable<StatementEvent>) {
        if (event.kind === 'statement') {
          statement = event.statement;
          statementRowId = undefined;
          account = accountOf(event.statement, fileName, options.accountIban);
          occurrences.clear();
          result.statements++;
        } else if (event.kind === 'entry') {
          batch.push(event.entry);
          if (batch.length >= 1000) await flush();
        } else if (event.kind === 'end') {
          // MT940 gives the closing balance only now; a long statement's row may be written already.
          const written = statementRowId !== undefined;
          statement = event.statement;
          await flush();
          if (written && statementRowId !== undefined) {
            await updateStatementClosing(tx, ctx.tenantId, statementRowId, statement);
          }
        }
      }
    } catch (error) {
      rejected(error);
    }
    await tx.execute(
      sql`update statement_imports set entries_added = ${result.entriesAdded}
           where tenant_id = ${ctx.tenantId} and id = ${imported.id}`,
    );
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'statement.imported',
          entityType: 'statement-import',
          entityId: imported.id,
          payload: {
            fileName,
            format: result.format,
            sha256,
            entriesRead: result.entriesRead,
            entriesAdded: result.entriesAdded,
            booked: result.booked,
            review: result.review,
            parked: result.parked,
            returns: result.returns,
          },
        },
      ],
      ctx.now(),
    );
    return result;
  });
}

async function loadMatchIndex(db: Db, tenantId: number, state: string | undefined): Promise<MatchIndex> {
  const claims = await findOpenClaims(db, tenantId);
  const settled = await findRecentlySettledClaims(db, tenantId, SETTLED_LOOKBACK_DAYS);
  const customers = await loadCustomersForMatching(db, tenantId);
  return buildMatchIndex(
    [
      ...settled.map((c) => ({
        claimId: String(c.invoiceId),
        number: c.number,
        customerId: String(c.customerId),
        dueDate: c.dueDate,
        openCents: 0,
        skontoOffers: [],
      })),
      ...claims.map((c) => {
        let offers: { deadline: string; payableCents: number }[] = [];
        const untouched = c.openPrincipalCents === c.grossCents && c.openCostsCents === 0;
        if (untouched) {
          try {
            const terms = parsePaymentTerms(c.paymentTerms);
            offers = skontoOffers(terms, c.issuedOn as CalendarDate, Money.of(c.grossCents), state).map(
              (o) => ({
                deadline: o.deadline,
                payableCents: o.payable.minor,
              }),
            );
          } catch {
            offers = []; // terms that no longer validate give no Skonto
          }
        }
        return {
          claimId: String(c.invoiceId),
          number: c.number,
          customerId: String(c.customerId),
          dueDate: c.dueDate,
          openCents: openCentsOf(c),
          skontoOffers: offers,
        };
      }),
    ],
    customers.map((c) => ({ customerId: String(c.id), number: c.number, name: c.name, ibans: c.ibans })),
  );
}

type Outcome = { status: 'booked' | 'review' | 'parked' | 'ignored'; cents: number; isReturn: boolean };

type TransactionChange = Parameters<typeof updateBankTransactions>[2][number];

/** What is open of a claim for matching: principal, costs and demanded interest not paid yet. */
function openCentsOf(claim: OpenClaimRow): number {
  return (
    claim.openPrincipalCents +
    claim.openCostsCents +
    Math.max(0, claim.interestDemandedCents - claim.interestPaidCents)
  );
}

/**
 * Decides each bank transaction in the order of the file, keeping the match index current. The
 * matched credits are booked set-wise (`PaymentBatch`), and the transactions' outcomes and learnt
 * IBANs are written together (`writePending`, at the end of each batch of entries); our own
 * collections and returns — rare — are booked one at a time after what is pending was written.
 */
class Booking {
  private readonly batch: PaymentBatch;
  private changes: TransactionChange[] = [];
  private ibans: { customerId: number; iban: string }[] = [];

  constructor(
    private readonly tx: Db,
    private readonly ctx: ServiceContext,
    private readonly options: { toleranceCents: number; state: string | undefined; index: MatchIndex },
  ) {
    this.batch = new PaymentBatch(tx, ctx, options.state);
  }

  /**
   * Locks and loads, with one statement, the open claims of the customers the credits of a batch
   * will most likely be booked to (a later credit may still name another: loaded then).
   */
  async prepare(transactions: readonly BankTransactionRow[]): Promise<void> {
    const customers = new Set<number>();
    for (const transaction of transactions) {
      if (transaction.direction !== 'credit' || transaction.amountCents <= 0) continue;
      const suggestions = this.suggestionsFor(transaction);
      if (isAutoBookable(suggestions)) customers.add(Number(suggestions[0]?.customerId));
    }
    await this.batch.load(customers);
  }

  /** Writes the booked payments, the transactions' outcomes and the learnt IBANs. */
  async writePending(): Promise<void> {
    await this.batch.write();
    await updateBankTransactions(this.tx, this.ctx.tenantId, this.changes);
    await addCustomerIbans(this.tx, this.ctx.tenantId, this.ibans);
    this.changes = [];
    this.ibans = [];
  }

  /** Our own collection or a return, booked row by row: what is pending first, then reload later. */
  private async alone(step: () => Promise<Outcome>): Promise<Outcome> {
    await this.writePending();
    const outcome = await step();
    this.batch.forget();
    return outcome;
  }

  async settle(
    transaction: BankTransactionRow,
    entry: StatementEntry,
    collections: ReadonlyMap<string, DirectDebitRow>,
  ): Promise<Outcome> {
    const code = entry.bankTransactionCode ?? '';
    const words = `${entry.bookingText ?? ''} ${transaction.remittance}`;
    const isUndo =
      entry.reversal ||
      transaction.returnReason !== null ||
      /UPDD|PRDD|RRTN|ARET/.test(code) ||
      /^GVC (108|109)$/.test(code) ||
      // Banks that give no code still say it in words: "RUECKLASTSCHRIFT", "SEPA-LASTSCHR. RETOURE".
      /R(UE|Ü)CKLASTSCHRIFT|RETOURE|R(UE|Ü)CKBELASTUNG|STORNO/i.test(words);
    if (entry.status !== 'BOOK') {
      return this.mark(transaction, 'ignored', [`not booked by the bank yet (status ${entry.status})`]);
    }
    if (isUndo && transaction.direction === 'debit') return this.alone(() => this.undo(transaction));
    if (isUndo) {
      return this.mark(transaction, 'review', [
        'a reversed debit came back as a credit: check what it belongs to',
      ]);
    }
    if (transaction.direction === 'debit') return this.mark(transaction, 'ignored', ['outgoing payment']);
    if (transaction.amountCents <= 0) return this.mark(transaction, 'ignored', ['no amount']);
    if (transaction.currency !== 'EUR') {
      return this.mark(transaction, 'review', [`paid in ${transaction.currency}: book by hand`]);
    }
    if (transaction.endToEndId && collections.has(transaction.endToEndId)) {
      // Read again: an earlier transaction of this file may have booked it meanwhile.
      await this.writePending();
      const collection = await findDirectDebitByEndToEnd(this.tx, this.ctx.tenantId, transaction.endToEndId);
      if (collection) return this.alone(() => this.bookCollection(transaction, collection));
    }
    return this.matchAndBook(transaction);
  }

  /**
   * The credit of one of our own direct debits: no matching needed, its end-to-end id names the
   * claim. Booked to exactly the invoice it collected — or, for an instalment, to the plan's open
   * claims in the order of the plan, as a payment of the instalment would be — and the direct debit
   * is marked collected. What does not fit (another amount, a claim settled meanwhile, a second
   * credit of the same collection) goes to a person.
   */
  private async bookCollection(transaction: BankTransactionRow, debit: DirectDebitRow): Promise<Outcome> {
    const { tenantId } = this.ctx;
    const mandate = await findMandate(this.tx, tenantId, debit.mandateId);
    const what =
      debit.invoiceId !== null
        ? `invoice ${await this.invoiceNumber(debit.invoiceId)}`
        : `instalment ${debit.instalmentNumber} of plan ${debit.planId}`;
    const ours = `own direct debit ${debit.endToEndId} (mandate ${mandate?.reference ?? debit.mandateId}) for ${what}`;
    const customer = this.options.index.customers.get(String(debit.customerId));
    if (!customer) throw new AppError('not-found', `customer ${debit.customerId} not found`);
    // To a person, with the customer (and the collected invoice, while it is open) suggested.
    const toReview = (reason: string, invoice?: { id: number; number: string }) =>
      this.mark(transaction, 'review', [`${ours}: ${reason}`], {
        customerId: debit.customerId,
        confidence: 100,
        suggestions: [
          {
            customerId: debit.customerId,
            customerNumber: customer.number,
            customerName: customer.name,
            invoiceIds: invoice ? [invoice.id] : [],
            invoiceNumbers: invoice ? [invoice.number] : [],
            confidence: 100,
            evidence: [ours],
          },
        ],
      });
    if (debit.status !== 'exported') {
      return toReview(`it was ${debit.status} already — credited twice?`);
    }
    const open = await findOpenClaims(this.tx, tenantId, { customerId: debit.customerId });
    const mismatch = `collected ${debit.amountCents} cents, credited ${transaction.amountCents} cents`;
    let invoiceNumbers: string[];
    if (debit.invoiceId !== null) {
      const claim = open.find((c) => c.invoiceId === debit.invoiceId);
      if (!claim) return toReview('the invoice was settled meanwhile — paid twice?');
      if (transaction.amountCents !== debit.amountCents) {
        return toReview(mismatch, { id: claim.invoiceId, number: claim.number });
      }
      invoiceNumbers = [claim.number];
    } else {
      if (transaction.amountCents !== debit.amountCents) return toReview(mismatch);
      const plan = await findInstalmentPlan(this.tx, tenantId, debit.planId as number);
      const openIds = new Set(open.map((c) => c.invoiceId));
      invoiceNumbers = (plan?.claims ?? [])
        .filter((c) => openIds.has(c.invoiceId))
        .map((c) => c.invoiceNumber);
      if (invoiceNumbers.length === 0)
        return toReview('the plan’s claims were settled meanwhile — paid twice?');
    }
    const recorded = await bookPaymentInTransaction(this.tx, this.ctx, {
      customer: { id: debit.customerId, number: customer.number },
      amount: Money.of(transaction.amountCents),
      receivedOn: transaction.bookingDate as CalendarDate,
      invoiceNumbers,
      reference: transaction.remittance || debit.remittance,
      payerName: transaction.counterpartyName,
      payerIban: transaction.counterpartyIban,
      source: 'bank',
      bankTransactionId: transaction.id,
      // We collected exactly what was open: no Skonto, no shortfall.
      skonto: false,
    });
    await markDirectDebitCollected(this.tx, tenantId, debit.id, recorded.payment.id);
    if (transaction.counterpartyIban) {
      await addCustomerIban(this.tx, tenantId, debit.customerId, transaction.counterpartyIban);
      learnIban(this.options.index, String(debit.customerId), transaction.counterpartyIban);
    }
    await this.refreshOpen(debit.customerId);
    await appendEvents(
      this.tx,
      tenantId,
      this.ctx.actor,
      [
        {
          type: 'direct-debit.collected',
          entityType: 'sepa-mandate',
          entityId: debit.mandateId,
          customerId: debit.customerId,
          payload: {
            directDebitId: debit.id,
            endToEndId: debit.endToEndId,
            paymentId: recorded.payment.id,
            amountCents: debit.amountCents,
            invoiceNumbers,
            planId: debit.planId,
            instalmentNumber: debit.instalmentNumber,
          },
        },
      ],
      this.ctx.now(),
    );
    await updateBankTransaction(this.tx, tenantId, transaction.id, {
      status: 'booked',
      customerId: debit.customerId,
      confidence: 100,
      evidence: [ours],
      suggestions: [],
    });
    return { status: 'booked', cents: transaction.amountCents, isReturn: false };
  }

  private async invoiceNumber(invoiceId: number): Promise<string> {
    return (await findInvoiceById(this.tx, this.ctx.tenantId, invoiceId))?.number ?? String(invoiceId);
  }

  private async mark(
    transaction: BankTransactionRow,
    status: Outcome['status'],
    evidence: string[],
    extra: { customerId?: number; confidence?: number; suggestions?: Record<string, unknown>[] } = {},
  ): Promise<Outcome> {
    this.changes.push({
      id: transaction.id,
      status,
      evidence,
      customerId: extra.customerId ?? null,
      confidence: extra.confidence ?? null,
      suggestions: extra.suggestions ?? [],
    });
    return { status, cents: 0, isReturn: false };
  }

  private suggestionsFor(transaction: BankTransactionRow): MatchSuggestion[] {
    return matchPayment(
      {
        amountCents: transaction.amountCents,
        paidOn: transaction.bookingDate,
        texts: [transaction.remittance, transaction.endToEndId, transaction.creditorReference],
        payerName: transaction.counterpartyName,
        payerIban: transaction.counterpartyIban,
      },
      this.options.index,
      { toleranceCents: this.options.toleranceCents },
    );
  }

  private async matchAndBook(transaction: BankTransactionRow): Promise<Outcome> {
    const { index } = this.options;
    const suggestions = this.suggestionsFor(transaction);
    const described = suggestions.map((s) => describeSuggestion(s, index));
    const best = suggestions[0];
    if (!best)
      return this.mark(transaction, 'parked', ['no customer recognised by reference, number, IBAN or name']);
    if (!isAutoBookable(suggestions)) {
      const rival = suggestions[1];
      const customerOf = (s: MatchSuggestion) => index.customers.get(s.customerId)?.number ?? s.customerId;
      const reason =
        best.confidence < AUTO_BOOK_CONFIDENCE
          ? `best match ${best.confidence} % is below ${AUTO_BOOK_CONFIDENCE} % for automatic booking`
          : `${customerOf(best)} at ${best.confidence} %, but ${rival ? customerOf(rival) : 'another customer'} is close at ${rival?.confidence ?? '?'} %`;
      return this.mark(transaction, 'review', [reason], {
        customerId: Number(best.customerId),
        confidence: best.confidence,
        suggestions: described,
      });
    }
    await this.book(transaction, best);
    this.changes.push({
      id: transaction.id,
      status: 'booked',
      customerId: Number(best.customerId),
      confidence: best.confidence,
      evidence: best.evidence,
      suggestions: described,
    });
    return { status: 'booked', cents: transaction.amountCents, isReturn: false };
  }

  /** Books the transaction as a payment of the suggestion's customer, naming its invoices (in the batch). */
  private async book(
    transaction: BankTransactionRow,
    suggestion: Pick<MatchSuggestion, 'customerId' | 'claimIds'>,
  ): Promise<void> {
    const { index } = this.options;
    const customer = index.customers.get(suggestion.customerId);
    if (!customer) throw new AppError('not-found', `customer ${suggestion.customerId} not found`);
    const customerId = Number(customer.customerId);
    await this.batch.load([customerId]);
    this.batch.add({
      customer: { id: customerId, number: customer.number },
      amount: Money.of(transaction.amountCents),
      receivedOn: transaction.bookingDate as CalendarDate,
      invoiceNumbers: suggestion.claimIds.map((id) => index.claims.get(id)?.number ?? '').filter(Boolean),
      reference: transaction.remittance || null,
      payerName: transaction.counterpartyName,
      payerIban: transaction.counterpartyIban,
      source: 'bank',
      bankTransactionId: transaction.id,
      toleranceCents: this.options.toleranceCents,
    });
    if (transaction.counterpartyIban) {
      this.ibans.push({ customerId, iban: transaction.counterpartyIban });
      learnIban(index, customer.customerId, transaction.counterpartyIban);
    }
    this.intoIndex(customerId, this.batch.openClaimsOf(customerId));
  }

  /** What is open now for the customer's claims (principal, costs, demanded interest), into the index. */
  private async refreshOpen(customerId: number): Promise<void> {
    this.intoIndex(customerId, await findOpenClaims(this.tx, this.ctx.tenantId, { customerId }));
  }

  /** The customer's claims in the index as `open` has them; a claim not in it is settled. */
  private intoIndex(customerId: number, open: readonly OpenClaimRow[]): void {
    const byId = new Map(open.map((c) => [String(c.invoiceId), c]));
    for (const claim of this.options.index.claimsByCustomer.get(String(customerId)) ?? []) {
      const now = byId.get(claim.claimId);
      updateClaimOpen(this.options.index, claim.claimId, now ? openCentsOf(now) : 0);
    }
  }

  /**
   * A returned direct debit or a reversed credit: the payment it returns is undone allocation by
   * allocation (the claims open again, interest runs as if it had never been paid), and the bank's
   * return charges become a cost of the claim the payment had paid.
   */
  private async undo(transaction: BankTransactionRow): Promise<Outcome> {
    const charges =
      transaction.chargesCents ??
      (transaction.originalAmountCents !== null && transaction.amountCents > transaction.originalAmountCents
        ? transaction.amountCents - transaction.originalAmountCents
        : 0);
    const original = await findPaymentToUndo(this.tx, this.ctx.tenantId, {
      endToEndId: transaction.endToEndId,
      mandateId: transaction.mandateId,
      iban: transaction.counterpartyIban,
      amountCents: transaction.originalAmountCents ?? transaction.amountCents - charges,
      before: transaction.bookingDate,
    });
    const reason = transaction.returnReason ? ` (reason ${transaction.returnReason})` : '';
    if (!original) {
      const collection = transaction.endToEndId
        ? await findDirectDebitByEndToEnd(this.tx, this.ctx.tenantId, transaction.endToEndId)
        : undefined;
      return this.mark(transaction, 'review', [
        collection
          ? `the return${reason} of our direct debit ${collection.endToEndId}, whose credit was not booked: import the statement with the credit first`
          : `a return or reversal${reason}, but no booked payment it returns was found`,
      ]);
    }
    const found = await findPayment(this.tx, this.ctx.tenantId, original.paymentId);
    if (!found) throw new AppError('not-found', `payment ${original.paymentId} not found`);
    const day = transaction.bookingDate;
    const reversal = await insertPayment(
      this.tx,
      {
        tenantId: this.ctx.tenantId,
        customerId: found.payment.customerId,
        receivedOn: day,
        amountCents: -found.payment.amountCents,
        currency: found.payment.currency,
        reference: `return of payment ${found.payment.id}${reason}`,
        payerName: found.payment.payerName,
        payerIban: found.payment.payerIban,
        source: 'bank',
        bankTransactionId: transaction.id,
        reversesPaymentId: found.payment.id,
      },
      found.allocations.map((a) => ({
        invoiceId: a.invoiceId,
        component: a.component,
        amountCents: -a.amountCents,
        rule: `reversal of payment ${found.payment.id}`,
        effectiveOn: day,
      })),
    );
    await markPaymentReversed(this.tx, this.ctx.tenantId, found.payment.id, reversal.id);
    const returnedCollections = await markDirectDebitsReturned(this.tx, this.ctx.tenantId, found.payment.id);
    const perClaim = new Map<number, { costs: number; interest: number; principal: number }>();
    for (const a of found.allocations) {
      if (a.invoiceId === null || a.component === 'credit') continue;
      const undone = perClaim.get(a.invoiceId) ?? { costs: 0, interest: 0, principal: 0 };
      if (a.component === 'costs') undone.costs -= a.amountCents;
      else if (a.component === 'interest') undone.interest -= a.amountCents;
      else undone.principal -= a.amountCents;
      perClaim.set(a.invoiceId, undone);
    }
    const claimIds = [...perClaim.keys()];
    const charged = claimIds[0];
    if (charges > 0 && charged !== undefined) {
      await insertClaimCost(this.tx, {
        tenantId: this.ctx.tenantId,
        invoiceId: charged,
        kind: 'return-charges',
        amountCents: charges,
        incurredOn: day,
        bankTransactionId: transaction.id,
        description: `bank charges for the returned payment ${found.payment.id}${reason}`,
      });
      (perClaim.get(charged) as { costs: number }).costs -= charges;
    }
    for (const [invoiceId, undone] of perClaim)
      await applyToClaim(this.tx, this.ctx.tenantId, invoiceId, undone);
    await this.refreshOpen(found.payment.customerId as number);
    const numbers = await this.tx
      .select({ id: invoices.id, number: invoices.number })
      .from(invoices)
      .where(and(eq(invoices.tenantId, this.ctx.tenantId), isAnyOf(invoices.id, claimIds)));
    const numberOf = new Map(numbers.map((n) => [n.id, n.number]));
    const events: NewEvent[] = [
      {
        type: 'payment.reversed',
        entityType: 'payment',
        entityId: found.payment.id,
        customerId: found.payment.customerId,
        payload: {
          reversalPaymentId: reversal.id,
          bankTransactionId: transaction.id,
          returnReason: transaction.returnReason,
          reopened: claimIds.map((id) => numberOf.get(id) ?? String(id)),
          chargesCents: charges,
        },
      },
      ...returnedCollections.map((d) => ({
        type: 'direct-debit.returned',
        entityType: 'sepa-mandate',
        entityId: d.mandateId,
        customerId: d.customerId,
        payload: {
          directDebitId: d.id,
          endToEndId: d.endToEndId,
          paymentId: found.payment.id,
          reversalPaymentId: reversal.id,
          returnReason: transaction.returnReason,
          chargesCents: charges,
        },
      })),
    ];
    await appendEvents(this.tx, this.ctx.tenantId, this.ctx.actor, events, this.ctx.now());
    await updateBankTransaction(this.tx, this.ctx.tenantId, transaction.id, {
      status: 'booked',
      customerId: found.payment.customerId,
      confidence: 100,
      evidence: [
        `returns payment ${found.payment.id}${reason}`,
        ...returnedCollections.map((d) => `our direct debit ${d.endToEndId} came back`),
        ...(charges > 0 ? [`charges ${charges} cents`] : []),
      ],
    });
    return { status: 'booked', cents: 0, isReturn: true };
  }
}

function describeSuggestion(suggestion: MatchSuggestion, index: MatchIndex): Record<string, unknown> {
  const customer = index.customers.get(suggestion.customerId);
  return {
    customerId: Number(suggestion.customerId),
    customerNumber: customer?.number ?? null,
    customerName: customer?.name ?? null,
    invoiceIds: suggestion.claimIds.map(Number),
    invoiceNumbers: suggestion.claimIds.map((id) => index.claims.get(id)?.number ?? id),
    confidence: suggestion.confidence,
    evidence: suggestion.evidence,
  };
}
