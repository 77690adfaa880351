/**
 * @module instalment-plan-service
 * Instalment plans (Ratenzahlungsvereinbarungen) for one or several claims of a customer. The plan
 * covers what the claim statement says the claims come to on the agreement day — principal, costs,
 * the flat fee and interest, each claim explained — split into a down payment and instalments
 * that add up to it to the cent. While the plan is active its claims are not dunned.
 *
 * Every day (the dunning run calls `checkInstalmentPlans` first, `mahnwerk plan check` does it by
 * hand) the payments booked on the plan's claims since the agreement are laid over the schedule:
 * all covered — the plan is completed; an instalment still not covered `graceDays` after its due
 * date — the plan accelerates (the whole remaining balance is due) and dunning resumes from that
 * day at the stage the policy names. Both are events on the customer's timeline.
 */
import { z } from 'zod';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import {
  chargeFlatFee,
  closeInstalmentPlan,
  findInstalmentPlan,
  type InstalmentPlanRow,
  insertInstalmentPlan,
  listInstalmentPlans,
  paidTowardsPlans,
  planHoldsOf,
  type PlanStatus,
} from '../db/instalment-plan-repository.ts';
import { type CustomerRow, findCustomerById } from '../db/customer-repository.ts';
import { invoicesOfCustomer } from '../db/invoice-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { type CoveredInstalment, type PlanStanding, planStanding } from '../domain/instalment-plan.ts';
import { splitIntoInstalments } from '../domain/instalment-schedule.ts';
import { Money, parseAmount } from '../domain/money.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { type AgreementClaim, renderInstalmentAgreementPdf } from '../documents/instalment-agreement-pdf.ts';
import { AppError } from './app-error.ts';
import { statementOf } from './claim-statement-service.ts';
import { getCompanyProfile } from './company-service.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { documentCustomer } from './document-service.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

export const instalmentPlanInputSchema = z
  .object({
    customerNumber: z.string().min(1),
    /** The claims the plan covers; default: every open claim of the customer. */
    invoiceNumbers: z.array(z.string().min(1)).min(1).max(200).optional(),
    agreedOn: calendarDateSchema,
    /** A decimal amount like "150.00". */
    downPayment: z.string().min(1).optional(),
    /** Either the number of instalments … */
    count: z.number().int().min(1).max(120).optional(),
    /** … or the amount of each, as a decimal like "250.00" (the last one takes the rest). */
    amountPerInstalment: z.string().min(1).optional(),
    firstDueDate: calendarDateSchema,
    rhythm: z.union([
      z.object({ months: z.number().int().min(1).max(12) }),
      z.object({ days: z.number().int().min(1).max(90) }),
    ]),
    /** Days an instalment may be late before the whole balance falls due. */
    graceDays: z.number().int().min(0).max(90).default(14),
  })
  .refine((input) => (input.count === undefined) !== (input.amountPerInstalment === undefined), {
    message: 'give either count or amountPerInstalment',
    path: ['count'],
  })
  .refine((input) => input.firstDueDate >= input.agreedOn, {
    message: 'the first instalment cannot fall due before the agreement',
    path: ['firstDueDate'],
  });

export type InstalmentPlanInput = z.input<typeof instalmentPlanInputSchema>;

/** What the plan stored about itself when it was agreed (the `terms` column). */
interface PlanTerms {
  currency: string;
  totalCents: number;
  graceDays: number;
  rhythm: { months: number } | { days: number };
  claims: AgreementClaim[];
}

export interface InstalmentPlanView {
  id: number;
  customerNumber: string;
  customerName: string;
  status: PlanStatus;
  agreedOn: CalendarDate;
  closedOn: CalendarDate | null;
  currency: string;
  totalCents: number;
  paidCents: number;
  openCents: number;
  graceDays: number;
  claims: AgreementClaim[];
  instalments: CoveredInstalment[];
}

