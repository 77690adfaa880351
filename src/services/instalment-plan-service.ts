/**
 * @module instalment-plan-service
 * Instalment plans (Ratenzahlungsvereinbarungen) for one or several claims of a customer. The plan
 * covers what the claim statement says the claims come to on the agreement day — principal, costs,
 * the flat fee and interest, each claim explained — split into a down payment and instalments
 * that add up to it to the cent. While the plan is active its claims are not dunned.
 *
 * Interest may be agreed (a yearly rate, business customers only): each instalment then carries
 * the interest on the principal still open since the previous one (instalment-schedule.ts), the
 * schedule adds up to the claims plus that interest, and the interest is demanded on the claims
 * (in proportion to their principal) so that payments reach it before the principal (§ 367 BGB).
 * The rate, the day count and the interest of each instalment are kept in the plan's `terms`.
 *
 * Every day (the dunning run calls `checkInstalmentPlans` first, `mahnwerk plan check` does it by
 * hand) the payments booked on the plan's claims since the agreement are laid over the schedule:
 * all covered — the plan is completed; an instalment still not covered `graceDays` after its due
 * date — the plan accelerates (the whole remaining balance is due) and dunning resumes from that
 * day at the stage the policy names. Both are events on the customer's timeline. An active plan's
 * open instalments are reminded by e-mail `reminderDaysBefore` days ahead (once each: the outbox
 * dedupe key); a customer without an e-mail address gets no reminder — the signed agreement lists
 * every due date, and a missed instalment is caught by the grace period.
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
import { outbox } from '../db/schema.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import type { DayCountConvention } from '../domain/day-count.ts';
import { isDomainError } from '../domain/domain-error.ts';
import {
  type CoveredInstalment,
  instalmentsToRemind,
  MAX_REMINDER_DAYS,
  type PlanStanding,
  planStanding,
} from '../domain/instalment-plan.ts';
import { splitIntoInstalments } from '../domain/instalment-schedule.ts';
import { Money, parseAmount } from '../domain/money.ts';
import { formatPercent } from '../domain/percent.ts';
import { calendarDateSchema, percentSchema } from '../domain/schema-types.ts';
import { type AgreementClaim, renderInstalmentAgreementPdf } from '../documents/instalment-agreement-pdf.ts';
import type { InvoiceDocumentCustomer } from '../documents/invoice-pdf.ts';
import { paymentReferenceOf } from '../documents/notice-pdf.ts';
import { AppError } from './app-error.ts';
import { statementOf } from './claim-statement-service.ts';
import { type CompanyProfile, getCompanyProfile } from './company-service.ts';
import { findCustomerOrFail } from './customer-service.ts';
import { documentCustomer } from './document-service.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

/** Days before a due date the customer is reminded when the plan does not say. */
export const DEFAULT_REMINDER_DAYS = 5;

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
    /** Agreed interest in per cent a year on the principal still open, e.g. "5" or "4.5". */
    interestRatePercent: percentSchema.optional(),
    /** Days before each due date the customer is reminded by e-mail; null: no reminders. */
    reminderDaysBefore: z
      .number()
      .int()
      .min(0)
      .max(MAX_REMINDER_DAYS)
      .nullable()
      .default(DEFAULT_REMINDER_DAYS),
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

/** The interest a plan agreed, as its `terms` keep it. */
interface PlanInterestTerms {
  /** Per cent a year, e.g. "5.00". */
  ratePercent: string;
  dayCount: DayCountConvention;
  /** The principal of the claims: the part of the balance that bears interest. */
  principalCents: number;
  /** The interest of all instalments together. */
  totalCents: number;
  byInstalment: { number: number; cents: number }[];
}

/** What the plan stored about itself when it was agreed (the `terms` column). */
interface PlanTerms {
  currency: string;
  /** What the claims came to on the agreement day (agreed interest not included). */
  totalCents: number;
  graceDays: number;
  rhythm: { months: number } | { days: number };
  claims: AgreementClaim[];
  /** Absent in plans agreed before reminders: the default applies. */
  reminderDaysBefore?: number | null;
  /** Absent or null: no interest agreed. */
  interest?: PlanInterestTerms | null;
}

