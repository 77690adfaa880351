/**
 * @module dunning-run-service
 * The daily dunning run of a tenant for a date: loads the facts set-wise in batches of customers,
 * lets the domain core decide (`evaluateDunning`), and writes the proposals — notices, items with
 * their fee and interest snapshot — and their events in one transaction per batch. One run per
 * tenant at a time across processes (advisory lock). Idempotent: a second run on the same date
 * finds every claim either waiting for approval or waiting for its next stage and creates nothing;
 * after skipped days a claim moves one stage only. With `approval: automatic` in the policy the
 * notices are approved (and queued for delivery) at once.
 */
import { refreshStatistics } from '../db/database.ts';
import type { Database } from '../db/database.ts';
import { findCustomersByIds } from '../db/customer-repository.ts';
import {
  countCustomersWithOpenClaims,
  customersWithOpenClaims,
  finishRun,
  insertRun,
  noticeHistoryOf,
  openClaimsOfCustomers,
} from '../db/dunning-repository.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import { disputesOf, openPromisesOf } from '../db/hold-repository.ts';
import { planHoldsOf } from '../db/instalment-plan-repository.ts';
import { caseHoldsOf } from '../db/collection-repository.ts';
import { pendingDirectDebitsOf } from '../db/sepa-repository.ts';
import { insertNotices, type NewNoticeItemRow, type NewNoticeRow } from '../db/notice-repository.ts';
import { principalPaymentsOf } from '../db/payment-repository.ts';
import { findTenantById, latestPolicies } from '../db/tenant-repository.ts';
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import type { DayCountConvention } from '../domain/day-count.ts';
import { type DunningChannel, type DunningPolicy, validateDunningPolicy } from '../domain/dunning-policy.ts';
import {
  type ClaimFacts,
  type CustomerEvaluation,
  type CustomerFacts,
  evaluateDunning,
  type NoticeProposal,
} from '../domain/evaluate-dunning.ts';
import { Money } from '../domain/money.ts';
import { formatPercent } from '../domain/percent.ts';
import { AppError } from './app-error.ts';
import { type PromiseSettlement, settlePromises } from './hold-service.ts';
import { decideInstalmentPlans, type PlanCheck } from './instalment-plan-service.ts';
import { approveNoticesInTransaction } from './notice-service.ts';
import type { ServiceContext } from './service-context.ts';

export interface RunDunningOptions {
  date: CalendarDate;
  dryRun?: boolean;
  /** Customers per batch (one transaction each). */
  batchSize?: number;
  /** Customers evaluated so far, of all customers with open claims. */
  onProgress?: (done: number, total: number) => void;
}

export interface StageSummary {
  notices: number;
  claims: number;
  amountCents: number;
}

export interface DunningRunResult {
  runId: number | null;
  date: CalendarDate;
  dryRun: boolean;
  notices: number;
  claims: number;
  amountCents: number;
  byStage: Record<string, StageSummary>;
  heldBack: Record<string, number>;
  approvedAutomatically: number;
  /** Promises to pay decided before the run (kept, broken); none on a dry run. */
  promises: PromiseSettlement;
  /** Instalment plans decided before the run (completed, accelerated); none on a dry run. */
  plans: PlanCheck;
  /** E-mail reminders of upcoming instalments queued before the run (once per instalment); none on a dry run. */
  instalmentReminders: number;
}

export interface LoadedPolicy {
  key: string;
  version: number;
  policy: DunningPolicy;
}

/**
 * Validated policies by their stored document: a version never changes, and validating (zod,
 * defaults, stage checks) on every invoice page and every run was a good part of their time.
 */
const validatedPolicies = new Map<string, DunningPolicy>();

function validatedPolicy(document: Record<string, unknown>): DunningPolicy {
  const key = JSON.stringify(document);
  let policy = validatedPolicies.get(key);
  if (!policy) {
    policy = validateDunningPolicy(document).policy;
    if (validatedPolicies.size >= 1000) validatedPolicies.clear();
    validatedPolicies.set(key, policy);
  }
  return policy;
}

export async function loadPolicies(ctx: Pick<ServiceContext, 'db' | 'tenantId'>) {
  const rows = await latestPolicies(ctx.db, ctx.tenantId);
  const byKey = new Map<string, LoadedPolicy>();
  const byDebtorKind = new Map<string, LoadedPolicy>();
  for (const row of rows) {
    const policy = validatedPolicy(row.document);
    const loaded = { key: row.key, version: row.version, policy };
    byKey.set(row.key, loaded);
    if (row.defaultFor) byDebtorKind.set(row.defaultFor, loaded);
  }
  return { byKey, byDebtorKind };
}

