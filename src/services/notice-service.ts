/**
 * @module notice-service
 * Deciding on proposed notices. Approval makes a notice count as sent on its issue date: its fee
 * and the €40 flat fee become open costs of the claims (§367 BGB "Kosten"), the letter or email is
 * queued in the outbox, a phone stage becomes a task. Cancelling records the reason.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { enqueueDeliveries, insertTasks, type NewOutboxRow } from '../db/delivery-repository.ts';
import { appendEvents } from '../db/event-store.ts';
import { findNotice, itemsOfNotices, type NoticeRow } from '../db/notice-repository.ts';
import { claimStates, notices } from '../db/schema.ts';
import { AppError } from './app-error.ts';
import type { ServiceContext } from './service-context.ts';

const DELIVERY_KINDS: Record<string, readonly ('email' | 'letter')[]> = {
  email: ['email'],
  letter: ['letter'],
  'email-and-letter': ['email', 'letter'],
  task: [],
};

/** Approves proposed notices inside the caller's transaction; returns how many were approved. */
export async function approveNoticesInTransaction(
  tx: Db,
  ctx: ServiceContext,
  noticeIds: readonly number[],
): Promise<number> {
  if (noticeIds.length === 0) return 0;
  const approved = await tx
    .update(notices)
    .set({ status: 'approved', decidedAt: ctx.now(), decidedBy: ctx.actor })
    .where(
      and(
        eq(notices.tenantId, ctx.tenantId),
        inArray(notices.id, [...noticeIds]),
        eq(notices.status, 'proposed'),
      ),
    )
    .returning();
  if (approved.length === 0) return 0;
  const items = (
    await itemsOfNotices(
      tx,
      ctx.tenantId,
      approved.map((n) => n.id),
    )
  ).filter((i) => !i.cancelled);
  const itemsBy = new Map<number, typeof items>();
  for (const item of items) itemsBy.set(item.noticeId, [...(itemsBy.get(item.noticeId) ?? []), item]);

  const deliveries: NewOutboxRow[] = [];
  const tasks = [];
  for (const notice of approved) {
    const noticeItems = itemsBy.get(notice.id) ?? [];
    // The notice's fee is a cost of default: booked on the oldest claim that was already in default.
    const feeClaim = noticeItems.find((i) => i.alreadyInDefault);
    for (const item of noticeItems) {
      const costs = item.flatFeeCents + (feeClaim === item ? notice.feeCents : 0);
      if (costs === 0) continue;
      await tx
        .update(claimStates)
        .set({
          openCostsCents: sql`${claimStates.openCostsCents} + ${costs}`,
          flatFeeClaimed: item.flatFeeCents > 0 ? true : claimStates.flatFeeClaimed,
          updatedAt: ctx.now(),
        })
        .where(and(eq(claimStates.tenantId, ctx.tenantId), eq(claimStates.invoiceId, item.invoiceId)));
    }
    for (const kind of DELIVERY_KINDS[notice.channel] ?? []) {
      deliveries.push({
        tenantId: ctx.tenantId,
        kind,
        noticeId: notice.id,
        dedupeKey: `notice:${notice.id}:${kind}`,
        payload: { noticeId: notice.id, templateKey: notice.templateKey },
      });
    }
    if (notice.channel === 'task') {
      tasks.push({
        tenantId: ctx.tenantId,
        customerId: notice.customerId,
        noticeId: notice.id,
        kind: notice.templateKey,
        title: `${notice.stageKey}: ${noticeItems.length} invoice(s)`,
        dueOn: notice.issuedOn,
      });
    }
  }
  await enqueueDeliveries(tx, deliveries);
  await insertTasks(tx, tasks);
  await appendEvents(
    tx,
    ctx.tenantId,
    ctx.actor,
    approved.map((n) => ({
      type: 'notice.approved',
      entityType: 'notice',
      entityId: n.id,
      customerId: n.customerId,
      payload: { stageKey: n.stageKey, channel: n.channel, totalCents: n.totalCents },
    })),
    ctx.now(),
  );
  return approved.length;
}

export interface ApproveNoticesOptions {
  noticeIds?: readonly number[];
  /** Approve every proposal (of one run, if given). */
  all?: boolean;
  runId?: number;
}

export async function approveNotices(ctx: ServiceContext, options: ApproveNoticesOptions): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    let ids = [...(options.noticeIds ?? [])];
    if (options.all) {
      const conditions = [eq(notices.tenantId, ctx.tenantId), eq(notices.status, 'proposed')];
      if (options.runId !== undefined) conditions.push(eq(notices.runId, options.runId));
      ids = (
        await tx
          .select({ id: notices.id })
          .from(notices)
          .where(and(...conditions))
      ).map((r) => r.id);
    }
    return approveNoticesInTransaction(tx, ctx, ids);
  });
}

export async function cancelNotice(
  ctx: ServiceContext,
  noticeId: number,
  reason: string,
): Promise<NoticeRow> {
  if (reason.trim() === '') throw new AppError('validation', 'reason: say why the notice is cancelled');
  return ctx.db.transaction(async (tx) => {
    const notice = await findNotice(tx, ctx.tenantId, noticeId);
    if (!notice) throw new AppError('not-found', `notice ${noticeId} not found`);
    if (notice.status !== 'proposed') {
      throw new AppError(
        'conflict',
        `notice ${noticeId} is ${notice.status}; only a proposal can be cancelled`,
      );
    }
    const [updated] = await tx
      .update(notices)
      .set({ status: 'cancelled', cancelReason: reason, decidedAt: ctx.now(), decidedBy: ctx.actor })
      .where(
        and(eq(notices.tenantId, ctx.tenantId), eq(notices.id, noticeId), eq(notices.status, 'proposed')),
      )
      .returning();
    if (!updated) throw new AppError('conflict', `notice ${noticeId} was decided by someone else meanwhile`);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'notice.cancelled',
          entityType: 'notice',
          entityId: noticeId,
          customerId: notice.customerId,
          payload: { reason },
        },
      ],
      ctx.now(),
    );
    return updated;
  });
}

export async function listNotices(
  ctx: ServiceContext,
  status: NoticeRow['status'],
  limit = 500,
): Promise<NoticeRow[]> {
  return ctx.db
    .select()
    .from(notices)
    .where(and(eq(notices.tenantId, ctx.tenantId), eq(notices.status, status)))
    .orderBy(notices.id)
    .limit(limit);
}