export interface PlanInstalment extends CoveredInstalment {
  /** The agreed interest in `amountCents` (0 without). */
  interestCents: number;
}

export interface DueInstalment {
  number: number;
  dueDate: CalendarDate;
  /** What is still open of it. */
  openCents: number;
}

/** Where the plan stands on `asOf` by its schedule and the payments (the stored status follows the daily check). */
export interface PlanStandingView {
  asOf: CalendarDate;
  status: PlanStanding['status'];
  /** The next instalment not yet covered. */
  next: DueInstalment | null;
  /** The instalment not covered by the end of its grace period (accelerated only). */
  missed: DueInstalment | null;
  acceleratedOn: CalendarDate | null;
}

/** A plan agreed with the customer; a customer's proposal (`proposed`, portal-plan-service) is none yet. */
export type AgreedPlanStatus = Exclude<PlanStatus, 'proposed'>;
type AgreedPlanRow = InstalmentPlanRow & { status: AgreedPlanStatus };
const AGREED_PLAN_STATUSES: readonly AgreedPlanStatus[] = ['active', 'completed', 'accelerated', 'cancelled'];

function isAgreed(plan: InstalmentPlanRow): plan is AgreedPlanRow {
  return plan.status !== 'proposed';
}

export interface InstalmentPlanView {
  id: number;
  customerId: number;
  customerNumber: string;
  customerName: string;
  /** Where reminders go; null: the customer gets none. */
  customerEmail: string | null;
  status: AgreedPlanStatus;
  agreedOn: CalendarDate;
  closedOn: CalendarDate | null;
  currency: string;
  /** What the claims came to on the agreement day. */
  claimsCents: number;
  interest: { ratePercent: string; dayCount: DayCountConvention; totalCents: number } | null;
  /** The whole schedule: the claims plus the agreed interest. */
  totalCents: number;
  paidCents: number;
  openCents: number;
  graceDays: number;
  reminderDaysBefore: number | null;
  claims: AgreementClaim[];
  instalments: PlanInstalment[];
  standing: PlanStandingView;
}

export type InstalmentPlanSummary = Omit<InstalmentPlanView, 'claims' | 'instalments' | 'customerEmail'> & {
  instalmentCount: number;
};

/** A DomainError of the schedule as a validation error naming the field of the input. */
function scheduleError(error: unknown): unknown {
  if (!isDomainError(error)) return error;
  const field = (path: string | undefined) =>
    path === 'interest.rate' ? 'interestRatePercent' : path === 'total' ? 'invoiceNumbers' : (path ?? '');
  const message = error.message.replace(/^interest\.rate:/, 'interestRatePercent:');
  return new AppError('validation', message, {
    issues: [{ path: field(error.path), message: message.replace(/^[\w.]+: /, '') }],
    cause: error,
  });
}

function invalid(path: string, message: string, code: 'validation' | 'conflict' = 'validation'): AppError {
  return new AppError(code, `${path}: ${message}`, { issues: [{ path, message }] });
}

