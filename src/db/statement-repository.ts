/**
 * @module statement-repository
 * Imported statements, their entries and transactions, the review queue, and the facts matching
 * needs: open claims with their Skonto terms, customers with their names and known IBANs.
 */
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { bulkInsert } from './bulk-insert.ts';
import { type Db, queryRows } from './database.ts';
import {
  bankEntries,
  bankStatements,
  bankTransactions,
  type BankTransactionStatus,
  claimCosts,
  customers,
  paymentAllocations,
  payments,
  statementImports,
} from './schema.ts';
import { isAnyOf } from './sql-arrays.ts';

export type BankTransactionRow = typeof bankTransactions.$inferSelect;
export type NewBankTransactionRow = Omit<typeof bankTransactions.$inferInsert, 'id' | 'createdAt'>;
export type NewBankEntryRow = Omit<typeof bankEntries.$inferInsert, 'id'>;
export type BankEntryRow = typeof bankEntries.$inferSelect;

export async function findImportBySha(db: Db, tenantId: number, sha256: string) {
  const [row] = await db
    .select()
    .from(statementImports)
    .where(and(eq(statementImports.tenantId, tenantId), eq(statementImports.sha256, sha256)));
  return row;
}

export async function insertImport(
  db: Db,
  row: Omit<typeof statementImports.$inferInsert, 'id' | 'createdAt'>,
) {
  const [created] = await db.insert(statementImports).values(row).returning();
  return created as typeof statementImports.$inferSelect;
}

export async function insertStatement(
  db: Db,
  row: Omit<typeof bankStatements.$inferInsert, 'id' | 'createdAt'>,
) {
  const [created] = await db.insert(bankStatements).values(row).returning({ id: bankStatements.id });
  return (created as { id: number }).id;
}

/**
 * The closing balance and last date of a statement whose row was written before its end was read
 * (MT940 gives them after the entries).
 */
export async function updateStatementClosing(
  db: Db,
  tenantId: number,
  id: number,
  closing: { closingBalanceCents: number | null; toDate: string | null },
): Promise<void> {
  await db
    .update(bankStatements)
    .set({ closingBalanceCents: closing.closingBalanceCents, toDate: closing.toDate })
    .where(and(eq(bankStatements.tenantId, tenantId), eq(bankStatements.id, id)));
}

/** Which of these entry keys the account already has. */
export async function existingEntryKeys(
  db: Db,
  tenantId: number,
  accountIban: string,
  keys: readonly string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: bankEntries.entryKey })
    .from(bankEntries)
    .where(
      and(
        eq(bankEntries.tenantId, tenantId),
        eq(bankEntries.accountIban, accountIban),
        sql`${bankEntries.entryKey} = any(${sql.param(keys)}::text[])`,
      ),
    );
  return new Set(rows.map((r) => r.key));
}

export async function insertEntries(db: Db, rows: readonly NewBankEntryRow[]): Promise<BankEntryRow[]> {
  return bulkInsert(db, bankEntries, rows, { returning: true });
}

export async function insertBankTransactions(
  db: Db,
  rows: readonly NewBankTransactionRow[],
): Promise<BankTransactionRow[]> {
  return bulkInsert(db, bankTransactions, rows, { returning: true });
}

export async function updateBankTransaction(
  db: Db,
  tenantId: number,
  id: number,
  change: {
    status: BankTransactionStatus;
    customerId?: number | null;
    confidence?: number | null;
    evidence?: string[];
    suggestions?: Record<string, unknown>[];
  },
): Promise<void> {
  await db
    .update(bankTransactions)
    .set(change)
    .where(and(eq(bankTransactions.tenantId, tenantId), eq(bankTransactions.id, id)));
}

/** Several transactions' outcomes in one statement. */
export async function updateBankTransactions(
  db: Db,
  tenantId: number,
  changes: readonly {
    id: number;
    status: BankTransactionStatus;
    customerId: number | null;
    confidence: number | null;
    evidence: string[];
    suggestions: Record<string, unknown>[];
  }[],
): Promise<void> {
  if (changes.length === 0) return;
  const param = (pick: (change: (typeof changes)[number]) => unknown) => sql.param(changes.map(pick));
  await db.execute(
    sql`update bank_transactions t
           set status = c.status, customer_id = c.customer_id, confidence = c.confidence,
               evidence = c.evidence, suggestions = c.suggestions
          from unnest(${param((c) => c.id)}::bigint[], ${param((c) => c.status)}::text[],
                      ${param((c) => c.customerId)}::bigint[], ${param((c) => c.confidence)}::int[],
                      ${param((c) => JSON.stringify(c.evidence))}::jsonb[],
                      ${param((c) => JSON.stringify(c.suggestions))}::jsonb[])
               as c(id, status, customer_id, confidence, evidence, suggestions)
         where t.tenant_id = ${tenantId} and t.id = c.id`,
  );
}