export async function createInstalmentPlan(
  ctx: ServiceContext,
  raw: InstalmentPlanInput,
): Promise<InstalmentPlanView> {
  const input = parseInput(instalmentPlanInputSchema, raw, 'instalment plan');
  const customer = await findCustomerOrFail(ctx.db, ctx.tenantId, input.customerNumber);
  const statement = await statementOf(ctx, customer, input.agreedOn);
  const wanted = input.invoiceNumbers ?? statement.items.map((i) => i.invoiceNumber);
  if (wanted.length === 0) {
    throw new AppError('validation', `customer ${customer.number} has no open claims for a plan`);
  }
  const items = wanted.map((number, i) => {
    const item = statement.items.find((s) => s.invoiceNumber === number);
    if (!item) {
      throw new AppError(
        'validation',
        `invoiceNumbers.${i}: ${number} is not an open claim of customer ${customer.number} on ${input.agreedOn}`,
      );
    }
    return item;
  });
  const invoiceIds = await invoiceIdsOf(ctx, customer.id, wanted);
  const held = await planHoldsOf(ctx.db, ctx.tenantId, invoiceIds);
  const busy = wanted.filter((_, i) => held.get(invoiceIds[i] as number)?.status === 'active');
  if (busy.length > 0) {
    throw new AppError('conflict', `invoiceNumbers: ${busy.join(', ')} already in an active instalment plan`);
  }
  const currency = 'EUR';
  const claims: AgreementClaim[] = items.map((item) => ({
    invoiceNumber: item.invoiceNumber,
    dueDate: item.dueDate,
    openPrincipalCents: item.openPrincipalCents,
    costsCents: item.openCostsCents + item.flatFeeCents,
    interestCents: Math.max(0, item.interestCents - item.interestPaidCents),
    totalCents: item.totalCents,
  }));
  const totalCents = claims.reduce((sum, c) => sum + c.totalCents, 0);
  const schedule = splitIntoInstalments({
    total: Money.of(totalCents, currency),
    firstDueDate: input.firstDueDate,
    rhythm: input.rhythm,
    ...(input.count !== undefined ? { count: input.count } : {}),
    ...(input.amountPerInstalment !== undefined
      ? { amountPerInstalment: parseAmount(input.amountPerInstalment, currency, 'amountPerInstalment') }
      : {}),
    ...(input.downPayment !== undefined
      ? {
          downPayment: parseAmount(input.downPayment, currency, 'downPayment'),
          downPaymentDate: input.agreedOn,
        }
      : {}),
  });
  const terms: PlanTerms = { currency, totalCents, graceDays: input.graceDays, rhythm: input.rhythm, claims };
  const plan = await ctx.db.transaction(async (tx) => {
    for (const [i, item] of items.entries()) {
      if (item.flatFeeCents > 0) {
        await chargeFlatFee(tx, ctx.tenantId, invoiceIds[i] as number, item.flatFeeCents, ctx.now());
      }
    }
    const row = await insertInstalmentPlan(
      tx,
      { tenantId: ctx.tenantId, customerId: customer.id, agreedOn: input.agreedOn, terms: { ...terms } },
      claims.map((claim, i) => ({ invoiceId: invoiceIds[i] as number, interestCents: claim.interestCents })),
      schedule.map((i) => ({ number: i.number, dueDate: i.dueDate, amountCents: i.amount.minor })),
    );
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'instalment-plan.agreed',
          entityType: 'instalment-plan',
          entityId: row.id,
          customerId: customer.id,
          payload: {
            invoiceNumbers: wanted,
            totalCents,
            flatFeesCharged: items.filter((i) => i.flatFeeCents > 0).map((i) => i.invoiceNumber),
            graceDays: input.graceDays,
            instalments: schedule.map((i) => ({
              number: i.number,
              dueDate: i.dueDate,
              amountCents: i.amount.minor,
            })),
          },
        },
      ],
      ctx.now(),
    );
    return row;
  });
  return getInstalmentPlan(ctx, plan.id, input.agreedOn);
}

