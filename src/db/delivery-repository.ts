/**
 * @module delivery-repository
 * The outbox (deliveries to make) and tasks (work for a person).
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from './database.ts';
import { outbox, tasks } from './schema.ts';

export type NewOutboxRow = Omit<typeof outbox.$inferInsert, 'id' | 'createdAt'>;
export type OutboxRow = typeof outbox.$inferSelect;
export type OutboxStatus = OutboxRow['status'];
export type NewTaskRow = Omit<typeof tasks.$inferInsert, 'id' | 'createdAt'>;

/** Queues deliveries; one already queued under the same dedupe key is left as it is. */
export async function enqueueDeliveries(db: Db, rows: readonly NewOutboxRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(outbox)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing();
  }
}

export async function insertTasks(db: Db, rows: readonly NewTaskRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(tasks).values(rows.slice(i, i + 1000));
}

/**
 * Claims up to `limit` due deliveries of the given kinds, across companies: each is marked
 * `sending` with the attempt counted and its start time recorded, and committed before anything is
 * sent — so a crash during the send leaves a trace. `SKIP LOCKED` lets several workers share the queue.
 */
export async function claimDueDeliveries(
  db: Db,
  kinds: readonly OutboxRow['kind'][],
  limit: number,
  now: Date,
  tenantId: number | null = null,
): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    const due = await queryRows<{ tenant_id: string | number; id: string | number }>(
      tx,
      sql`select tenant_id, id from outbox
           where status = 'pending' and available_at <= ${now.toISOString()}::timestamptz
             and kind = any(${sql.param([...kinds])}::text[])
             ${tenantId === null ? sql`` : sql`and tenant_id = ${tenantId}`}
           order by available_at, id
           limit ${limit}
           for update skip locked`,
    );
    const claimed: OutboxRow[] = [];
    for (const row of due) {
      const [updated] = await tx
        .update(outbox)
        .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1`, attemptStartedAt: now })
        .where(and(eq(outbox.tenantId, Number(row.tenant_id)), eq(outbox.id, Number(row.id))))
        .returning();
      if (updated) claimed.push(updated);
    }
    return claimed;
  });
}

/** Restarts the lease of one claimed row just before its attempt. */
export async function stampAttempt(db: Db, row: Pick<OutboxRow, 'tenantId' | 'id'>, at: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ attemptStartedAt: at })
    .where(and(eq(outbox.tenantId, row.tenantId), eq(outbox.id, row.id), eq(outbox.status, 'sending')));
}

/**
 * Records the outcome of an attempt — only while the row is still in this attempt (`sending` with
 * the same count): a row meanwhile declared possibly sent, or claimed again, is not overwritten.
 */
export async function finishDelivery(
  db: Db,
  row: Pick<OutboxRow, 'tenantId' | 'id' | 'attempts'>,
  change: {
    status: OutboxStatus;
    messageId?: string | null;
    recipient?: string | null;
    lastError?: string | null;
    availableAt?: Date;
    sentAt?: Date | null;
  },
): Promise<void> {
  await db
    .update(outbox)
    .set(change)
    .where(
      and(
        eq(outbox.tenantId, row.tenantId),
        eq(outbox.id, row.id),
        eq(outbox.status, 'sending'),
        eq(outbox.attempts, row.attempts),
      ),
    );
}

/** A failed or possibly-sent delivery queued again by a person, with a fresh count of attempts. */
export async function requeueDelivery(
  db: Db,
  row: Pick<OutboxRow, 'tenantId' | 'id'>,
  at: Date,
): Promise<boolean> {
  const updated = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, availableAt: at, lastError: null })
    .where(
      and(
        eq(outbox.tenantId, row.tenantId),
        eq(outbox.id, row.id),
        inArray(outbox.status, ['failed', 'possibly-sent']),
      ),
    )
    .returning({ id: outbox.id });
  return updated.length > 0;
}

/** Deliveries left in `sending` longer than the lease (a crashed worker): they may have gone out. */
export async function markStaleAttempts(
  db: Db,
  olderThan: Date,
  tenantId: number | null = null,
): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({
      status: 'possibly-sent',
      lastError: 'the worker stopped during the attempt; it may have been sent',
    })
    .where(
      and(
        eq(outbox.status, 'sending'),
        sql`${outbox.attemptStartedAt} < ${olderThan.toISOString()}::timestamptz`,
        tenantId === null ? undefined : eq(outbox.tenantId, tenantId),
      ),
    )
    .returning({ id: outbox.id });
  return rows.length;
}

export async function listOutbox(db: Db, tenantId: number, statuses: readonly OutboxStatus[], limit = 500) {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.tenantId, tenantId), inArray(outbox.status, [...statuses])))
    .orderBy(desc(outbox.createdAt), asc(outbox.id))
    .limit(limit);
}

export async function findOutboxRow(db: Db, tenantId: number, id: number): Promise<OutboxRow | undefined> {
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.tenantId, tenantId), eq(outbox.id, id)));
  return row;
}
