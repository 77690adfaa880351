/**
 * @module portal-plan-service
 * Instalment plans a customer proposes in the portal: monthly instalments over a number of months
 * for what is owed today. Within the company's limits (`portal.maxMonths`, `portal.minInstalmentCents`)
 * and with `portal.autoAccept`, the plan is agreed at once (instalment-plan-service, as if a person
 * had agreed it); otherwise it waits as a proposal (`instalment_plans` in status `proposed`, no claims
 * and no schedule yet) with a task, until a person approves it — the plan is then agreed as of the
 * day of approval — or rejects it. A decided proposal leaves the table; the proposal and the
 * decision stay in the event chain.
 */
import { z } from 'zod';
import { findCustomerById } from '../db/customer-repository.ts';
import { appendEvents } from '../db/event-store.ts';
import { listDisputes } from '../db/hold-repository.ts';
import { planHoldsOf } from '../db/instalment-plan-repository.ts';
import { invoicesOfCustomer } from '../db/invoice-repository.ts';
import {
  deletePlanProposal,
  findPlanProposal,
  insertPlanProposal,
  listPlanProposalRows,
  type PlanProposalRow,
} from '../db/portal-repository.ts';
import { completeTaskRow } from '../db/task-repository.ts';
import { addDays, type CalendarDate, formatCalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { AppError } from './app-error.ts';
import { statementOf } from './claim-statement-service.ts';
import { createInstalmentPlan, type InstalmentPlanView } from './instalment-plan-service.ts';
import { parseInput } from './parse-input.ts';
import {
  notifyCreditController,
  ownInvoiceOrFail,
  type PortalContext,
  portalCustomer,
  todayOf,
} from './portal-context.ts';
import { getPortalSettings } from './portal-settings-service.ts';
import type { ServiceContext } from './service-context.ts';

/** Days after today the first instalment falls due when the customer does not say. */
export const DEFAULT_FIRST_INSTALMENT_DAYS = 14;
/** The latest first due date a customer may choose, in days from today. */
export const MAX_FIRST_INSTALMENT_DAYS = 31;

export const planProposalSchema = z.object({
  months: z.number().int().min(1).max(36).describe('monthly instalments'),
  firstDueDate: calendarDateSchema
    .optional()
    .describe(`the first instalment's day; default today + ${DEFAULT_FIRST_INSTALMENT_DAYS} days`),
  invoiceIds: z
    .array(z.number().int().positive())
    .min(1)
    .max(100)
    .optional()
    .describe('default: every open invoice not disputed and not in a plan'),
  note: z.string().trim().max(1000).optional(),
});

/** What a proposal keeps in the row's `terms`. */
interface ProposalTerms {
  months: number;
  firstDueDate: string;
  invoiceNumbers: string[];
  /** What the invoices came to on the day of the proposal. */
  totalCents: number;
  instalmentCents: number;
  /** Why it was not agreed at once. */
  reasons: string[];
  note: string | null;
  taskId: number;
}

export type PlanProposalResult =
  | { outcome: 'accepted'; plan: InstalmentPlanView }
  | { outcome: 'awaiting-approval'; proposal: PlanProposalView };

export interface PlanProposalView extends Omit<ProposalTerms, 'taskId'> {
  id: number;
  customerId: number;
  proposedOn: string;
}

function proposalTerms(row: PlanProposalRow): ProposalTerms {
  return row.terms.proposal as ProposalTerms;
}

function viewOf(row: PlanProposalRow): PlanProposalView {
  const { taskId: _taskId, ...terms } = proposalTerms(row);
  return { id: row.id, customerId: row.customerId, proposedOn: row.agreedOn, ...terms };
}

const eur = (cents: number) => formatMoney(Money.of(cents), 'de');

/**
 * Proposes a plan for the customer's open invoices (all that may be put in a plan, or those named).
 * Agreed at once within the limits (with autoAccept), else kept for approval.
 */
export async function proposeInstalmentPlan(
  ctx: PortalContext,
  raw: z.input<typeof planProposalSchema>,
): Promise<PlanProposalResult> {
  const input = parseInput(planProposalSchema, raw, 'instalment plan proposal');
  const today = todayOf(ctx);
  const customer = await portalCustomer(ctx);
  const settings = await getPortalSettings(ctx);
  const firstDueDate = input.firstDueDate ?? addDays(today, DEFAULT_FIRST_INSTALMENT_DAYS);
  const latestFirst = addDays(today, MAX_FIRST_INSTALMENT_DAYS);
  if (firstDueDate < today || firstDueDate > latestFirst) {
    throw new AppError('validation', `firstDueDate: between ${today} and ${latestFirst}`, {
      issues: [{ path: 'firstDueDate', message: `between ${today} and ${latestFirst}` }],
    });
  }
  for (const [index, id] of (input.invoiceIds ?? []).entries()) {
    await ownInvoiceOrFail(ctx, id, `invoiceIds.${index}`);
  }
  const [rows, statement, disputes, pending] = await Promise.all([
    invoicesOfCustomer(ctx.db, ctx.tenantId, customer.id),
    statementOf(ctx, customer, today),
    listDisputes(ctx.db, ctx.tenantId, { customerId: customer.id, status: 'open', limit: 500 }),
    listPlanProposalRows(ctx.db, ctx.tenantId, customer.id),
  ]);
  if (pending.length > 0) {
    throw new AppError('conflict', 'a proposal of yours is waiting for our answer already');
  }
  const plans = await planHoldsOf(
    ctx.db,
    ctx.tenantId,
    rows.map((r) => r.invoice.id),
  );
  const disputed = new Set(disputes.map((d) => d.dispute.invoiceId));
  const owed = new Map(statement.items.map((i) => [i.invoiceNumber, i.totalCents]));
  const eligible = rows.filter(
    (r) =>
      r.invoice.status === 'open' &&
      (owed.get(r.invoice.number) ?? 0) > 0 &&
      !disputed.has(r.invoice.id) &&
      plans.get(r.invoice.id)?.status !== 'active',
  );
  const wanted = input.invoiceIds
    ? input.invoiceIds.map((id, index) => {
        const row = eligible.find((r) => r.invoice.id === id);
        if (!row) {
          throw new AppError('validation', `invoiceIds.${index}: not open, disputed or in a plan already`, {
            issues: [{ path: `invoiceIds.${index}`, message: 'not open, disputed or in a plan already' }],
          });
        }
        return row;
      })
    : eligible;
  if (wanted.length === 0) throw new AppError('conflict', 'nothing is open that a plan could cover');
  const invoiceNumbers = wanted.map((r) => r.invoice.number);
  const totalCents = invoiceNumbers.reduce((sum, n) => sum + (owed.get(n) ?? 0), 0);
  const instalmentCents = Math.floor(totalCents / input.months);
  const reasons = [
    ...(input.months > settings.maxMonths ? [`more than ${settings.maxMonths} months`] : []),
    ...(instalmentCents < settings.minInstalmentCents
      ? [`instalment below ${Money.of(settings.minInstalmentCents).toDecimalString()}`]
      : []),
  ];
  const plainTerms = `${input.months} Monatsraten zu etwa ${eur(instalmentCents)} ab ${formatCalendarDate(firstDueDate, 'de')} für ${invoiceNumbers.join(', ')} (${eur(totalCents)})`;
  return ctx.db.transaction(async (tx): Promise<PlanProposalResult> => {
    const txCtx: PortalContext = { ...ctx, db: tx };
    if (reasons.length === 0 && settings.autoAccept) {
      const plan = await createInstalmentPlan(txCtx, {
        customerNumber: customer.number,
        invoiceNumbers,
        agreedOn: today,
        count: input.months,
        firstDueDate,
        rhythm: { months: 1 },
      });
      const taskId = await notifyCreditController(tx, ctx, customer, {
        kind: 'portal-plan',
        title: `Kunde hat im Portal eine Ratenzahlung vereinbart (innerhalb der Grenzen, automatisch angenommen): ${plainTerms}`,
      });
      await appendEvents(
        tx,
        ctx.tenantId,
        ctx.actor,
        [
          {
            type: 'portal.plan-proposed',
            entityType: 'customer',
            entityId: customer.id,
            customerId: customer.id,
            payload: {
              outcome: 'accepted',
              planId: plan.id,
              months: input.months,
              firstDueDate,
              invoiceNumbers,
              totalCents,
              taskId,
            },
          },
        ],
        ctx.now(),
      );
      return { outcome: 'accepted', plan };
    }
    const why = reasons.length > 0 ? reasons.join('; ') : 'automatic acceptance is off';
    const taskId = await notifyCreditController(tx, ctx, customer, {
      kind: 'portal-plan-approval',
      title: `Ratenzahlungsvorschlag prüfen (${why}): ${plainTerms}`,
    });
    const terms: ProposalTerms = {
      months: input.months,
      firstDueDate,
      invoiceNumbers,
      totalCents,
      instalmentCents,
      reasons,
      note: input.note ?? null,
      taskId,
    };
    const row = await insertPlanProposal(tx, {
      tenantId: ctx.tenantId,
      customerId: customer.id,
      proposedOn: today,
      terms: { proposal: { ...terms } },
    });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'portal.plan-proposed',
          entityType: 'customer',
          entityId: customer.id,
          customerId: customer.id,
          payload: { outcome: 'awaiting-approval', proposalId: row.id, ...terms },
        },
      ],
      ctx.now(),
    );
    return { outcome: 'awaiting-approval', proposal: viewOf(row) };
  });
}

