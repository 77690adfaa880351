/**
 * @module task-repository
 * Tasks for people (calls, failed deliveries, checks): lists for the call list and the customer page.
 */
import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import type { Db } from './database.ts';
import { customers, tasks } from './schema.ts';

export type TaskRow = typeof tasks.$inferSelect;

export interface TaskFilter {
  customerId?: number;
  status?: TaskRow['status'];
  kind?: string;
  /** Keyset: due date and id of the last task of the previous page. */
  after?: readonly [string, number] | null;
  limit: number;
}

/** Tasks by due date, with their customer's number and name. */
export async function listTasks(db: Db, tenantId: number, filter: TaskFilter) {
  const conditions: SQL[] = [eq(tasks.tenantId, tenantId)];
  if (filter.customerId !== undefined) conditions.push(eq(tasks.customerId, filter.customerId));
  if (filter.status) conditions.push(eq(tasks.status, filter.status));
  if (filter.kind) conditions.push(eq(tasks.kind, filter.kind));
  if (filter.after) {
    const [dueOn, id] = filter.after;
    conditions.push(or(gt(tasks.dueOn, dueOn), and(eq(tasks.dueOn, dueOn), gt(tasks.id, id))) as SQL);
  }
  return db
    .select({ task: tasks, customerNumber: customers.number, customerName: customers.name })
    .from(tasks)
    .innerJoin(customers, and(eq(customers.tenantId, tasks.tenantId), eq(customers.id, tasks.customerId)))
    .where(and(...conditions))
    .orderBy(asc(tasks.dueOn), asc(tasks.id))
    .limit(filter.limit);
}
