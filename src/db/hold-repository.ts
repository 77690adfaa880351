/**
 * @module hold-repository
 * What pauses dunning for a claim: disputes, promises to pay, instalment plans.
 */
import { isAnyOf } from './sql-arrays.ts';
import { and, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { disputes, instalmentPlanClaims, instalmentPlans, promisesToPay } from './schema.ts';

export type DisputeRow = typeof disputes.$inferSelect;
export type PromiseRow = typeof promisesToPay.$inferSelect;

export async function insertDispute(
  db: Db,
  row: Omit<typeof disputes.$inferInsert, 'id' | 'createdAt'>,
): Promise<DisputeRow> {
  const [created] = await db.insert(disputes).values(row).returning();
  return created as DisputeRow;
}

export async function findDispute(db: Db, tenantId: number, id: number): Promise<DisputeRow | undefined> {
  const [row] = await db
    .select()
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.id, id)));
  return row;
}

export async function resolveDisputeRow(
  db: Db,
  tenantId: number,
  id: number,
  resolvedOn: string,
  resolution: string,
): Promise<void> {
  await db
    .update(disputes)
    .set({ resolvedOn, resolution })
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.id, id)));
}

export async function insertPromise(
  db: Db,
  row: Omit<typeof promisesToPay.$inferInsert, 'id' | 'createdAt'>,
): Promise<PromiseRow> {
  const [created] = await db.insert(promisesToPay).values(row).returning();
  return created as PromiseRow;
}

export async function disputesOf(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<DisputeRow[]> {
  if (invoiceIds.length === 0) return [];
  return db
    .select()
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), isAnyOf(disputes.invoiceId, invoiceIds)));
}

export async function openPromisesOf(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<PromiseRow[]> {
  if (invoiceIds.length === 0) return [];
  return db
    .select()
    .from(promisesToPay)
    .where(
      and(
        eq(promisesToPay.tenantId, tenantId),
        eq(promisesToPay.status, 'open'),
        isAnyOf(promisesToPay.invoiceId, invoiceIds),
      ),
    );
}

/** Claims in an active instalment plan. */
export async function claimsInActivePlans(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<number[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await db
    .select({ invoiceId: instalmentPlanClaims.invoiceId })
    .from(instalmentPlanClaims)
    .innerJoin(
      instalmentPlans,
      and(
        eq(instalmentPlans.tenantId, instalmentPlanClaims.tenantId),
        eq(instalmentPlans.id, instalmentPlanClaims.planId),
      ),
    )
    .where(
      and(
        eq(instalmentPlanClaims.tenantId, tenantId),
        eq(instalmentPlans.status, 'active'),
        isAnyOf(instalmentPlanClaims.invoiceId, invoiceIds),
      ),
    );
  return rows.map((r) => r.invoiceId);
}
