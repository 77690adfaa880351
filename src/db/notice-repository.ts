/**
 * @module notice-repository
 * Notices (proposed, approved, sent, cancelled) and their items.
 */
import { bulkInsert } from './bulk-insert.ts';
import { isAnyOf } from './sql-arrays.ts';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { queryRows } from './database.ts';
import { customers, invoices, noticeItems, notices } from './schema.ts';

export type NoticeRow = typeof notices.$inferSelect;
export type NewNoticeRow = Omit<typeof notices.$inferInsert, 'id' | 'createdAt'>;
export type NoticeItemRow = typeof noticeItems.$inferSelect;
export type NewNoticeItemRow = Omit<typeof noticeItems.$inferInsert, 'noticeId'>;

export interface CancelledItem {
  noticeId: number;
  invoiceId: number;
  customerId: number;
  noticeCancelled: boolean;
}

/** Which of these claims are in a proposal that has not gone out yet (one query, for a batch). */
export async function invoicesWithPendingItems(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
): Promise<Set<number>> {
  if (invoiceIds.length === 0) return new Set();
  const rows = await queryRows<{ invoice_id: number }>(
    db,
    sql`select distinct ni.invoice_id from notice_items ni join notices n
          on n.tenant_id = ni.tenant_id and n.id = ni.notice_id
        where ni.tenant_id = ${tenantId} and n.status = 'proposed' and not ni.cancelled
          and ${isAnyOf(sql`ni.invoice_id`, invoiceIds)}`,
  );
  return new Set(rows.map((r) => Number(r.invoice_id)));
}

/**
 * Cancels the items of proposals that have not gone out yet for these claims, recomputes the
 * totals of those notices, and cancels a notice with no item left. Returns what was cancelled.
 */
export async function cancelPendingItems(
  db: Db,
  tenantId: number,
  invoiceIds: readonly number[],
  reason: string,
): Promise<CancelledItem[]> {
  if (invoiceIds.length === 0) return [];
  const affected = await queryRows<{ notice_id: number; invoice_id: number; customer_id: number }>(
    db,
    sql`update notice_items ni set cancelled = true, cancel_reason = ${reason}
        from notices n
        where ni.tenant_id = ${tenantId} and n.tenant_id = ni.tenant_id and n.id = ni.notice_id
          and n.status = 'proposed' and not ni.cancelled
          and ${isAnyOf(sql`ni.invoice_id`, invoiceIds)}
        returning ni.notice_id, ni.invoice_id, n.customer_id`,
  );
  const noticeIds = [...new Set(affected.map((a) => Number(a.notice_id)))];
  const emptied = new Set<number>();
  for (const noticeId of noticeIds) {
    const [rest] = await queryRows<{ active: number; total: number | null }>(
      db,
      sql`select count(*)::int as active, sum(total_cents)::bigint as total
          from notice_items where tenant_id = ${tenantId} and notice_id = ${noticeId} and not cancelled`,
    );
    if (!rest || Number(rest.active) === 0) {
      emptied.add(noticeId);
      await db
        .update(notices)
        .set({ status: 'cancelled', cancelReason: reason, decidedAt: new Date(), totalCents: 0 })
        .where(and(eq(notices.tenantId, tenantId), eq(notices.id, noticeId)));
    } else {
      await db
        .update(notices)
        .set({ totalCents: sql`${Number(rest.total)} + ${notices.feeCents}` })
        .where(and(eq(notices.tenantId, tenantId), eq(notices.id, noticeId)));
    }
  }
  return affected.map((a) => ({
    noticeId: Number(a.notice_id),
    invoiceId: Number(a.invoice_id),
    customerId: Number(a.customer_id),
    noticeCancelled: emptied.has(Number(a.notice_id)),
  }));
}

export async function findNotice(db: Db, tenantId: number, id: number): Promise<NoticeRow | undefined> {
  const [row] = await db
    .select()
    .from(notices)
    .where(and(eq(notices.tenantId, tenantId), eq(notices.id, id)));
  return row;
}

export async function itemsOfNotices(
  db: Db,
  tenantId: number,
  noticeIds: readonly number[],
): Promise<NoticeItemRow[]> {
  if (noticeIds.length === 0) return [];
  return db
    .select()
    .from(noticeItems)
    .where(and(eq(noticeItems.tenantId, tenantId), inArray(noticeItems.noticeId, [...noticeIds])));
}