async function invoiceIdsOf(
  ctx: ServiceContext,
  customerId: number,
  numbers: readonly string[],
): Promise<number[]> {
  const byNumber = new Map(
    (await invoicesOfCustomer(ctx.db, ctx.tenantId, customerId)).map((r) => [r.invoice.number, r.invoice.id]),
  );
  return numbers.map((n) => byNumber.get(n) as number);
}

/** A plan with its schedule covered by the payments up to `asOf` (default: today). */
export async function getInstalmentPlan(
  ctx: ServiceContext,
  id: number,
  asOf?: CalendarDate,
): Promise<InstalmentPlanView> {
  return (await loadPlan(ctx, id, asOf)).view;
}

/** The plan as of a day, with its customer's row (for documents). */
async function loadPlan(
  ctx: ServiceContext,
  id: number,
  asOf?: CalendarDate,
): Promise<{ view: InstalmentPlanView; customer: CustomerRow }> {
  const found = await findInstalmentPlan(ctx.db, ctx.tenantId, id);
  if (!found) throw new AppError('not-found', `instalment plan ${id} not found`);
  const customer = await findCustomerById(ctx.db, ctx.tenantId, found.plan.customerId);
  if (!customer) throw new AppError('not-found', `customer of instalment plan ${id} not found`);
  const day = asOf ?? (ctx.now().toISOString().slice(0, 10) as CalendarDate);
  const paid = (await paidTowardsPlans(ctx.db, ctx.tenantId, [id], day)).get(id) ?? 0;
  return { view: standingOf(found.plan, customer, found.schedule, paid, day).view, customer };
}

/** Where the plan stands on `day`, and the view of it that reports and documents show. */
function standingOf(
  plan: InstalmentPlanRow,
  customer: { number: string; name: string },
  schedule: readonly { number: number; dueDate: string; amountCents: number }[],
  paidCents: number,
  day: CalendarDate,
): { view: InstalmentPlanView; standing: PlanStanding } {
  const terms = plan.terms as unknown as PlanTerms;
  const standing = planStanding({
    instalments: schedule.map((i) => ({ ...i, dueDate: i.dueDate as CalendarDate })),
    paidCents,
    today: day,
    graceDays: terms.graceDays,
  });
  const view: InstalmentPlanView = {
    id: plan.id,
    customerNumber: customer.number,
    customerName: customer.name,
    status: plan.status,
    agreedOn: plan.agreedOn as CalendarDate,
    closedOn: plan.closedOn as CalendarDate | null,
    currency: terms.currency,
    totalCents: terms.totalCents,
    paidCents,
    openCents: standing.openCents,
    graceDays: terms.graceDays,
    claims: terms.claims,
    instalments: standing.instalments,
  };
  return { view, standing };
}

export async function listPlans(
  ctx: ServiceContext,
  filter: { customerNumber?: string; statuses?: readonly PlanStatus[] } = {},
): Promise<Omit<InstalmentPlanView, 'claims' | 'instalments' | 'paidCents' | 'openCents'>[]> {
  const customerId = filter.customerNumber
    ? (await findCustomerOrFail(ctx.db, ctx.tenantId, filter.customerNumber)).id
    : undefined;
  const rows = await listInstalmentPlans(ctx.db, ctx.tenantId, {
    ...(customerId !== undefined ? { customerId } : {}),
    ...(filter.statuses ? { statuses: filter.statuses } : {}),
  });
  return rows.map(({ plan, customerNumber, customerName }) => {
    const terms = plan.terms as unknown as PlanTerms;
    return {
      id: plan.id,
      customerNumber,
      customerName,
      status: plan.status,
      agreedOn: plan.agreedOn as CalendarDate,
      closedOn: plan.closedOn as CalendarDate | null,
      currency: terms.currency,
      totalCents: terms.totalCents,
      graceDays: terms.graceDays,
    };
  });
}

