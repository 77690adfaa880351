/**
 * @module instalment-plan-repository
 * Instalment plans, the claims they hold and their schedule; what was paid towards them.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { queryRows } from './database.ts';
import {
  claimStates,
  customers,
  instalmentPlanClaims,
  instalmentPlans,
  instalments,
  invoices,
} from './schema.ts';
import { isAnyOf } from './sql-arrays.ts';

export type InstalmentPlanRow = typeof instalmentPlans.$inferSelect;
export type PlanStatus = InstalmentPlanRow['status'];

export interface PlanClaim {
  invoiceId: number;
  invoiceNumber: string;
}

export interface PlanInstalmentRow {
  number: number;
  dueDate: string;
  amountCents: number;
}

export async function insertInstalmentPlan(
  db: Db,
  plan: Pick<InstalmentPlanRow, 'tenantId' | 'customerId' | 'agreedOn' | 'terms'>,
  claims: readonly { invoiceId: number; interestCents: number }[],
  schedule: readonly PlanInstalmentRow[],
): Promise<InstalmentPlanRow> {
  const [row] = await db
    .insert(instalmentPlans)
    .values({ ...plan, status: 'active' })
    .returning();
  const created = row as InstalmentPlanRow;
  await db
    .insert(instalmentPlanClaims)
    .values(claims.map((claim) => ({ tenantId: plan.tenantId, planId: created.id, ...claim })));
  await db
    .insert(instalments)
    .values(schedule.map((i) => ({ tenantId: plan.tenantId, planId: created.id, ...i })));
  return created;
}

export async function findInstalmentPlan(
  db: Db,
  tenantId: number,
  id: number,
): Promise<{ plan: InstalmentPlanRow; claims: PlanClaim[]; schedule: PlanInstalmentRow[] } | undefined> {
  const [plan] = await db
    .select()
    .from(instalmentPlans)
    .where(and(eq(instalmentPlans.tenantId, tenantId), eq(instalmentPlans.id, id)));
  if (!plan) return undefined;
  const [claims, schedule] = await Promise.all([
    db
      .select({ invoiceId: instalmentPlanClaims.invoiceId, invoiceNumber: invoices.number })
      .from(instalmentPlanClaims)
      .innerJoin(
        invoices,
        and(
          eq(invoices.tenantId, instalmentPlanClaims.tenantId),
          eq(invoices.id, instalmentPlanClaims.invoiceId),
        ),
      )
      .where(and(eq(instalmentPlanClaims.tenantId, tenantId), eq(instalmentPlanClaims.planId, id)))
      .orderBy(asc(invoices.dueDate), asc(invoices.id)),
    db
      .select({
        number: instalments.number,
        dueDate: instalments.dueDate,
        amountCents: instalments.amountCents,
      })
      .from(instalments)
      .where(and(eq(instalments.tenantId, tenantId), eq(instalments.planId, id)))
      .orderBy(asc(instalments.number)),
  ]);
  return { plan, claims, schedule };
}

export async function listInstalmentPlans(
  db: Db,
  tenantId: number,
  filter: { customerId?: number; statuses?: readonly PlanStatus[] },
) {
  const conditions = [eq(instalmentPlans.tenantId, tenantId)];
  if (filter.customerId !== undefined) conditions.push(eq(instalmentPlans.customerId, filter.customerId));
  if (filter.statuses) conditions.push(inArray(instalmentPlans.status, [...filter.statuses]));
  return db
    .select({
      plan: instalmentPlans,
      customerNumber: customers.number,
      customerName: customers.name,
    })
    .from(instalmentPlans)
    .innerJoin(
      customers,
      and(eq(customers.tenantId, instalmentPlans.tenantId), eq(customers.id, instalmentPlans.customerId)),
    )
    .where(and(...conditions))
    .orderBy(desc(instalmentPlans.id))
    .limit(500);
}

/**
 * Money paid towards each plan: allocations to its claims (principal, costs, interest) from
 * payments credited on or after the agreement day and up to `asOf`, reversed payments left out.
 */
export async function paidTowardsPlans(
  db: Db,
  tenantId: number,
  planIds: readonly number[],
  asOf: string,
): Promise<Map<number, number>> {
  if (planIds.length === 0) return new Map();
  const rows = await queryRows<{ plan_id: string | number; paid: string | number }>(
    db,
    sql`select p.id as plan_id,
               coalesce(sum(a.amount_cents) filter (where pm.id is not null), 0) as paid
          from instalment_plans p
          join instalment_plan_claims c on c.tenant_id = p.tenant_id and c.plan_id = p.id
          left join payment_allocations a
                 on a.tenant_id = c.tenant_id and a.invoice_id = c.invoice_id
                and a.component in ('principal', 'costs', 'interest')
                and a.effective_on >= p.agreed_on and a.effective_on <= ${asOf}::date
          left join payments pm
                 on pm.tenant_id = a.tenant_id and pm.id = a.payment_id and pm.reversed_by_payment_id is null
         where p.tenant_id = ${tenantId} and ${isAnyOf(sql`p.id`, planIds)}
         group by p.id`,
  );
  return new Map(rows.map((r) => [Number(r.plan_id), Number(r.paid)]));
}

/** Moves an active plan to its end state; false when it was no longer active (another process was first). */
export async function closeInstalmentPlan(
  db: Db,
  tenantId: number,
  id: number,
  status: Exclude<PlanStatus, 'active'>,
  closedOn: string,
): Promise<boolean> {
  const rows = await db
    .update(instalmentPlans)
    .set({ status, closedOn })
    .where(
      and(
        eq(instalmentPlans.tenantId, tenantId),
        eq(instalmentPlans.id, id),
        eq(instalmentPlans.status, 'active'),
      ),
    )
    .returning({ id: instalmentPlans.id });
  return rows.length > 0;
}

/**
 * The plans that bear on the dunning of these claims: an active plan holds a claim; an
 * accelerated one says since when the whole balance is due. An active plan wins over an older
 * accelerated one for the same claim.
 */
export async function planHoldsOf(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<Map<number, { status: 'active' | 'accelerated'; closedOn: string | null }>> {
  const result = new Map<number, { status: 'active' | 'accelerated'; closedOn: string | null }>();
  if (invoiceIds.length === 0) return result;
  const rows = await db
    .select({
      invoiceId: instalmentPlanClaims.invoiceId,
      status: instalmentPlans.status,
      closedOn: instalmentPlans.closedOn,
    })
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
        inArray(instalmentPlans.status, ['active', 'accelerated']),
        isAnyOf(instalmentPlanClaims.invoiceId, invoiceIds),
      ),
    )
    .orderBy(asc(instalmentPlans.id));
  for (const row of rows) {
    const status = row.status as 'active' | 'accelerated';
    if (result.get(row.invoiceId)?.status === 'active' && status !== 'active') continue;
    result.set(row.invoiceId, { status, closedOn: row.closedOn });
  }
  return result;
}

/**
 * Books the €40 flat fee (§ 288 Abs. 5 BGB) an agreement lists as a cost of the claim, as an
 * approved notice does: payments then go to it first (§ 367 BGB) and it is not claimed twice.
 */
export async function chargeFlatFee(db: Db, tenantId: number, invoiceId: number, cents: number, at: Date) {
  await db
    .update(claimStates)
    .set({
      openCostsCents: sql`${claimStates.openCostsCents} + ${cents}`,
      flatFeeClaimed: true,
      updatedAt: at,
    })
    .where(
      and(
        eq(claimStates.tenantId, tenantId),
        eq(claimStates.invoiceId, invoiceId),
        eq(claimStates.flatFeeClaimed, false),
      ),
    );
}
