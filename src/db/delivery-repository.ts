/**
 * @module delivery-repository
 * The outbox (deliveries to make) and tasks (work for a person).
 */
import type { Db } from './database.ts';
import { outbox, tasks } from './schema.ts';

export type NewOutboxRow = Omit<typeof outbox.$inferInsert, 'id' | 'createdAt'>;
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
