/**
 * @module task-service
 * Work for a person: a task made by hand (call the customer about an invoice, check a delivery), and
 * completing one with its outcome — recorded on the customer's timeline — and, when asked, the
 * follow-up task on a later day.
 *
 * @example
 * const task = await createTask(ctx, { customerId: 7, kind: 'call', title: 'Ask about RE000012', dueOn: '2026-03-20' });
 * await completeTask(ctx, task.id, { outcome: 'no-answer', followUpOn: '2026-03-23' });
 */
import { z } from 'zod';
import { findCustomerById } from '../db/customer-repository.ts';
import { appendEvents } from '../db/event-store.ts';
import { invoicesToHold } from '../db/hold-repository.ts';
import { completeTaskRow, findTask, insertTask, type TaskRow } from '../db/task-repository.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { AppError } from './app-error.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

export const TASK_OUTCOMES = ['reached', 'promise', 'dispute', 'no-answer', 'done'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

const taskKindSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected a kind of lowercase letters, digits and dashes, e.g. call');

const newTaskSchema = z.object({
  customerId: z.number().int().positive(),
  kind: taskKindSchema,
  title: z.string().trim().min(1).max(200),
  dueOn: calendarDateSchema,
  invoiceId: z.number().int().positive().nullable().optional(),
});

export type NewTaskInput = z.input<typeof newTaskSchema>;

/** A task made by hand; the invoice, when named, must be one of the customer's. */
export async function createTask(ctx: ServiceContext, raw: NewTaskInput): Promise<TaskRow> {
  const input = parseInput(newTaskSchema, raw, 'task');
  return ctx.db.transaction(async (tx) => {
    const customer = await findCustomerById(tx, ctx.tenantId, input.customerId);
    if (!customer) {
      throw new AppError('not-found', `customer ${input.customerId} not found`, {
        issues: [{ path: 'customerId', message: 'no such customer' }],
      });
    }
    const invoiceId = input.invoiceId ?? null;
    if (invoiceId !== null) {
      const [invoice] = await invoicesToHold(tx, ctx.tenantId, [invoiceId]);
      if (!invoice) {
        throw new AppError('not-found', `invoice ${invoiceId} not found`, {
          issues: [{ path: 'invoiceId', message: 'no such invoice' }],
        });
      }
      if (invoice.customerId !== customer.id) {
        throw new AppError('validation', `invoiceId: invoice ${invoice.number} is not ${customer.number}'s`, {
          issues: [{ path: 'invoiceId', message: `invoice ${invoice.number} belongs to another customer` }],
        });
      }
    }
    const task = await insertTask(tx, {
      tenantId: ctx.tenantId,
      customerId: customer.id,
      invoiceId,
      noticeId: null,
      kind: input.kind,
      title: input.title,
      dueOn: input.dueOn,
    });
    await appendEvents(tx, ctx.tenantId, ctx.actor, [taskCreatedEvent(task)], ctx.now());
    return task;
  });
}

function taskCreatedEvent(task: TaskRow, extra: Record<string, unknown> = {}) {
  return {
    type: 'task.created',
    entityType: 'task',
    entityId: task.id,
    customerId: task.customerId,
    payload: {
      kind: task.kind,
      title: task.title,
      dueOn: task.dueOn,
      invoiceId: task.invoiceId,
      noticeId: task.noticeId,
      ...extra,
    },
  };
}

const completionSchema = z.object({
  outcome: z.enum(TASK_OUTCOMES),
  note: z.string().trim().max(5000).nullable().optional(),
  /** A follow-up task of the same kind is due on this day. */
  followUpOn: calendarDateSchema.nullable().optional(),
  /** The day the task is completed, for checking `followUpOn` (the caller's today). */
  completedOn: calendarDateSchema,
});

export type TaskCompletionInput = z.input<typeof completionSchema>;

export interface CompletedTask {
  task: TaskRow;
  followUp: TaskRow | null;
}

/**
 * Marks an open task done with its outcome and note, as the event `task.completed` on the
 * customer's timeline. The outcome only records what happened: a promise or a dispute the call
 * brought is recorded by its own use case, with its amounts and days.
 */
export async function completeTask(
  ctx: ServiceContext,
  taskId: number,
  raw: TaskCompletionInput,
): Promise<CompletedTask> {
  const input = parseInput(completionSchema, raw, 'task completion');
  const followUpOn = input.followUpOn ?? null;
  if (followUpOn !== null && followUpOn < input.completedOn) {
    throw new AppError('validation', `followUpOn: ${followUpOn} lies in the past`, {
      issues: [{ path: 'followUpOn', message: `must be ${input.completedOn} or later` }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const open = await findTask(tx, ctx.tenantId, taskId);
    if (!open) throw new AppError('not-found', `task ${taskId} not found`);
    const task = await completeTaskRow(tx, ctx.tenantId, taskId, input.outcome, ctx.now());
    if (!task) throw new AppError('conflict', `task ${taskId} is ${open.status} already`);
    const followUp =
      followUpOn === null
        ? null
        : await insertTask(tx, {
            tenantId: ctx.tenantId,
            customerId: task.customerId,
            invoiceId: task.invoiceId,
            noticeId: task.noticeId,
            kind: task.kind,
            title: task.title,
            dueOn: followUpOn,
          });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'task.completed',
          entityType: 'task',
          entityId: task.id,
          customerId: task.customerId,
          payload: {
            kind: task.kind,
            title: task.title,
            outcome: input.outcome,
            note: input.note ?? null,
            invoiceId: task.invoiceId,
            followUpTaskId: followUp?.id ?? null,
          },
        },
        ...(followUp ? [taskCreatedEvent(followUp, { followUpOf: task.id })] : []),
      ],
      ctx.now(),
    );
    return { task, followUp };
  });
}
