/**
 * @module dunning-run-service
 * The daily dunning run of a tenant for a date: loads the facts set-wise in batches of customers,
 * lets the domain core decide (`evaluateDunning`), and writes the proposals — notices, items with
 * their fee and interest snapshot — and their events in one transaction per batch. One run per
 * tenant at a time across processes (advisory lock). Idempotent: a second run on the same date
 * finds every claim either waiting for approval or waiting for its next stage and creates nothing;
 * after skipped days a claim moves one stage only. With `approval: automatic` in the policy the
 * notices are approved (and queued for delivery) at once.
 *
 * Faults (test/reliability): a batch loads, decides and writes in ONE transaction with the open
 * claims of its customers share-locked, so a payment booked meanwhile either commits first (the run
 * sees the claim paid) or waits for the batch and cancels its proposal — never a notice for a paid
 * claim. A run killed midway leaves committed batches and a run row in `running`; the next run
 * marks that row failed (it holds the lock, so no other run is alive) and proposes the rest.
 */
import { sql } from 'drizzle-orm';
import { refreshStatistics } from '../db/database.ts';
import type { Database, Db } from '../db/database.ts';
import { isAnyOf } from '../db/sql-arrays.ts';
import { type CustomerRow, findCustomersByIds } from '../db/customer-repository.ts';
import {
  countCustomersWithOpenClaims,
  customersWithOpenClaims,
  finishRun,
  insertRun,
  listRuns,
  noticeHistoryOf,
  openClaimsOfCustomers,
} from '../db/dunning-repository.ts';
import { appendEvents, type NewEvent } from '../db/event-store.ts';
import { disputesOf, openPromisesOf } from '../db/hold-repository.ts';
import { planHoldsOf } from '../db/instalment-plan-repository.ts';
import { caseHoldsOf } from '../db/collection-repository.ts';
import { pendingDirectDebitsOf } from '../db/sepa-repository.ts';
import { reportedPaymentHoldsOf } from '../db/portal-repository.ts';
import { expireReportedPayments } from './reported-payment-check.ts';
import { insertNotices, type NewNoticeItemRow, type NewNoticeRow } from '../db/notice-repository.ts';
import { principalPaymentsOf } from '../db/payment-repository.ts';
import { findTenantById, latestPolicies } from '../db/tenant-repository.ts';
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import type { DayCountConvention } from '../domain/day-count.ts';
import {
  type DunningChannel,
  type DunningPolicy,
  isPreDueStage,
  validateDunningPolicy,
} from '../domain/dunning-policy.ts';
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
      // A "paid already" whose hold ended with the invoice still open was not confirmed: dunning goes on.
      await ctx.db.transaction(async (tx) => {
        const expired = await expireReportedPayments(tx, ctx, options.date);
        await appendEvents(tx, ctx.tenantId, ctx.actor, expired, ctx.now());
      });
      // A broken plan's claims are dunned again in this very run, at the stage the policy names.
      // Plans still running remind the customer of an instalment falling due within its reminder days.
      const { reminders, ...plans } = await decideInstalmentPlans(ctx, options.date);
      result.plans = plans;
      result.instalmentReminders = reminders;
      await markInterruptedRuns(ctx);
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

/**
 * Runs left `running` by a process that stopped midway (killed, power lost) are marked failed: the
 * caller holds the run lock, so none of them is still alive. Their committed batches stay; this run
 * proposes what they did not get to.
 */
async function markInterruptedRuns(ctx: ServiceContext): Promise<void> {
  const recent = await listRuns(ctx.db, ctx.tenantId, { before: null, limit: 20 });
  for (const run of recent.filter((r) => r.status === 'running')) {
    await finishRun(ctx.db, ctx.tenantId, run.id, 'failed', {
      ...run.stats,
      error: 'interrupted: the process stopped during the run',
    });
  }
}

type PolicyCustomer = Pick<
  CustomerRow,
  'id' | 'debtorKind' | 'dunningPolicyKey' | 'blockReason' | 'blockUntil'
>;

/** The policy a customer is dunned under: the one assigned, else the default for the debtor kind. */
export function policyOfCustomer(
  customer: PolicyCustomer,
  policies: Awaited<ReturnType<typeof loadPolicies>>,
): LoadedPolicy | undefined {
  return (
    (customer.dunningPolicyKey ? policies.byKey.get(customer.dunningPolicyKey) : undefined) ??
    policies.byDebtorKind.get(customer.debtorKind)
  );
}

