/**
 * @module collection-repository
 * Collection cases (handover to an agency or a lawyer), the claims they hold, what the agency
 * reported, and write-offs of claims.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';
import {
  claimCosts,
  claimStates,
  collectionCaseClaims,
  collectionCases,
  collectionRemittances,
  customers,
  invoices,
  writeOffs,
} from './schema.ts';
import { isAnyOf } from './sql-arrays.ts';

export type CollectionCaseRow = typeof collectionCases.$inferSelect;
export type CaseStatus = CollectionCaseRow['status'];
export type CaseClaimRow = Omit<typeof collectionCaseClaims.$inferSelect, 'tenantId' | 'caseId'>;
export type RemittanceRow = typeof collectionRemittances.$inferSelect;
export type WriteOffRow = typeof writeOffs.$inferSelect;

/** A case holds its claims while the agency works them. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['handed-over', 'agency-paid'];

export async function insertCollectionCase(
  db: Db,
  row: Pick<
    CollectionCaseRow,
    'tenantId' | 'customerId' | 'kind' | 'agencyName' | 'agencyReference' | 'handedOverOn'
  >,
  claims: readonly CaseClaimRow[],
): Promise<CollectionCaseRow> {
  const [created] = await db
    .insert(collectionCases)
    .values({ ...row, status: 'handed-over' })
    .returning();
  const collectionCase = created as CollectionCaseRow;
  await db
    .insert(collectionCaseClaims)
    .values(claims.map((c) => ({ ...c, tenantId: row.tenantId, caseId: collectionCase.id })));
  return collectionCase;
}

export interface CollectionCaseDetail {
  collectionCase: CollectionCaseRow;
  customerNumber: string;
  customerName: string;
  claims: (CaseClaimRow & { invoiceNumber: string; issuedOn: string; dueDate: string; status: string })[];
  remittances: RemittanceRow[];
}

export async function findCollectionCase(
  db: Db,
  tenantId: number,
  id: number,
): Promise<CollectionCaseDetail | undefined> {
  const [head] = await db
    .select({
      collectionCase: collectionCases,
      customerNumber: customers.number,
      customerName: customers.name,
    })
    .from(collectionCases)
    .innerJoin(
      customers,
      and(eq(customers.tenantId, collectionCases.tenantId), eq(customers.id, collectionCases.customerId)),
    )
    .where(and(eq(collectionCases.tenantId, tenantId), eq(collectionCases.id, id)));
  if (!head) return undefined;
  const [claims, remittances] = await Promise.all([
    db
      .select({
        invoiceId: collectionCaseClaims.invoiceId,
        principalCents: collectionCaseClaims.principalCents,
        costsCents: collectionCaseClaims.costsCents,
        interestCents: collectionCaseClaims.interestCents,
        interestPaidCents: collectionCaseClaims.interestPaidCents,
        invoiceNumber: invoices.number,
        issuedOn: invoices.issuedOn,
        dueDate: invoices.dueDate,
        status: invoices.status,
      })
      .from(collectionCaseClaims)
      .innerJoin(
        invoices,
        and(
          eq(invoices.tenantId, collectionCaseClaims.tenantId),
          eq(invoices.id, collectionCaseClaims.invoiceId),
        ),
      )
      .where(and(eq(collectionCaseClaims.tenantId, tenantId), eq(collectionCaseClaims.caseId, id)))
      .orderBy(asc(invoices.dueDate), asc(invoices.id)),
    db
      .select()
      .from(collectionRemittances)
      .where(and(eq(collectionRemittances.tenantId, tenantId), eq(collectionRemittances.caseId, id)))
      .orderBy(asc(collectionRemittances.reportedOn), asc(collectionRemittances.id)),
  ]);
  return { ...head, claims, remittances };
}

/** Locks the case row for the rest of the transaction: status changes and remittances never race. */
export async function lockCollectionCase(db: Db, tenantId: number, id: number): Promise<void> {
  await db.execute(
    sql`select 1 from collection_cases where tenant_id = ${tenantId} and id = ${id} for update`,
  );
}

export async function listCollectionCases(
  db: Db,
  tenantId: number,
  filter: { customerId?: number; statuses?: readonly CaseStatus[] },
) {
  const conditions = [eq(collectionCases.tenantId, tenantId)];
  if (filter.customerId !== undefined) conditions.push(eq(collectionCases.customerId, filter.customerId));
  if (filter.statuses) conditions.push(inArray(collectionCases.status, [...filter.statuses]));
  return db
    .select({
      collectionCase: collectionCases,
      customerNumber: customers.number,
      customerName: customers.name,
      claims: sql<number>`(select count(*) from collection_case_claims cc
                            where cc.tenant_id = ${collectionCases.tenantId} and cc.case_id = ${collectionCases.id})`.mapWith(
        Number,
      ),
      handedOverCents:
        sql<number>`(select coalesce(sum(cc.principal_cents + cc.costs_cents + cc.interest_cents - cc.interest_paid_cents), 0)
                            from collection_case_claims cc
                            where cc.tenant_id = ${collectionCases.tenantId} and cc.case_id = ${collectionCases.id})`.mapWith(
          Number,
        ),
      collectedCents: sql<number>`(select coalesce(sum(r.collected_cents), 0) from collection_remittances r
                            where r.tenant_id = ${collectionCases.tenantId} and r.case_id = ${collectionCases.id})`.mapWith(
        Number,
      ),
    })
    .from(collectionCases)
    .innerJoin(
      customers,
      and(eq(customers.tenantId, collectionCases.tenantId), eq(customers.id, collectionCases.customerId)),
    )
    .where(and(...conditions))
    .orderBy(desc(collectionCases.id))
    .limit(500);
}