export async function createInstalmentPlan(
  ctx: ServiceContext,
  raw: InstalmentPlanInput,
): Promise<InstalmentPlanView> {
  const input = parseInput(instalmentPlanInputSchema, raw, 'instalment plan');
  const customer = await findCustomerOrFail(ctx.db, ctx.tenantId, input.customerNumber);
  if (input.interestRatePercent && customer.debtorKind === 'consumer') {
    // Interest for deferring a consumer's debt makes the plan a consumer credit (entgeltlicher
    // Zahlungsaufschub, § 506 Abs. 1 BGB) with its own form, information and withdrawal rules.
    throw invalid(
      'interestRatePercent',
      `customer ${customer.number} is a consumer: a plan with interest would be a consumer credit (§ 506 BGB); agree it without interest`,
    );
  }
  const statement = await statementOf(ctx, customer, input.agreedOn);
  const wanted = input.invoiceNumbers ?? statement.items.map((i) => i.invoiceNumber);
  if (wanted.length === 0) {
    throw invalid('invoiceNumbers', `customer ${customer.number} has no open claims for a plan`);
  }
  const items = wanted.map((number, i) => {
    const item = statement.items.find((s) => s.invoiceNumber === number);
    if (!item) {
      throw invalid(
        `invoiceNumbers.${i}`,
        `${number} is not an open claim of customer ${customer.number} on ${input.agreedOn}`,
      );
    }
    return item;
  });
  const invoiceIds = await invoiceIdsOf(ctx, customer.id, wanted);
  const held = await planHoldsOf(ctx.db, ctx.tenantId, invoiceIds);
  const busy = wanted.filter((_, i) => held.get(invoiceIds[i] as number)?.status === 'active');
  if (busy.length > 0) {
    throw invalid('invoiceNumbers', `${busy.join(', ')} already in an active instalment plan`, 'conflict');
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
  const principalCents = claims.reduce((sum, c) => sum + c.openPrincipalCents, 0);
  const dayCount: DayCountConvention = 'act/365';
  let schedule: ReturnType<typeof splitIntoInstalments>;
  try {
    schedule = splitIntoInstalments({
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
      ...(input.interestRatePercent
        ? {
            interest: {
              rate: input.interestRatePercent,
              from: input.agreedOn,
              principal: Money.of(principalCents, currency),
              dayCount,
            },
          }
        : {}),
    });
  } catch (error) {
    throw scheduleError(error);
  }
  const interestCents = schedule.reduce((sum, i) => sum + (i.interest?.minor ?? 0), 0);
  const interest: PlanInterestTerms | null = input.interestRatePercent
    ? {
        ratePercent: formatPercent(input.interestRatePercent),
        dayCount,
        principalCents,
        totalCents: interestCents,
        byInstalment: schedule.map((i) => ({ number: i.number, cents: i.interest?.minor ?? 0 })),
      }
    : null;
  // The agreed interest is demanded on the claims in proportion to their principal, so that
  // payments reach it before the principal (§ 367 BGB) and the plan completes when all is paid.
  const interestShares =
    interestCents > 0 && principalCents > 0
      ? Money.of(interestCents, currency)
          .allocate(claims.map((c) => c.openPrincipalCents))
          .map((m) => m.minor)
      : claims.map(() => 0);
  const terms: PlanTerms = {
    currency,
    totalCents,
    graceDays: input.graceDays,
    rhythm: input.rhythm,
    claims,
    reminderDaysBefore: input.reminderDaysBefore,
    interest,
  };
  const plan = await ctx.db.transaction(async (tx) => {
    for (const [i, item] of items.entries()) {
      if (item.flatFeeCents > 0) {
        await chargeFlatFee(tx, ctx.tenantId, invoiceIds[i] as number, item.flatFeeCents, ctx.now());
      }
    }
    const row = await insertInstalmentPlan(
      tx,
      { tenantId: ctx.tenantId, customerId: customer.id, agreedOn: input.agreedOn, terms: { ...terms } },
      // Interest demanded on the claim: all default interest to the agreement day (what was paid of
      // it counts against it), plus its share of the agreed interest.
      items.map((item, i) => ({
        invoiceId: invoiceIds[i] as number,
        interestCents: item.interestCents + (interestShares[i] as number),
      })),
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
            reminderDaysBefore: input.reminderDaysBefore,
            ...(interest
              ? { interestRatePercent: interest.ratePercent, interestCents: interest.totalCents }
              : {}),
            instalments: schedule.map((i) => ({
              number: i.number,
              dueDate: i.dueDate,
              amountCents: i.amount.minor,
              ...(i.interest ? { interestCents: i.interest.minor } : {}),
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

function todayOf(ctx: ServiceContext): CalendarDate {
  return ctx.now().toISOString().slice(0, 10) as CalendarDate;
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
  if (!found || !isAgreed(found.plan)) throw new AppError('not-found', `instalment plan ${id} not found`);
  const customer = await findCustomerById(ctx.db, ctx.tenantId, found.plan.customerId);
  if (!customer) throw new AppError('not-found', `customer of instalment plan ${id} not found`);
  const day = asOf ?? todayOf(ctx);
  const paid = (await paidTowardsPlans(ctx.db, ctx.tenantId, [id], day)).get(id) ?? 0;
  return { view: standingOf(found.plan, customer, found.schedule, paid, day).view, customer };
}

function termsOf(plan: InstalmentPlanRow): PlanTerms {
  return plan.terms as unknown as PlanTerms;
}

function dueOf(instalment: CoveredInstalment): DueInstalment {
  return {
    number: instalment.number,
    dueDate: instalment.dueDate,
    openCents: instalment.amountCents - instalment.paidCents,
  };
}

/** Where the plan stands on `day`, and the view of it that reports and documents show. */
function standingOf(
  plan: AgreedPlanRow,
  customer: { number: string; name: string; email: string | null },
  schedule: readonly { number: number; dueDate: string; amountCents: number }[],
  paidCents: number,
  day: CalendarDate,
): { view: InstalmentPlanView; standing: PlanStanding } {
  const terms = termsOf(plan);
  const standing = planStanding({
    instalments: schedule.map((i) => ({ ...i, dueDate: i.dueDate as CalendarDate })),
    paidCents,
    today: day,
    graceDays: terms.graceDays,
  });
  const interestOf = new Map((terms.interest?.byInstalment ?? []).map((i) => [i.number, i.cents]));
  const interestCents = terms.interest?.totalCents ?? 0;
  const view: InstalmentPlanView = {
    id: plan.id,
    customerId: plan.customerId,
    customerNumber: customer.number,
    customerName: customer.name,
    customerEmail: customer.email,
    status: plan.status,
    agreedOn: plan.agreedOn as CalendarDate,
    closedOn: plan.closedOn as CalendarDate | null,
    currency: terms.currency,
    claimsCents: terms.totalCents,
    interest: terms.interest
      ? {
          ratePercent: terms.interest.ratePercent,
          dayCount: terms.interest.dayCount,
          totalCents: interestCents,
        }
      : null,
    totalCents: terms.totalCents + interestCents,
    paidCents,
    openCents: standing.openCents,
    graceDays: terms.graceDays,
    reminderDaysBefore: reminderDaysOf(terms),
    claims: terms.claims,
    instalments: standing.instalments
      .map((i) => ({ ...i, interestCents: interestOf.get(i.number) ?? 0 }))
      .sort((a, b) => a.number - b.number),
    standing: {
      asOf: day,
      status: standing.status,
      next: standing.status === 'active' ? dueOf(standing.next) : null,
      missed: standing.status === 'accelerated' ? dueOf(standing.missed) : null,
      acceleratedOn: standing.status === 'accelerated' ? standing.acceleratedOn : null,
    },
  };
  return { view, standing };
}

function reminderDaysOf(terms: PlanTerms): number | null {
  return terms.reminderDaysBefore === undefined ? DEFAULT_REMINDER_DAYS : terms.reminderDaysBefore;
}

export interface ListPlansFilter {
  customerNumber?: string;
  customerId?: number;
  statuses?: readonly PlanStatus[];
  /** Newest first: only plans with a smaller id (the cursor of the previous page). */
  beforeId?: number;
  /** At most this many (default and most: 200). */
  limit?: number;
}

/**
 * The plans, newest first, each with what was paid and what is open as of `asOf` (default today)
 * and the next instalment due.
 */
export async function listPlans(
  ctx: ServiceContext,
  filter: ListPlansFilter = {},
  asOf?: CalendarDate,
): Promise<InstalmentPlanSummary[]> {
  const customerId = filter.customerNumber
    ? (await findCustomerOrFail(ctx.db, ctx.tenantId, filter.customerNumber)).id
    : filter.customerId;
  const rows = (
    await listInstalmentPlans(ctx.db, ctx.tenantId, {
      ...(customerId !== undefined ? { customerId } : {}),
      statuses: filter.statuses ?? AGREED_PLAN_STATUSES,
    })
  )
    .filter((r) => filter.beforeId === undefined || r.plan.id < filter.beforeId)
    .slice(0, Math.min(filter.limit ?? 200, 200));
  const day = asOf ?? todayOf(ctx);
  const paid = await paidTowardsPlans(
    ctx.db,
    ctx.tenantId,
    rows.map((r) => r.plan.id),
    day,
  );
  const summaries: InstalmentPlanSummary[] = [];
  for (const { plan, customerNumber, customerName } of rows) {
    const found = await findInstalmentPlan(ctx.db, ctx.tenantId, plan.id);
    if (!found || !isAgreed(plan)) continue;
    const { view } = standingOf(
      plan,
      { number: customerNumber, name: customerName, email: null },
      found.schedule,
      paid.get(plan.id) ?? 0,
      day,
    );
    const { claims: _claims, instalments, customerEmail: _email, ...summary } = view;
    summaries.push({ ...summary, instalmentCount: instalments.length });
  }
  return summaries;
}

export interface PlanCheck {
  completed: number;
  accelerated: number;
}

/** Decides the active plans on `today`: completed, accelerated, or still running. */
export async function checkInstalmentPlans(ctx: ServiceContext, today: CalendarDate): Promise<PlanCheck> {
  const { completed, accelerated } = await decideInstalmentPlans(ctx, today);
  return { completed, accelerated };
}

/**
 * What `checkInstalmentPlans` does, with the count of e-mail reminders it queued: for every plan
 * still running, the open instalments falling due within its reminder days (once each).
 */
export async function decideInstalmentPlans(
  ctx: ServiceContext,
  today: CalendarDate,
): Promise<PlanCheck & { reminders: number }> {
  const result = { completed: 0, accelerated: 0, reminders: 0 };
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
    if (!found || !isAgreed(plan)) continue;
    const { view, standing } = standingOf(
      plan,
      { number: customerNumber, name: customerName, email: null },
      found.schedule,
      paid.get(plan.id) ?? 0,
      today,
    );
    if (standing.status === 'active') {
      result.reminders += await queueReminders(ctx, plan, standing.instalments, today);
      continue;
    }
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

/** The outbox payload of an instalment reminder. */
export interface InstalmentReminderPayload {
  type: 'instalment-reminder';
  planId: number;
  customerId: number;
  instalment: number;
  dueDate: CalendarDate;
  /** Open of the instalment when the reminder was queued; the e-mail says what is open when it leaves. */
  amountCents: number;
}

export function isInstalmentReminderPayload(payload: unknown): payload is InstalmentReminderPayload {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    (payload as { type?: unknown }).type === 'instalment-reminder' &&
    typeof (payload as { planId?: unknown }).planId === 'number' &&
    typeof (payload as { instalment?: unknown }).instalment === 'number'
  );
}

/** Queues the e-mail reminders due on `today` for one running plan; returns how many were new. */
async function queueReminders(
  ctx: ServiceContext,
  plan: InstalmentPlanRow,
  instalments: readonly CoveredInstalment[],
  today: CalendarDate,
): Promise<number> {
  const daysBefore = reminderDaysOf(termsOf(plan));
  if (daysBefore === null) return 0;
  const due = instalmentsToRemind({
    instalments,
    today,
    daysBefore,
    agreedOn: plan.agreedOn as CalendarDate,
  });
  if (due.length === 0) return 0;
  const customer = await findCustomerById(ctx.db, ctx.tenantId, plan.customerId);
  if (!customer?.email) return 0;
  let queued = 0;
  for (const instalment of due) {
    const payload: InstalmentReminderPayload = {
      type: 'instalment-reminder',
      planId: plan.id,
      customerId: plan.customerId,
      instalment: instalment.number,
      dueDate: instalment.dueDate,
      amountCents: instalment.amountCents - instalment.paidCents,
    };
    const added = await ctx.db.transaction(async (tx) => {
      // The dedupe key makes it once per instalment, however often the check runs.
      const [row] = await tx
        .insert(outbox)
        .values({
          tenantId: ctx.tenantId,
          kind: 'email',
          noticeId: null,
          dedupeKey: `instalment-plan:${plan.id}:${instalment.number}:reminder`,
          payload: { ...payload },
        })
        .onConflictDoNothing()
        .returning({ id: outbox.id });
      if (!row) return false;
      await appendEvents(
        tx,
        ctx.tenantId,
        ctx.actor,
        [
          {
            type: 'instalment-plan.reminder-queued',
            entityType: 'instalment-plan',
            entityId: plan.id,
            customerId: plan.customerId,
            payload: {
              instalment: instalment.number,
              dueDate: instalment.dueDate,
              amountCents: payload.amountCents,
              recipient: customer.email,
              outboxId: row.id,
            },
          },
        ],
        ctx.now(),
      );
      return true;
    });
    if (added) queued += 1;
  }
  return queued;
}

/** What an instalment reminder e-mail says, as of the day it leaves. */
export interface InstalmentReminderDocument {
  company: CompanyProfile;
  customer: InvoiceDocumentCustomer;
  email: string | null;
  planId: number;
  agreedOn: CalendarDate;
  currency: string;
  instalment: DueInstalment & { of: number };
  /** The plan's balance still open. */
  openCents: number;
  /** RF creditor reference, or else the text for the transfer. */
  reference: string | null;
  text: string | null;
  /** Why it need not go out any more (paid meanwhile, plan ended); null: send it. */
  obsolete: string | null;
}

/** Loads what the reminder of instalment `number` of plan `planId` says on `asOf`. */
export async function loadInstalmentReminder(
  ctx: ServiceContext,
  planId: number,
  number: number,
  asOf: CalendarDate,
): Promise<InstalmentReminderDocument> {
  const { view, customer } = await loadPlan(ctx, planId, asOf);
  const instalment = view.instalments.find((i) => i.number === number);
  if (!instalment) throw new AppError('not-found', `instalment ${number} of plan ${planId} not found`);
  const open = instalment.amountCents - instalment.paidCents;
  const obsolete =
    view.status !== 'active'
      ? `the plan is ${view.status}`
      : open <= 0
        ? `instalment ${number} is paid`
        : null;
  const { reference, text } = paymentReferenceOf(
    view.customerNumber,
    view.claims.map((c) => c.invoiceNumber),
  );
  return {
    company: await getCompanyProfile(ctx),
    customer: documentCustomer(customer),
    email: customer.email,
    planId,
    agreedOn: view.agreedOn,
    currency: view.currency,
    instalment: {
      number,
      dueDate: instalment.dueDate,
      openCents: Math.max(0, open),
      of: view.instalments.filter((i) => i.number > 0).length,
    },
    openCents: view.openCents,
    reference,
    text,
    obsolete,
  };
}

/** Ends an active plan by agreement; its claims are dunned again from the next run on. */
export async function cancelInstalmentPlan(
  ctx: ServiceContext,
  id: number,
  reason: string,
  on: CalendarDate,
): Promise<void> {
  if (reason.trim() === '') throw invalid('reason', 'say why the plan is cancelled');
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
      claimsCents: view.claimsCents,
      totalCents: view.totalCents,
      graceDays: view.graceDays,
      interest: view.interest,
    },
    claims: view.claims,
    schedule: view.instalments,
  });
}
