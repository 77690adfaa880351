/**
 * @module outbox-service
 * What waits to be delivered, what went out and what failed: listing, viewing a message as it
 * will be (or was) sent, and resending a failed or possibly-sent one after a person checked it.
 */
import {
  findOutboxRow,
  listOutbox,
  type OutboxRow,
  type OutboxStatus,
  requeueDelivery,
} from '../db/delivery-repository.ts';
import { appendEvents } from '../db/event-store.ts';
import { composeNoticeEmail, type EmailMessage } from '../delivery/notice-email.ts';
import { AppError } from './app-error.ts';
import { noticeLetter } from './document-service.ts';
import type { ServiceContext } from './service-context.ts';

export const OUTBOX_STATUSES: readonly OutboxStatus[] = [
  'pending',
  'sending',
  'sent',
  'failed',
  'possibly-sent',
];

export function listDeliveries(ctx: ServiceContext, statuses: readonly OutboxStatus[]): Promise<OutboxRow[]> {
  return listOutbox(ctx.db, ctx.tenantId, statuses);
}

export async function showDelivery(
  ctx: ServiceContext,
  id: number,
): Promise<{ row: OutboxRow; message: EmailMessage | null; problem: string | null }> {
  const row = await findOutboxRow(ctx.db, ctx.tenantId, id);
  if (!row) throw new AppError('not-found', `outbox entry ${id} not found`);
  if (row.noticeId === null) return { row, message: null, problem: 'no notice attached' };
  const { document, pdf } = await noticeLetter(ctx, row.noticeId);
  if (!document.email && row.kind === 'email') {
    return { row, message: null, problem: `customer ${document.customer.number} has no e-mail address` };
  }
  return { row, message: composeNoticeEmail(document, document.email ?? '', pdf), problem: null };
}

/** Queues a failed or possibly-sent delivery again; a person decided it must go (again). */
export async function resendDelivery(ctx: ServiceContext, id: number): Promise<void> {
  const row = await findOutboxRow(ctx.db, ctx.tenantId, id);
  if (!row) throw new AppError('not-found', `outbox entry ${id} not found`);
  if (row.status !== 'failed' && row.status !== 'possibly-sent') {
    throw new AppError(
      'conflict',
      `outbox entry ${id} is ${row.status}; only failed or possibly-sent entries are resent`,
    );
  }
  await ctx.db.transaction(async (tx) => {
    if (!(await requeueDelivery(tx, row, ctx.now()))) {
      throw new AppError('conflict', `outbox entry ${id} changed meanwhile; look again`);
    }
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'delivery.resent',
          entityType: 'outbox',
          entityId: id,
          payload: { previousStatus: row.status },
        },
      ],
      ctx.now(),
    );
  });
}