export interface PlanCheck {
  completed: number;
  accelerated: number;
}

/** Decides the active plans on `today`: completed, accelerated, or still running. */
export async function checkInstalmentPlans(ctx: ServiceContext, today: CalendarDate): Promise<PlanCheck> {
  const result: PlanCheck = { completed: 0, accelerated: 0 };
  const active = await listInstalmentPlans(ctx.db, ctx.tenantId, { statuses: ['active'] });
  if (active.length === 0) return result;
  const paid = await paidTowardsPlans(
    ctx.db,
    ctx.tenantId,
    active.map((r) => r.plan.id),
    today,
  );
  for (const { plan, customerNumber, customerName } of active) {
    const found = await findInstalmentPlan(ctx.db, ctx.tenantId, plan.id);
    if (!found) continue;
    const { view, standing } = standingOf(
      plan,
      { number: customerNumber, name: customerName },
      found.schedule,
      paid.get(plan.id) ?? 0,
      today,
    );
    if (standing.status === 'active') continue;
    const closedOn = standing.status === 'accelerated' ? standing.acceleratedOn : today;
    const event: NewEvent = {
      type: `instalment-plan.${standing.status}`,
      entityType: 'instalment-plan',
      entityId: plan.id,
      customerId: plan.customerId,
      payload: {
        paidCents: view.paidCents,
        openCents: standing.openCents,
        ...(standing.status === 'accelerated'
          ? {
              acceleratedOn: standing.acceleratedOn,
              missedInstalment: standing.missed.number,
              missedDueDate: standing.missed.dueDate,
              missedOpenCents: standing.missed.amountCents - standing.missed.paidCents,
            }
          : {}),
      },
    };
    const closed = await ctx.db.transaction(async (tx) => {
      if (!(await closeInstalmentPlan(tx, ctx.tenantId, plan.id, standing.status, closedOn))) return false;
      await appendEvents(tx, ctx.tenantId, ctx.actor, [event], ctx.now());
      return true;
    });
    if (closed) result[standing.status] += 1;
  }
  return result;
}

/** Ends an active plan by agreement; its claims are dunned again from the next run on. */
export async function cancelInstalmentPlan(
  ctx: ServiceContext,
  id: number,
  reason: string,
  on: CalendarDate,
): Promise<void> {
  if (reason.trim() === '') throw new AppError('validation', 'reason: say why the plan is cancelled');
  const found = await findInstalmentPlan(ctx.db, ctx.tenantId, id);
  if (!found) throw new AppError('not-found', `instalment plan ${id} not found`);
  await ctx.db.transaction(async (tx) => {
    if (!(await closeInstalmentPlan(tx, ctx.tenantId, id, 'cancelled', on))) {
      throw new AppError(
        'conflict',
        `instalment plan ${id} is ${found.plan.status}; only an active plan is cancelled`,
      );
    }
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'instalment-plan.cancelled',
          entityType: 'instalment-plan',
          entityId: id,
          customerId: found.plan.customerId,
          payload: { reason: reason.trim() },
        },
      ],
      ctx.now(),
    );
  });
}

/** The agreement as a letter to sign, with the schedule as it stands on `asOf`. */
export async function instalmentAgreementPdf(
  ctx: ServiceContext,
  id: number,
  asOf?: CalendarDate,
): Promise<Uint8Array> {
  const { view, customer } = await loadPlan(ctx, id, asOf);
  return renderInstalmentAgreementPdf({
    company: await getCompanyProfile(ctx),
    customer: documentCustomer(customer),
    plan: {
      id: view.id,
      agreedOn: view.agreedOn,
      currency: view.currency,
      totalCents: view.totalCents,
      graceDays: view.graceDays,
    },
    claims: view.claims,
    schedule: [...view.instalments].sort((a, b) => a.number - b.number),
  });
}