/** What the evaluation knows of a customer besides the claims. */
export function customerFactsOf(customer: PolicyCustomer): Omit<CustomerFacts, 'claims'> {
  return {
    customerId: String(customer.id),
    debtorKind: customer.debtorKind,
    block: customer.blockReason
      ? { reason: customer.blockReason, until: customer.blockUntil as CalendarDate | null }
      : null,
  };
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
  const [history, payments, disputes, promises, plans, cases, collections, reported] = await Promise.all([
    noticeHistoryOf(db, tenantId, invoiceIds),
    principalPaymentsOf(db, tenantId, invoiceIds),
    disputesOf(db, tenantId, invoiceIds),
    openPromisesOf(db, tenantId, invoiceIds),
    planHoldsOf(db, tenantId, invoiceIds),
    caseHoldsOf(db, tenantId, invoiceIds),
    pendingDirectDebitsOf(db, tenantId, invoiceIds),
    reportedPaymentHoldsOf(db, tenantId, invoiceIds),
  ]);
  const reportedPaidUntilBy = new Map<number, CalendarDate>();
  for (const r of reported) {
    const current = reportedPaidUntilBy.get(r.invoiceId);
    if (!current || r.holdUntil > current) reportedPaidUntilBy.set(r.invoiceId, r.holdUntil as CalendarDate);
  }
  const historyBy = groupBy(history, (h) => h.invoiceId);
  const paymentsBy = groupBy(payments, (p) => p.invoiceId);
  const disputesBy = groupBy(disputes, (d) => d.invoiceId);
  const promisedUntilBy = new Map<number, CalendarDate>();
  for (const p of promises) {
    const current = promisedUntilBy.get(p.invoiceId);
    if (!current || p.payBy > current) promisedUntilBy.set(p.invoiceId, p.payBy as CalendarDate);
  }
  const claimsBy = groupBy(claims, (c) => c.customerId);

  const byPolicy = new Map<LoadedPolicy, CustomerFacts[]>();
  for (const customer of customers) {
    const loaded = policyOfCustomer(customer, policies);
    if (!loaded) continue;
    const facts: CustomerFacts = {
      ...customerFactsOf(customer),
      claims: (claimsBy.get(customer.id) ?? []).map((claim) => ({
        ...toClaimFacts(
          claim,
          historyBy.get(claim.invoiceId) ?? [],
          paymentsBy.get(claim.invoiceId) ?? [],
          disputesBy.get(claim.invoiceId) ?? [],
          promisedUntilBy.get(claim.invoiceId) ?? null,
          plans.get(claim.invoiceId),
          cases.has(claim.invoiceId),
          (collections.get(claim.invoiceId) ?? null) as CalendarDate | null,
        ),
        reportedPaidUntil: reportedPaidUntilBy.get(claim.invoiceId) ?? null,
      })),
    };
    const list = byPolicy.get(loaded);
    if (list) list.push(facts);
    else byPolicy.set(loaded, [facts]);
  }
  return byPolicy;
}

/** The key statement-import-service locks an import with (`pg_advisory_xact_lock(tenant, 4711)`). */
const STATEMENT_IMPORT_LOCK = 4711;

/**
 * Share-locks the open claims of the batch's customers until the batch commits. A payment locks the
 * claims of its customer for update (payment-repository `lockOpenClaimsOfCustomer`), so it either
 * commits before the batch reads its facts or waits and then cancels the batch's proposal — the
 * same order (due date, id) as the payment's lock, so the two never deadlock. A statement import
 * books many customers in one transaction in another order: the batch waits for a running import
 * (the import's lock, shared) instead of interleaving with it.
 */