/** Proposals waiting for a decision, oldest first; of one customer or of all. */
export async function listPlanProposals(
  ctx: ServiceContext,
  filter: { customerId?: number } = {},
): Promise<PlanProposalView[]> {
  return (await listPlanProposalRows(ctx.db, ctx.tenantId, filter.customerId ?? null)).map(viewOf);
}

export const approveProposalSchema = z.object({
  firstDueDate: calendarDateSchema
    .optional()
    .describe('default: the proposed day, or today + 14 days when that has passed'),
});

/** Agrees the proposed plan as of today (what is owed today, the proposed number of months). */
export async function approvePlanProposal(
  ctx: ServiceContext,
  proposalId: number,
  raw: z.input<typeof approveProposalSchema> = {},
): Promise<InstalmentPlanView> {
  const input = parseInput(approveProposalSchema, raw, 'approval');
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const row = await findPlanProposal(tx, ctx.tenantId, proposalId);
    if (!row) throw new AppError('not-found', `plan proposal ${proposalId} not found`);
    if (!(await deletePlanProposal(tx, ctx.tenantId, proposalId))) {
      throw new AppError('conflict', `plan proposal ${proposalId} was decided meanwhile`);
    }
    const terms = proposalTerms(row);
    const customer = await findCustomerById(tx, ctx.tenantId, row.customerId);
    if (!customer) throw new AppError('not-found', `customer of plan proposal ${proposalId} not found`);
    const proposed = terms.firstDueDate as CalendarDate;
    const plan = await createInstalmentPlan(
      { ...ctx, db: tx },
      {
        customerNumber: customer.number,
        invoiceNumbers: terms.invoiceNumbers,
        agreedOn: today,
        count: terms.months,
        firstDueDate:
          input.firstDueDate ??
          (proposed >= today ? proposed : addDays(today, DEFAULT_FIRST_INSTALMENT_DAYS)),
        rhythm: { months: 1 },
      },
    );
    await completeTaskRow(tx, ctx.tenantId, terms.taskId, 'done', ctx.now());
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'instalment-plan.proposal-approved',
          entityType: 'instalment-plan',
          entityId: plan.id,
          customerId: customer.id,
          payload: { proposalId, planId: plan.id },
        },
      ],
      ctx.now(),
    );
    return plan;
  });
}