export async function findBankTransaction(db: Db, tenantId: number, id: number) {
  const [row] = await db
    .select({ transaction: bankTransactions, entry: bankEntries })
    .from(bankTransactions)
    .innerJoin(
      bankEntries,
      and(eq(bankEntries.tenantId, bankTransactions.tenantId), eq(bankEntries.id, bankTransactions.entryId)),
    )
    .where(and(eq(bankTransactions.tenantId, tenantId), eq(bankTransactions.id, id)))
    .for('update', { of: bankTransactions });
  return row;
}

/**
 * Transactions in these statuses, oldest booking first. With `limit`, one page (one row more than
 * asked, to tell whether there is another); `after` is `[bookingDate, id]` of the previous page's last row.
 */
export async function listBankTransactionsByStatus(
  db: Db,
  tenantId: number,
  statuses: readonly BankTransactionStatus[],
  page: { after?: readonly [string, number] | null; limit?: number } = {},
) {
  const after = page.after
    ? or(
        gt(bankTransactions.bookingDate, page.after[0]),
        and(eq(bankTransactions.bookingDate, page.after[0]), gt(bankTransactions.id, page.after[1])),
      )
    : undefined;
  const query = db
    .select({ transaction: bankTransactions, entry: bankEntries })
    .from(bankTransactions)
    .innerJoin(
      bankEntries,
      and(eq(bankEntries.tenantId, bankTransactions.tenantId), eq(bankEntries.id, bankTransactions.entryId)),
    )
    .where(
      and(eq(bankTransactions.tenantId, tenantId), inArray(bankTransactions.status, [...statuses]), after),
    )
    .orderBy(asc(bankTransactions.bookingDate), asc(bankTransactions.id));
  return page.limit === undefined ? query : query.limit(page.limit + 1);
}

/**
 * Invoices settled within the last `days` days: a payment naming one of them again is a double
 * payment for a person to look at, not money for the customer's next invoice.
 */
export async function findRecentlySettledClaims(db: Db, tenantId: number, days: number) {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select i.id, i.number, i.customer_id, i.due_date::text as due_date
          from invoices i join claim_states c on c.tenant_id = i.tenant_id and c.invoice_id = i.id
         where i.tenant_id = ${tenantId} and i.status = 'paid'
           and c.updated_at >= now() - make_interval(days => ${days})`,
  );
  return rows.map((r) => ({
    invoiceId: Number(r.id),
    number: String(r.number),
    customerId: Number(r.customer_id),
    dueDate: String(r.due_date),
  }));
}

export async function loadCustomersForMatching(db: Db, tenantId: number) {
  return db
    .select({ id: customers.id, number: customers.number, name: customers.name, ibans: customers.ibans })
    .from(customers)
    .where(eq(customers.tenantId, tenantId));
}

/** Remembers payer IBANs of several customers in one statement (each pair once). */
export async function addCustomerIbans(
  db: Db,
  tenantId: number,
  pairs: readonly { customerId: number; iban: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await db.execute(
    sql`update customers c set ibans = c.ibans || array(select x from unnest(n.ibans) x where not (x = any(c.ibans)))
          from (select customer_id, array_agg(distinct iban) as ibans
                  from unnest(${sql.param(pairs.map((p) => p.customerId))}::bigint[],
                              ${sql.param(pairs.map((p) => p.iban))}::text[]) as p(customer_id, iban)
                 group by customer_id) n
         where c.tenant_id = ${tenantId} and c.id = n.customer_id
           and not (n.ibans <@ c.ibans)`,
  );
}

/** Remembers a payer IBAN for the customer, so the next payment from it is recognised. */
export async function addCustomerIban(
  db: Db,
  tenantId: number,
  customerId: number,
  iban: string,
): Promise<void> {
  await addCustomerIbans(db, tenantId, [{ customerId, iban }]);
}

/**
 * The booked bank payment a return or reversal undoes: same end-to-end id (or mandate), else the
 * latest booked credit from the same IBAN with the original amount, not undone yet.
 */
export async function findPaymentToUndo(
  db: Db,
  tenantId: number,
  clue: {
    endToEndId: string | null;
    mandateId: string | null;
    iban: string | null;
    amountCents: number;
    before: string;
  },
): Promise<{ paymentId: number; customerId: number; bankTransactionId: number } | undefined> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select p.id, p.customer_id, t.id as transaction_id,
               (case when ${clue.endToEndId}::text is not null and t.end_to_end_id = ${clue.endToEndId} then 0
                     when ${clue.mandateId}::text is not null and t.mandate_id = ${clue.mandateId} then 1
                     else 2 end) as rank
          from bank_transactions t
          join payments p on p.tenant_id = t.tenant_id and p.bank_transaction_id = t.id
         where t.tenant_id = ${tenantId} and t.direction = 'credit' and t.status = 'booked'
           and p.reversed_by_payment_id is null and p.reverses_payment_id is null
           and t.booking_date <= ${clue.before}
           and ((${clue.endToEndId}::text is not null and t.end_to_end_id = ${clue.endToEndId}
                 and (t.amount_cents = ${clue.amountCents} or t.counterparty_iban = ${clue.iban}))
             or (${clue.mandateId}::text is not null and t.mandate_id = ${clue.mandateId} and t.amount_cents = ${clue.amountCents})
             or (${clue.iban}::text is not null and t.counterparty_iban = ${clue.iban} and t.amount_cents = ${clue.amountCents}))
         order by rank, t.booking_date desc, t.id desc
         limit 1`,
  );
  const row = rows[0];
  return row
    ? {
        paymentId: Number(row.id),
        customerId: Number(row.customer_id),
        bankTransactionId: Number(row.transaction_id),
      }
    : undefined;
}