async function lockOpenClaimsOfBatch(tx: Db, tenantId: number, customerIds: readonly number[]) {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${tenantId}, ${STATEMENT_IMPORT_LOCK})`);
  await tx.execute(
    sql`select c.invoice_id from claim_states c join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
         where c.tenant_id = ${tenantId} and ${isAnyOf(sql`c.customer_id`, customerIds)}
           and (c.open_principal_cents > 0 or c.open_costs_cents > 0)
         order by i.due_date, i.id for share of c`,
  );
}

interface BatchDecision {
  toWrite: { loaded: LoadedPolicy; notice: NoticeProposal }[];
  heldBack: { reason: string; claims: number }[];
}

function decideBatch(
  byPolicy: Map<LoadedPolicy, CustomerFacts[]>,
  options: { date: CalendarDate; state: string; dayCount: DayCountConvention },
): BatchDecision {
  const decision: BatchDecision = { toWrite: [], heldBack: [] };
  for (const [loaded, facts] of byPolicy) {
    const evaluations: CustomerEvaluation[] = evaluateDunning(loaded.policy, facts, {
      today: options.date,
      state: options.state,
      dayCount: options.dayCount,
    });
    for (const evaluation of evaluations) {
      for (const held of evaluation.heldBack) decision.heldBack.push({ reason: held.reason, claims: 1 });
      for (const notice of evaluation.notices) decision.toWrite.push({ loaded, notice });
    }
  }
  return decision;
}

/**
 * "No reminder before the due date beside a dunning notice of the same day" (evaluate-dunning) also
 * holds across runs of one day: a second run — the rerun after a crash, or a person running again —
 * finds the first run's notice awaiting approval, and without this check would send the claims
 * held back beside it a reminder of their own. Such pre-due notices are dropped and counted as
 * held back.
 */
async function withoutPreDueBesideTodaysNotice(
  tx: Db,
  tenantId: number,
  today: CalendarDate,
  byPolicy: Map<LoadedPolicy, CustomerFacts[]>,
  decision: BatchDecision,
): Promise<BatchDecision> {
  const preDue = decision.toWrite.filter(({ loaded, notice }) => {
    const stage = loaded.policy.stages[notice.stageIndex];
    return stage !== undefined && isPreDueStage(stage);
  });
  if (preDue.length === 0) return decision;
  const customers = new Set(preDue.map(({ notice }) => notice.customerId));
  const claimsOf = new Map<string, { customerId: string; policy: DunningPolicy }>();
  for (const [loaded, facts] of byPolicy) {
    for (const customer of facts) {
      if (!customers.has(customer.customerId)) continue;
      for (const claim of customer.claims) {
        claimsOf.set(claim.claimId, { customerId: customer.customerId, policy: loaded.policy });
      }
    }
  }
  const history = await noticeHistoryOf(tx, tenantId, [...claimsOf.keys()].map(Number));
  const besideToday = new Set<string>();
  for (const row of history) {
    const claim = claimsOf.get(String(row.invoiceId));
    const stage = claim?.policy.stages.find((s) => s.key === row.stageKey);
    // A letter after the due date (not a phone task), as in evaluate-dunning.
    const isOverdueLetter = stage !== undefined && !isPreDueStage(stage) && stage.channel !== 'task';
    if (claim && row.issuedOn === today && isOverdueLetter) besideToday.add(claim.customerId);
  }
  if (besideToday.size === 0) return decision;
  const dropped = preDue.filter(({ notice }) => besideToday.has(notice.customerId));
  return {
    toWrite: decision.toWrite.filter((w) => !dropped.includes(w)),
    heldBack: [
      ...decision.heldBack,
      ...dropped.map(({ notice }) => ({ reason: 'beside-overdue-notice', claims: notice.items.length })),
    ],
  };
}

function tally(decision: BatchDecision, result: DunningRunResult): void {
  for (const held of decision.heldBack) {
    result.heldBack[held.reason] = (result.heldBack[held.reason] ?? 0) + held.claims;
  }
  for (const { notice } of decision.toWrite) {
    const stage = (result.byStage[notice.stageKey] ??= { notices: 0, claims: 0, amountCents: 0 });
    stage.notices += 1;
    stage.claims += notice.items.length;
    stage.amountCents += notice.total.minor;
    result.notices += 1;
    result.claims += notice.items.length;
    result.amountCents += notice.total.minor;
  }
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
  const { tenantId } = ctx;
  if (options.dryRun) {
    tally(decideBatch(await loadCustomerFacts(ctx, customerIds, options.policies), options), options.result);
    return;
  }
  // Facts, decision and proposals in one transaction, the claims locked: see lockOpenClaimsOfBatch.
  const decision = await ctx.db.transaction(async (tx) => {
    await lockOpenClaimsOfBatch(tx, tenantId, customerIds);
    const byPolicy = await loadCustomerFacts({ db: tx, tenantId }, customerIds, options.policies);
    const decided = await withoutPreDueBesideTodaysNotice(
      tx,
      tenantId,
      options.date,
      byPolicy,
      decideBatch(byPolicy, options),
    );
    const { toWrite } = decided;
    if (toWrite.length === 0) return decided;
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
    return decided;
  });
  tally(decision, options.result);
}
