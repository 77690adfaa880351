/**
 * @module task-repository
 * Tasks for people (calls, failed deliveries, checks): lists for the call list and the customer page,
 * tasks made by hand, and completing one.
 */
import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import type { Db } from './database.ts';
import { customers, tasks } from './schema.ts';
import { isAnyOf } from './sql-arrays.ts';

export type TaskRow = typeof tasks.$inferSelect;
export type NewTask = Omit<typeof tasks.$inferInsert, 'id' | 'createdAt' | 'status' | 'outcome' | 'doneAt'>;

export interface TaskFilter {
  customerId?: number;
  status?: TaskRow['status'];
  kind?: string;
  /** Keyset: due date and id of the last task of the previous page. */
  after?: readonly [string, number] | null;
  limit: number;
}

const listedColumns = { task: tasks, customerNumber: customers.number, customerName: customers.name };

function withCustomer(db: Db) {
  return db
    .select(listedColumns)
    .from(tasks)
    .innerJoin(customers, and(eq(customers.tenantId, tasks.tenantId), eq(customers.id, tasks.customerId)));
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
  return withCustomer(db)
    .where(and(...conditions))
    .orderBy(asc(tasks.dueOn), asc(tasks.id))
    .limit(filter.limit);
}

export type ListedTask = Awaited<ReturnType<typeof listTasks>>[number];

/** One task with its customer's number and name, as the list shows it. */
export async function findListedTask(db: Db, tenantId: number, id: number): Promise<ListedTask | undefined> {
  const [row] = await withCustomer(db).where(and(eq(tasks.tenantId, tenantId), eq(tasks.id, id)));
  return row;
}

export async function findTask(db: Db, tenantId: number, id: number): Promise<TaskRow | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.tenantId, tenantId), eq(tasks.id, id)))
    .for('update');
  return row;
}

export async function insertTask(db: Db, row: NewTask): Promise<TaskRow> {
  const [created] = await db.insert(tasks).values(row).returning();
  return created as TaskRow;
}

/** Marks an open task done; undefined when it is not open (any more). */
export async function completeTaskRow(
  db: Db,
  tenantId: number,
  id: number,
  outcome: string,
  doneAt: Date,
): Promise<TaskRow | undefined> {
  const [row] = await db
    .update(tasks)
    .set({ status: 'done', outcome, doneAt })
    .where(and(eq(tasks.tenantId, tenantId), eq(tasks.id, id), eq(tasks.status, 'open')))
    .returning();
  return row;
}

/** `invoiceId:dueOn` of the tasks of a kind that exist for these invoices (any status). */
export async function taskKeysOf(
  db: Db,
  tenantId: number,
  kind: string,
  invoiceIds: readonly number[],
): Promise<Set<string>> {
  if (invoiceIds.length === 0) return new Set();
  const rows = await db
    .select({ invoiceId: tasks.invoiceId, dueOn: tasks.dueOn })
    .from(tasks)
    .where(and(eq(tasks.tenantId, tenantId), eq(tasks.kind, kind), isAnyOf(tasks.invoiceId, invoiceIds)));
  return new Set(rows.map((r) => `${r.invoiceId}:${r.dueOn}`));
}
