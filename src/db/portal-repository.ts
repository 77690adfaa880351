/**
 * @module portal-repository
 * The customer portal's rows: personal links and the short-lived sessions opened with them (both in
 * `portal_links`, only the SHA-256 of a token stored), payments a customer reports as made, files
 * attached to a dispute, instalment plans a customer proposed (`instalment_plans` in status
 * `proposed`, no claims or schedule yet), and the letters a customer may download.
 */
import { and, asc, desc, eq, isNull, like, notLike, or, sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';
import { disputeAttachments, instalmentPlans, notices, portalLinks, reportedPayments } from './schema.ts';
import { isAnyOf } from './sql-arrays.ts';

export type PortalLinkRow = typeof portalLinks.$inferSelect;
export type ReportedPaymentRow = typeof reportedPayments.$inferSelect;
export type DisputeAttachmentRow = typeof disputeAttachments.$inferSelect;
export type PlanProposalRow = typeof instalmentPlans.$inferSelect;

/** `createdBy` of a session row: the session of link `id` (a link is made by a person or a process). */
export const SESSION_CREATOR_PREFIX = 'portal-session:';

export async function insertPortalLink(
  db: Db,
  row: Omit<typeof portalLinks.$inferInsert, 'id' | 'createdAt'>,
): Promise<PortalLinkRow> {
  const [created] = await db.insert(portalLinks).values(row).returning();
  return created as PortalLinkRow;
}

/** The link or session with this token hash, in whichever company (the hash is unique across all). */
export async function findPortalLinkByHash(db: Db, tokenHash: string): Promise<PortalLinkRow | undefined> {
  const [row] = await db.select().from(portalLinks).where(eq(portalLinks.tokenHash, tokenHash));
  return row;
}

/** A customer's links (not their sessions), newest first. */
export async function listPortalLinkRows(db: Db, tenantId: number, customerId: number) {
  return db
    .select()
    .from(portalLinks)
    .where(
      and(
        eq(portalLinks.tenantId, tenantId),
        eq(portalLinks.customerId, customerId),
        notLike(portalLinks.createdBy, `${SESSION_CREATOR_PREFIX}%`),
      ),
    )
    .orderBy(desc(portalLinks.id));
}

/**
 * Revokes a customer's live links — one (`linkId`) or all — and every session opened with them.
 * Returns the ids of the links revoked.
 */
export async function revokePortalLinkRows(
  db: Db,
  tenantId: number,
  customerId: number,
  linkId: number | null,
  at: Date,
): Promise<number[]> {
  const links = await db
    .update(portalLinks)
    .set({ revokedAt: at })
    .where(
      and(
        eq(portalLinks.tenantId, tenantId),
        eq(portalLinks.customerId, customerId),
        isNull(portalLinks.revokedAt),
        notLike(portalLinks.createdBy, `${SESSION_CREATOR_PREFIX}%`),
        linkId === null ? undefined : eq(portalLinks.id, linkId),
      ),
    )
    .returning({ id: portalLinks.id });
  const ids = links.map((l) => l.id);
  if (ids.length > 0) {
    await db
      .update(portalLinks)
      .set({ revokedAt: at })
      .where(
        and(
          eq(portalLinks.tenantId, tenantId),
          eq(portalLinks.customerId, customerId),
          isNull(portalLinks.revokedAt),
          or(...ids.map((id) => eq(portalLinks.createdBy, `${SESSION_CREATOR_PREFIX}${id}`))),
        ),
      );
  }
  return ids;
}

/** Ends one session (logout). */
export async function revokePortalSessionRow(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db
    .update(portalLinks)
    .set({ revokedAt: at })
    .where(
      and(
        eq(portalLinks.tokenHash, tokenHash),
        like(portalLinks.createdBy, `${SESSION_CREATOR_PREFIX}%`),
        isNull(portalLinks.revokedAt),
      ),
    );
}

export async function touchPortalLink(db: Db, tenantId: number, id: number, at: Date): Promise<void> {
  await db
    .update(portalLinks)
    .set({ lastUsedAt: at })
    .where(and(eq(portalLinks.tenantId, tenantId), eq(portalLinks.id, id)));
}

/** A new one-time code for a link: the old one (and its failed attempts) no longer count. */
export async function setPortalCode(
  db: Db,
  tenantId: number,
  id: number,
  codeHash: string,
  codeExpiresAt: Date,
): Promise<void> {
  await db
    .update(portalLinks)
    .set({ codeHash, codeExpiresAt, codeAttempts: 0 })
    .where(and(eq(portalLinks.tenantId, tenantId), eq(portalLinks.id, id)));
}

/** Counts a failed attempt at the code; returns the attempts so far. */
export async function countPortalCodeAttempt(db: Db, tenantId: number, id: number): Promise<number> {
  const [row] = await db
    .update(portalLinks)
    .set({ codeAttempts: sql`${portalLinks.codeAttempts} + 1` })
    .where(and(eq(portalLinks.tenantId, tenantId), eq(portalLinks.id, id)))
    .returning({ attempts: portalLinks.codeAttempts });
  return row?.attempts ?? 0;
}

/** The code was used (or used up): it cannot be used again. */
export async function clearPortalCode(db: Db, tenantId: number, id: number): Promise<void> {
  await db
    .update(portalLinks)
    .set({ codeHash: null, codeExpiresAt: null })
    .where(and(eq(portalLinks.tenantId, tenantId), eq(portalLinks.id, id)));
}

export async function insertReportedPayment(
  db: Db,
  row: Omit<typeof reportedPayments.$inferInsert, 'id' | 'createdAt' | 'status'>,
): Promise<ReportedPaymentRow> {
  const [created] = await db.insert(reportedPayments).values(row).returning();
  return created as ReportedPaymentRow;
}

/** The open reports of these claims (each holds its claim through `holdUntil`), for the daily run. */
export async function reportedPaymentHoldsOf(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<{ invoiceId: number; holdUntil: string }[]> {
  if (invoiceIds.length === 0) return [];
  return db
    .select({ invoiceId: reportedPayments.invoiceId, holdUntil: reportedPayments.holdUntil })
    .from(reportedPayments)
    .where(
      and(
        eq(reportedPayments.tenantId, tenantId),
        eq(reportedPayments.status, 'open'),
        isAnyOf(reportedPayments.invoiceId, invoiceIds),
      ),
    );
}

/** A reported payment whose check ended: its invoice, customer and the controller's task. */
export interface SettledReport {
  id: number;
  invoiceId: number;
  customerId: number;
  taskId: number | null;
}

/**
 * Ends the checks of reported payments: `found` those whose invoice is paid now (of `invoiceIds`),
 * or `not-found` those whose hold ended before `day` with the invoice still open.
 */
export async function settleReportedPayments(
  db: Db,
  tenantId: number,
  change: { found: readonly number[] } | { expiredBefore: string },
): Promise<SettledReport[]> {
  if ('found' in change && change.found.length === 0) return [];
  const [status, condition] =
    'found' in change
      ? ['found', sql`i.status = 'paid' and ${isAnyOf(sql`r.invoice_id`, change.found)}`]
      : ['not-found', sql`i.status = 'open' and r.hold_until < ${change.expiredBefore}`];
  const rows = await queryRows<{
    id: number;
    invoice_id: number;
    customer_id: number;
    task_id: number | null;
  }>(
    db,
    sql`update reported_payments r set status = ${status}
          from invoices i
         where r.tenant_id = ${tenantId} and r.status = 'open'
           and i.tenant_id = r.tenant_id and i.id = r.invoice_id and ${condition}
        returning r.id, r.invoice_id, r.customer_id, r.task_id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    invoiceId: Number(r.invoice_id),
    customerId: Number(r.customer_id),
    taskId: r.task_id === null ? null : Number(r.task_id),
  }));
}

/** What a customer reported as paid, newest first. */
export async function reportedPaymentsOfCustomer(
  db: Db,
  tenantId: number,
  customerId: number,
): Promise<ReportedPaymentRow[]> {
  return db
    .select()
    .from(reportedPayments)
    .where(and(eq(reportedPayments.tenantId, tenantId), eq(reportedPayments.customerId, customerId)))
    .orderBy(desc(reportedPayments.id))
    .limit(200);
}

export async function insertDisputeAttachment(
  db: Db,
  row: Omit<typeof disputeAttachments.$inferInsert, 'id' | 'createdAt'>,
): Promise<Omit<DisputeAttachmentRow, 'content'>> {
  const [created] = await db.insert(disputeAttachments).values(row).returning({
    tenantId: disputeAttachments.tenantId,
    id: disputeAttachments.id,
    disputeId: disputeAttachments.disputeId,
    fileName: disputeAttachments.fileName,
    mimeType: disputeAttachments.mimeType,
    sizeBytes: disputeAttachments.sizeBytes,
    sha256: disputeAttachments.sha256,
    createdAt: disputeAttachments.createdAt,
  });
  return created as Omit<DisputeAttachmentRow, 'content'>;
}

/** A dispute's attachments without their content (a list). */
export async function attachmentsOfDisputes(db: Db, tenantId: number, disputeIds: readonly number[]) {
  if (disputeIds.length === 0) return [];
  return db
    .select({
      id: disputeAttachments.id,
      disputeId: disputeAttachments.disputeId,
      fileName: disputeAttachments.fileName,
      mimeType: disputeAttachments.mimeType,
      sizeBytes: disputeAttachments.sizeBytes,
    })
    .from(disputeAttachments)
    .where(and(eq(disputeAttachments.tenantId, tenantId), isAnyOf(disputeAttachments.disputeId, disputeIds)))
    .orderBy(asc(disputeAttachments.id));
}

/** One attachment with its content. */
export async function findDisputeAttachment(
  db: Db,
  tenantId: number,
  id: number,
): Promise<DisputeAttachmentRow | undefined> {
  const [row] = await db
    .select()
    .from(disputeAttachments)
    .where(and(eq(disputeAttachments.tenantId, tenantId), eq(disputeAttachments.id, id)));
  return row;
}

export async function insertPlanProposal(
  db: Db,
  row: { tenantId: number; customerId: number; proposedOn: string; terms: Record<string, unknown> },
): Promise<PlanProposalRow> {
  const [created] = await db
    .insert(instalmentPlans)
    .values({
      tenantId: row.tenantId,
      customerId: row.customerId,
      status: 'proposed',
      agreedOn: row.proposedOn,
      terms: row.terms,
    })
    .returning();
  return created as PlanProposalRow;
}

export async function findPlanProposal(
  db: Db,
  tenantId: number,
  id: number,
): Promise<PlanProposalRow | undefined> {
  const [row] = await db
    .select()
    .from(instalmentPlans)
    .where(
      and(
        eq(instalmentPlans.tenantId, tenantId),
        eq(instalmentPlans.id, id),
        eq(instalmentPlans.status, 'proposed'),
      ),
    );
  return row;
}

/** Proposals waiting for a decision, oldest first; of one customer or of all. */
export async function listPlanProposalRows(
  db: Db,
  tenantId: number,
  customerId: number | null,
): Promise<PlanProposalRow[]> {
  return db
    .select()
    .from(instalmentPlans)
    .where(
      and(
        eq(instalmentPlans.tenantId, tenantId),
        eq(instalmentPlans.status, 'proposed'),
        customerId === null ? undefined : eq(instalmentPlans.customerId, customerId),
      ),
    )
    .orderBy(asc(instalmentPlans.id))
    .limit(500);
}

/**
 * Takes a decided proposal out of the queue (its content and the decision stay in the event chain);
 * false when it was decided meanwhile.
 */
export async function deletePlanProposal(db: Db, tenantId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(instalmentPlans)
    .where(
      and(
        eq(instalmentPlans.tenantId, tenantId),
        eq(instalmentPlans.id, id),
        eq(instalmentPlans.status, 'proposed'),
      ),
    )
    .returning({ id: instalmentPlans.id });
  return rows.length > 0;
}

/** The letters a customer was sent (approved or sent notices), newest first. */
export async function sentNoticesOfCustomer(db: Db, tenantId: number, customerId: number) {
  return db
    .select({
      id: notices.id,
      issuedOn: notices.issuedOn,
      stageKey: notices.stageKey,
      channel: notices.channel,
      totalCents: notices.totalCents,
      currency: notices.currency,
    })
    .from(notices)
    .where(
      and(
        eq(notices.tenantId, tenantId),
        eq(notices.customerId, customerId),
        or(eq(notices.status, 'approved'), eq(notices.status, 'sent')),
        // A task (a call) is no letter.
        sql`${notices.channel} <> 'task'`,
      ),
    )
    .orderBy(desc(notices.issuedOn), desc(notices.id))
    .limit(200);
}