export async function setCaseStatus(
  db: Db,
  tenantId: number,
  id: number,
  status: CaseStatus,
  closedOn: string | null,
): Promise<void> {
  await db
    .update(collectionCases)
    .set({ status, closedOn })
    .where(and(eq(collectionCases.tenantId, tenantId), eq(collectionCases.id, id)));
}

/** The claims among `invoiceIds` that an open case holds, with the case's id. */
export async function caseHoldsOf(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (invoiceIds.length === 0) return result;
  const rows = await db
    .select({ invoiceId: collectionCaseClaims.invoiceId, caseId: collectionCaseClaims.caseId })
    .from(collectionCaseClaims)
    .innerJoin(
      collectionCases,
      and(
        eq(collectionCases.tenantId, collectionCaseClaims.tenantId),
        eq(collectionCases.id, collectionCaseClaims.caseId),
      ),
    )
    .where(
      and(
        eq(collectionCaseClaims.tenantId, tenantId),
        inArray(collectionCases.status, [...OPEN_CASE_STATUSES]),
        isAnyOf(collectionCaseClaims.invoiceId, invoiceIds),
      ),
    );
  for (const row of rows) result.set(row.invoiceId, row.caseId);
  return result;
}

export async function insertRemittance(
  db: Db,
  row: Omit<RemittanceRow, 'id' | 'createdAt'>,
): Promise<RemittanceRow> {
  const [created] = await db.insert(collectionRemittances).values(row).returning();
  return created as RemittanceRow;
}

/** Costs charged to a claim outside a notice (collection costs the agency charged the debtor). */
export async function chargeClaimCosts(
  db: Db,
  tenantId: number,
  cost: {
    invoiceId: number;
    kind: 'collection-costs';
    amountCents: number;
    incurredOn: string;
    description: string;
  },
): Promise<void> {
  await db.insert(claimCosts).values({ tenantId, ...cost });
  await db
    .update(claimStates)
    .set({ openCostsCents: sql`${claimStates.openCostsCents} + ${cost.amountCents}`, updatedAt: new Date() })
    .where(and(eq(claimStates.tenantId, tenantId), eq(claimStates.invoiceId, cost.invoiceId)));
}

export async function insertWriteOff(
  db: Db,
  row: Omit<WriteOffRow, 'id' | 'createdAt'>,
): Promise<WriteOffRow> {
  const [created] = await db.insert(writeOffs).values(row).returning();
  return created as WriteOffRow;
}

export async function writeOffsOfCustomer(db: Db, tenantId: number, customerId: number) {
  return db
    .select({ writeOff: writeOffs, invoiceNumber: invoices.number })
    .from(writeOffs)
    .innerJoin(invoices, and(eq(invoices.tenantId, writeOffs.tenantId), eq(invoices.id, writeOffs.invoiceId)))
    .where(and(eq(writeOffs.tenantId, tenantId), eq(writeOffs.customerId, customerId)))
    .orderBy(asc(writeOffs.writtenOffOn), asc(writeOffs.id));
}

/**
 * Closes a claim written off as a whole: nothing stays open on it, and it leaves the open items
 * (the status `written-off`; interest no longer runs and nothing is claimed).
 */
export async function closeClaimWrittenOff(db: Db, tenantId: number, invoiceId: number): Promise<void> {
  await db
    .update(claimStates)
    .set({ openPrincipalCents: 0, openCostsCents: 0, updatedAt: new Date() })
    .where(and(eq(claimStates.tenantId, tenantId), eq(claimStates.invoiceId, invoiceId)));
  await db
    .update(invoices)
    .set({ status: 'written-off' })
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
}

/** The notices that went out (approved or sent) for any of the claims, oldest first. */
export async function noticesOfClaims(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<{ noticeId: number; issuedOn: string; stageKey: string }[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await queryRows<{ id: number; issued_on: string; stage_key: string }>(
    db,
    sql`select distinct n.id, n.issued_on::text as issued_on, n.stage_key
          from notices n join notice_items ni on ni.tenant_id = n.tenant_id and ni.notice_id = n.id
         where n.tenant_id = ${tenantId} and n.status in ('approved', 'sent') and not ni.cancelled
           and ${isAnyOf(sql`ni.invoice_id`, invoiceIds)}
         order by 2, 1`,
  );
  return rows.map((r) => ({
    noticeId: Number(r.id),
    issuedOn: String(r.issued_on),
    stageKey: String(r.stage_key),
  }));
}