export async function findPayment(db: Db, tenantId: number, paymentId: number) {
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
  const allocations = await db
    .select()
    .from(paymentAllocations)
    .where(and(eq(paymentAllocations.tenantId, tenantId), eq(paymentAllocations.paymentId, paymentId)));
  return payment ? { payment, allocations } : undefined;
}

export async function markPaymentReversed(
  db: Db,
  tenantId: number,
  paymentId: number,
  reversalId: number,
): Promise<void> {
  await db
    .update(payments)
    .set({ reversedByPaymentId: reversalId })
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
}

export async function insertClaimCost(db: Db, row: Omit<typeof claimCosts.$inferInsert, 'id' | 'createdAt'>) {
  await db.insert(claimCosts).values(row);
}

export async function bankTransactionsOfEntries(db: Db, tenantId: number, entryIds: readonly number[]) {
  return db
    .select()
    .from(bankTransactions)
    .where(and(eq(bankTransactions.tenantId, tenantId), isAnyOf(bankTransactions.entryId, entryIds)));
}

export interface StatementImportSummaryRow {
  id: number;
  fileName: string;
  format: string;
  importedAt: Date;
  entriesRead: number;
  entriesAdded: number;
  /** The import's transactions by their status now (booked, review, parked, ignored). */
  booked: number;
  review: number;
  parked: number;
  ignored: number;
}

/** Imported files, newest first; `before` is the id of the last import of the previous page; `id`: just that one. */
export async function listImports(
  db: Db,
  tenantId: number,
  options: { id?: number; before: number | null; limit: number },
): Promise<StatementImportSummaryRow[]> {
  const before = options.before === null ? sql`` : sql` and si.id < ${options.before}`;
  const one = options.id === undefined ? sql`` : sql` and si.id = ${options.id}`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select si.id, si.file_name, si.format, si.created_at, si.entries_read, si.entries_added,
               count(t.id) filter (where t.status = 'booked')::int as booked,
               count(t.id) filter (where t.status = 'review')::int as review,
               count(t.id) filter (where t.status = 'parked')::int as parked,
               count(t.id) filter (where t.status = 'ignored')::int as ignored
          from statement_imports si
          left join bank_statements s on s.tenant_id = si.tenant_id and s.import_id = si.id
          left join bank_entries e on e.tenant_id = s.tenant_id and e.statement_id = s.id
          left join bank_transactions t on t.tenant_id = e.tenant_id and t.entry_id = e.id
         where si.tenant_id = ${tenantId}${before}${one}
         group by si.tenant_id, si.id
         order by si.id desc
         limit ${options.limit + 1}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    fileName: String(r.file_name),
    format: String(r.format),
    importedAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
    entriesRead: Number(r.entries_read),
    entriesAdded: Number(r.entries_added),
    booked: Number(r.booked),
    review: Number(r.review),
    parked: Number(r.parked),
    ignored: Number(r.ignored),
  }));
}

/** The statements (one per account and period) an import brought. */
export async function statementsOfImport(db: Db, tenantId: number, importId: number) {
  return db
    .select()
    .from(bankStatements)
    .where(and(eq(bankStatements.tenantId, tenantId), eq(bankStatements.importId, importId)))
    .orderBy(asc(bankStatements.id));
}