export async function insertNotices(
  db: Db,
  rows: readonly { notice: NewNoticeRow; items: readonly NewNoticeItemRow[] }[],
): Promise<NoticeRow[]> {
  const inserted = await bulkInsert(
    db,
    notices,
    rows.map((r) => r.notice),
    { returning: true },
  );
  // Match by (customer, stage): a run makes one letter per customer and apart from it only task notices
  // of other stages, so (customer, stage) is unique within a run.
  const key = (n: { customerId: number; stageKey: string }) => `${n.customerId}|${n.stageKey}`;
  const byKey = new Map(inserted.map((n) => [key(n), n]));
  const items = rows.flatMap((r) => {
    const notice = byKey.get(key(r.notice)) as NoticeRow;
    return r.items.map((item) => ({ ...item, noticeId: notice.id }));
  });
  await bulkInsert(db, noticeItems, items, { returning: false });
  return rows.map((r) => byKey.get(key(r.notice)) as NoticeRow);
}

/** A notice with its items that were not cancelled, and what each item's invoice says. */
export async function findNoticeWithItems(db: Db, tenantId: number, id: number) {
  const notice = await findNotice(db, tenantId, id);
  if (!notice) return undefined;
  const items = await db
    .select({
      invoiceId: noticeItems.invoiceId,
      invoiceNumber: invoices.number,
      issuedOn: invoices.issuedOn,
      dueDate: invoices.dueDate,
      grossCents: invoices.grossCents,
      openPrincipalCents: noticeItems.openPrincipalCents,
      openCostsCents: noticeItems.openCostsCents,
      interestCents: noticeItems.interestCents,
      interestPaidCents: noticeItems.interestPaidCents,
      flatFeeCents: noticeItems.flatFeeCents,
      totalCents: noticeItems.totalCents,
      interestDetail: noticeItems.interestDetail,
      alreadyInDefault: noticeItems.alreadyInDefault,
      defaultStartsOn: noticeItems.defaultStartsOn,
      defaultReason: noticeItems.defaultReason,
      stageKey: noticeItems.stageKey,
    })
    .from(noticeItems)
    .innerJoin(
      invoices,
      and(eq(invoices.tenantId, noticeItems.tenantId), eq(invoices.id, noticeItems.invoiceId)),
    )
    .where(
      and(eq(noticeItems.tenantId, tenantId), eq(noticeItems.noticeId, id), eq(noticeItems.cancelled, false)),
    )
    .orderBy(invoices.dueDate, invoices.number);
  return { notice, items };
}

/** The approved notices of a run that go out on paper (letter, email-and-letter), by customer. */
export async function findLetterNoticesOfRun(db: Db, tenantId: number, runId: number): Promise<number[]> {
  const rows = await db
    .select({ id: notices.id })
    .from(notices)
    .where(
      and(
        eq(notices.tenantId, tenantId),
        eq(notices.runId, runId),
        inArray(notices.channel, ['letter', 'email-and-letter']),
        inArray(notices.status, ['approved', 'sent']),
      ),
    )
    .orderBy(notices.customerId, notices.id);
  return rows.map((r) => r.id);
}

export interface NoticeListFilter {
  status?: NoticeRow['status'];
  runId?: number;
  customerId?: number;
  stageKey?: string;
  /** The id of the last notice of the previous page: the list runs newest first. */
  before: number | null;
  limit: number;
}

export type NoticeSummaryRow = NoticeRow & { customerNumber: string; customerName: string; claims: number };

/** Notices newest first with their customer and how many claims each names (items not cancelled). */
export async function listNoticeSummaries(
  db: Db,
  tenantId: number,
  filter: NoticeListFilter,
): Promise<NoticeSummaryRow[]> {
  const claims = sql<number>`(select count(*)::int from ${noticeItems}
    where ${noticeItems.tenantId} = ${notices.tenantId} and ${noticeItems.noticeId} = ${notices.id}
      and not ${noticeItems.cancelled})`;
  const rows = await db
    .select({ notice: notices, customerNumber: customers.number, customerName: customers.name, claims })
    .from(notices)
    .innerJoin(customers, and(eq(customers.tenantId, notices.tenantId), eq(customers.id, notices.customerId)))
    .where(
      and(
        eq(notices.tenantId, tenantId),
        filter.status === undefined ? undefined : eq(notices.status, filter.status),
        filter.runId === undefined ? undefined : eq(notices.runId, filter.runId),
        filter.customerId === undefined ? undefined : eq(notices.customerId, filter.customerId),
        filter.stageKey === undefined ? undefined : eq(notices.stageKey, filter.stageKey),
        filter.before === null ? undefined : lt(notices.id, filter.before),
      ),
    )
    .orderBy(desc(notices.id))
    .limit(filter.limit + 1);
  return rows.map((r) => ({
    ...r.notice,
    customerNumber: r.customerNumber,
    customerName: r.customerName,
    claims: Number(r.claims),
  }));
}