function toClaimFacts(
  claim: Awaited<ReturnType<typeof openClaimsOfCustomers>>[number],
  history: Awaited<ReturnType<typeof noticeHistoryOf>>,
  payments: Awaited<ReturnType<typeof principalPaymentsOf>>,
  disputes: Awaited<ReturnType<typeof disputesOf>>,
  promisedUntil: CalendarDate | null,
  plan: { status: 'active' | 'accelerated'; closedOn: string | null } | undefined,
  handedOver: boolean,
  directDebitOn: CalendarDate | null,
): ClaimFacts {
  const money = (cents: number) => Money.of(cents, claim.currency);
  return {
    claimId: String(claim.invoiceId),
    invoiceNumber: claim.number,
    invoiceDate: claim.issuedOn as CalendarDate,
    dueDate: claim.dueDate as CalendarDate,
    dueDateFixedByCalendar: claim.dueDateFixedByCalendar,
    ...(claim.receivedOn ? { invoiceReceivedOn: claim.receivedOn as CalendarDate } : {}),
    invoiceCarriesThirtyDayNotice: claim.thirtyDayNotice,
    principal: money(claim.grossCents),
    principalPayments: payments.map((p) => ({
      date: p.effectiveOn as CalendarDate,
      amount: money(p.amountCents),
    })),
    flatFeeClaimed: claim.flatFeeClaimed,
    openCosts: money(claim.openCostsCents),
    interestPaid: money(claim.interestPaidCents),
    notices: history
      .filter((h) => h.status !== 'proposed')
      .map((h) => ({
        stageKey: h.stageKey,
        sentOn: h.issuedOn as CalendarDate,
        channel: h.channel as DunningChannel,
        paymentDeadline: h.paymentDeadline as CalendarDate | null,
        claimedFlatFee: h.flatFeeCents > 0,
      })),
    pendingProposal: history.some((h) => h.status === 'proposed'),
    // A dispute holds from its opening until the day before its resolution, or through its expiry.
    disputes: disputes.map((d) => ({
      from: d.openedOn as CalendarDate,
      to: (d.resolvedOn
        ? addDays(d.resolvedOn as CalendarDate, -1)
        : (d.expiresOn ?? null)) as CalendarDate | null,
    })),
    promisedUntil,
    inInstalmentPlan: plan?.status === 'active',
    planAcceleratedOn: plan?.status === 'accelerated' ? (plan.closedOn as CalendarDate | null) : null,
    handedOver,
    directDebitOn,
  };
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** The interest computation as stored with a notice item: basis, period and each segment. */
export function interestDetail(item: NoticeProposal['items'][number]): Record<string, unknown> | null {
  if (!item.interest) return null;
  return {
    rateBasis: item.interest.rateBasis,
    dayCount: item.interest.dayCount,
    from: item.interest.from,
    to: item.interest.to,
    segments: item.interest.segments.map((s) => ({
      from: s.from,
      to: s.to,
      days: s.days,
      yearFraction: s.yearFraction,
      baseRatePercent: s.baseRate === null ? null : formatPercent(s.baseRate),
      ratePercent: formatPercent(s.rate),
      principalCents: s.principal.minor,
      interestCents: s.interest.minor,
    })),
  };
}

export async function runDunning(
  ctx: ServiceContext,
  database: Pick<Database, 'tryLock'>,
  options: RunDunningOptions,
): Promise<DunningRunResult> {
  const release = await database.tryLock(`dunning-run:${ctx.tenantId}`);
  if (!release) {
    throw new AppError(
      'run-in-progress',
      `a dunning run for this company is already in progress in another process`,
    );
  }
  const dryRun = options.dryRun ?? false;
  const result: DunningRunResult = {
    runId: null,
    date: options.date,
    dryRun,
    notices: 0,
    claims: 0,
    amountCents: 0,
    byStage: {},
    heldBack: {},
    approvedAutomatically: 0,
    promises: { kept: 0, broken: 0, reminders: 0 },
    plans: { completed: 0, accelerated: 0 },
    instalmentReminders: 0,
  };
  try {
    const tenant = await findTenantById(ctx.db, ctx.tenantId);
    if (!tenant) throw new AppError('not-found', `tenant ${ctx.tenantId} not found`);
    const dayCount = (tenant.settings.dayCount as DayCountConvention | undefined) ?? 'act/365';
    const policies = await loadPolicies(ctx);
    if (!dryRun) {
      // A promise whose day has passed no longer holds its claim; the run says which were kept.
      result.promises = await settlePromises(ctx, options.date);
      // A broken plan's claims are dunned again in this very run, at the stage the policy names.
      // Plans still running remind the customer of an instalment falling due within its reminder days.
      const { reminders, ...plans } = await decideInstalmentPlans(ctx, options.date);
      result.plans = plans;
      result.instalmentReminders = reminders;
      result.runId = await insertRun(ctx.db, ctx.tenantId, options.date, ctx.actor);
    }
    const batchSize = options.batchSize ?? 1000;
    const total = options.onProgress ? await countCustomersWithOpenClaims(ctx.db, ctx.tenantId) : 0;
    let afterId = 0;
    let done = 0;
    for (;;) {
      const customerIds = await customersWithOpenClaims(ctx.db, ctx.tenantId, afterId, batchSize);
      if (customerIds.length === 0) break;
      afterId = customerIds.at(-1) as number;
      await runBatch(ctx, customerIds, {
        ...options,
        dryRun,
        dayCount,
        state: tenant.state,
        policies,
        result,
      });
      done += customerIds.length;
      options.onProgress?.(done, total);
    }
    if (result.runId !== null) await finishRun(ctx.db, ctx.tenantId, result.runId, 'finished', { ...result });
    // Thousands of new notices change the plans of the next run's history queries.
    if (result.notices >= 1000) await refreshStatistics(ctx.db, ['notices', 'notice_items', 'events']);
    return result;
  } catch (error) {
    if (result.runId !== null) {
      await finishRun(ctx.db, ctx.tenantId, result.runId, 'failed', {
        error: (error as Error).message,
      }).catch(() => undefined);
    }
    throw error;
  } finally {
    await release();
  }
}

/** The facts of these customers' open claims, grouped by the policy each customer is evaluated under. */
export async function loadCustomerFacts(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  customerIds: readonly number[],
  policies: Awaited<ReturnType<typeof loadPolicies>>,
): Promise<Map<LoadedPolicy, CustomerFacts[]>> {
  const { db, tenantId } = ctx;
  const [customers, claims] = await Promise.all([
    findCustomersByIds(db, tenantId, customerIds),
    openClaimsOfCustomers(db, tenantId, customerIds),
  ]);
  const invoiceIds = claims.map((c) => c.invoiceId);
  const [history, payments, disputes, promises, plans, cases, collections] = await Promise.all([
    noticeHistoryOf(db, tenantId, invoiceIds),
    principalPaymentsOf(db, tenantId, invoiceIds),
    disputesOf(db, tenantId, invoiceIds),
    openPromisesOf(db, tenantId, invoiceIds),
    planHoldsOf(db, tenantId, invoiceIds),
    caseHoldsOf(db, tenantId, invoiceIds),
    pendingDirectDebitsOf(db, tenantId, invoiceIds),
  ]);
  const historyBy = groupBy(history, (h) => h.invoiceId);
  const paymentsBy = groupBy(payments, (p) => p.invoiceId);
  const disputesBy = groupBy(disputes, (d) => d.invoiceId);
  const promisedUntilBy = new Map<number, CalendarDate>();
  for (const p of promises) {
    const current = promisedUntilBy.get(p.invoiceId);
    if (!current || p.payBy > current) promisedUntilBy.set(p.invoiceId, p.payBy as CalendarDate);
  }
  const claimsBy = groupBy(claims, (c) => c.customerId);

  // Customers are evaluated under their own policy: assigned, else the default for their debtor kind.
  const byPolicy = new Map<LoadedPolicy, CustomerFacts[]>();
  for (const customer of customers) {
    const loaded =
      (customer.dunningPolicyKey ? policies.byKey.get(customer.dunningPolicyKey) : undefined) ??
      policies.byDebtorKind.get(customer.debtorKind);
    if (!loaded) continue;
    const facts: CustomerFacts = {
      customerId: String(customer.id),
      debtorKind: customer.debtorKind,
      block: customer.blockReason
        ? { reason: customer.blockReason, until: customer.blockUntil as CalendarDate | null }
        : null,
      claims: (claimsBy.get(customer.id) ?? []).map((claim) =>
        toClaimFacts(
          claim,
          historyBy.get(claim.invoiceId) ?? [],
          paymentsBy.get(claim.invoiceId) ?? [],
          disputesBy.get(claim.invoiceId) ?? [],
          promisedUntilBy.get(claim.invoiceId) ?? null,
          plans.get(claim.invoiceId),
          cases.has(claim.invoiceId),
          (collections.get(claim.invoiceId) ?? null) as CalendarDate | null,
        ),
      ),
    };
    const list = byPolicy.get(loaded);
    if (list) list.push(facts);
    else byPolicy.set(loaded, [facts]);
  }
  return byPolicy;
}

async function runBatch(
  ctx: ServiceContext,
  customerIds: number[],
  options: RunDunningOptions & {
    dryRun: boolean;
    dayCount: DayCountConvention;
    state: string;
    policies: Awaited<ReturnType<typeof loadPolicies>>;
    result: DunningRunResult;
  },
): Promise<void> {
  const { db, tenantId } = ctx;
  const today = options.date;
  const byPolicy = await loadCustomerFacts(ctx, customerIds, options.policies);

  const toWrite: { loaded: LoadedPolicy; notice: NoticeProposal }[] = [];
  for (const [loaded, facts] of byPolicy) {
    const evaluations: CustomerEvaluation[] = evaluateDunning(loaded.policy, facts, {
      today,
      state: options.state,
      dayCount: options.dayCount,
    });
    for (const evaluation of evaluations) {
      for (const held of evaluation.heldBack) {
        options.result.heldBack[held.reason] = (options.result.heldBack[held.reason] ?? 0) + 1;
      }
      for (const notice of evaluation.notices) {
        toWrite.push({ loaded, notice });
        const stage = (options.result.byStage[notice.stageKey] ??= { notices: 0, claims: 0, amountCents: 0 });
        stage.notices += 1;
        stage.claims += notice.items.length;
        stage.amountCents += notice.total.minor;
        options.result.notices += 1;
        options.result.claims += notice.items.length;
        options.result.amountCents += notice.total.minor;
      }
    }
  }
  if (options.dryRun || toWrite.length === 0) return;

  await db.transaction(async (tx) => {
    const rows = toWrite.map(({ loaded, notice }) => ({
      notice: {
        tenantId,
        runId: options.result.runId,
        customerId: Number(notice.customerId),
        policyKey: loaded.key,
        policyVersion: loaded.version,
        stageKey: notice.stageKey,
        stageIndex: notice.stageIndex,
        channel: notice.channel,
        templateKey: notice.templateKey,
        issuedOn: notice.issuedOn,
        paymentDeadline: notice.paymentDeadline,
        status: 'proposed',
        currency: notice.total.currency,
        feeCents: notice.fee.minor,
        feeWaivedBecause: notice.feeWaivedBecause,
        totalCents: notice.total.minor,
        announcesEscalation: notice.announcesEscalation,
      } satisfies NewNoticeRow,
      items: notice.items.map((item): NewNoticeItemRow => ({
        tenantId,
        invoiceId: Number(item.claimId),
        openPrincipalCents: item.openPrincipal.minor,
        openCostsCents: item.openCosts.minor,
        interestCents: item.interest?.interest.minor ?? 0,
        interestPaidCents: item.interestPaid.minor,
        flatFeeCents: item.flatFee.minor,
        totalCents: item.total.minor,
        alreadyInDefault: item.alreadyInDefault,
        defaultStartsOn: item.defaultStartsOn,
        defaultReason: item.defaultReason,
        interestDetail: interestDetail(item),
        stageKey: item.stage?.key ?? null,
      })),
    }));
    const created = await insertNotices(tx, rows);
    const events: NewEvent[] = created.map((notice, i) => ({
      type: 'notice.proposed',
      entityType: 'notice',
      entityId: notice.id,
      customerId: notice.customerId,
      payload: {
        runId: options.result.runId,
        stageKey: notice.stageKey,
        policy: `${notice.policyKey}@${notice.policyVersion}`,
        issuedOn: notice.issuedOn,
        totalCents: notice.totalCents,
        feeCents: notice.feeCents,
        invoices: rows[i]?.items.map((item) => item.invoiceId),
      },
    }));
    await appendEvents(tx, tenantId, ctx.actor, events, ctx.now());
    const automatic = created
      .filter((_, i) => toWrite[i]?.loaded.policy.approval === 'automatic')
      .map((n) => n.id);
    if (automatic.length > 0) {
      options.result.approvedAutomatically += await approveNoticesInTransaction(tx, ctx, automatic);
    }
  });
}