export const rejectProposalSchema = z.object({
  reason: z.string().trim().min(1).max(1000).optional().describe('recorded in the event'),
});

/** Declines a proposal; the customer's claims are dunned as before. */
export async function rejectPlanProposal(
  ctx: ServiceContext,
  proposalId: number,
  raw: z.input<typeof rejectProposalSchema> = {},
): Promise<void> {
  const input = parseInput(rejectProposalSchema, raw, 'rejection');
  await ctx.db.transaction(async (tx) => {
    const row = await findPlanProposal(tx, ctx.tenantId, proposalId);
    if (!row) throw new AppError('not-found', `plan proposal ${proposalId} not found`);
    if (!(await deletePlanProposal(tx, ctx.tenantId, proposalId))) {
      throw new AppError('conflict', `plan proposal ${proposalId} was decided meanwhile`);
    }
    await completeTaskRow(tx, ctx.tenantId, proposalTerms(row).taskId, 'done', ctx.now());
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'instalment-plan.proposal-rejected',
          entityType: 'customer',
          entityId: row.customerId,
          customerId: row.customerId,
          payload: {
            proposalId,
            reason: input.reason ?? null,
            // What the customer proposed, for the portal's "not accepted" line (the row is deleted).
            proposedOn: row.agreedOn,
            months: proposalTerms(row).months,
            totalCents: proposalTerms(row).totalCents,
          },
        },
      ],
      ctx.now(),
    );
  });
}
