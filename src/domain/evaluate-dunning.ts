/**
 * @module evaluate-dunning
 * The state of every claim is a pure function of its facts and today's date (Kill Bill's
 * overdue model): `evaluateDunning(policy, customers, context)` says, per customer, which claims
 * are due for which stage — consolidated into one letter per customer at the highest stage due, each
 * claim keeping its own stage — and, for each claim held back, why and until when.
 *
 * Rules that keep the process fair and consistent:
 * - A claim moves one stage at a time: after missed days only the next stage is proposed, never a
 *   burst. Only a reminder before the due date is dropped once the due date has come.
 * - The stage that creates default is never skipped.
 * - A new notice waits for the deadline of the previous one and for the policy's least gap.
 * - Interest, the flat fee and fees are charged only on claims already in default (§§286, 288 BGB),
 *   and paused while a dispute about the claim is open.
 * - One letter per customer and run: the claims due for any stage after the due date go into one
 *   notice at the highest of their stages (its wording, deadline, channel and fee); each item keeps
 *   its own stage for its charges and its history. A reminder before the due date is not sent beside
 *   such a notice. A stage that is a task for a person (a call, the escalation decision) stays apart.
 */
import type { BaseRateTable } from './base-rates.ts';
import { addDays, type CalendarDate, maxDate } from './calendar-date.ts';
import type { DayCountConvention } from './day-count.ts';
import {
  computeDefaultInterest,
  type DebtorKind,
  type DefaultInterest,
  type InterestPause,
  lateFeeFlatRate,
  type PrincipalPayment,
} from './default-interest.ts';
import { decideNoticeFee, type FeeWaiver } from './dunning-fee.ts';
import {
  type DunningChannel,
  type DunningPolicy,
  type DunningStage,
  isPreDueStage,
  stageAfterBrokenPlan,
} from './dunning-policy.ts';
import { Money } from './money.ts';
import type { Percent } from './percent.ts';
import { adjustDeadlineToWorkingDay } from './public-holidays.ts';
import { type DefaultReason, determineStartOfDefault } from './start-of-default.ts';

export interface NoticeRecord {
  stageKey: string;
  sentOn: CalendarDate;
  channel: DunningChannel;
  /** The payment deadline the notice named, if any. */
  paymentDeadline: CalendarDate | null;
  /** The notice claimed the €40 flat fee for this claim (§288 Abs. 5 BGB: once per claim). */
  claimedFlatFee?: boolean;
}

export interface Hold {
  reason: string;
  /** Last day of the hold, inclusive; `null`: until lifted. */
  until: CalendarDate | null;
}

export interface DisputePeriod {
  from: CalendarDate;
  /** Last day of the dispute, inclusive; `null` while open. */
  to: CalendarDate | null;
}

export interface ClaimFacts {
  claimId: string;
  invoiceNumber?: string;
  invoiceDate: CalendarDate;
  dueDate: CalendarDate;
  dueDateFixedByCalendar?: boolean;
  /** Known or assumed day the invoice reached the debtor. Default: the invoice date plus the policy's letter delivery days. */
  invoiceReceivedOn?: CalendarDate;
  invoiceCarriesThirtyDayNotice?: boolean;
  /** When the obligation arose; default: the invoice date. */
  obligationDate?: CalendarDate;
  /** The principal as invoiced. */
  principal: Money;
  /** Payments on the principal so far (credit notes included), dated by the day credited. */
  principalPayments?: readonly PrincipalPayment[];
  contractualRate?: Percent;
  /** The €40 flat fee was claimed before (also derived from `notices`). */
  flatFeeClaimed?: boolean;
  /** Costs charged earlier and still unpaid: notice fees, the flat fee (§367 BGB "Kosten"). */
  openCosts?: Money;
  /** Default interest the debtor has already paid (after §367 BGB allocation). */
  interestPaid?: Money;
  /** Notices already sent for this claim. */
  notices?: readonly NoticeRecord[];
  /** A proposal made by an earlier run still waits for approval. */
  pendingProposal?: boolean;
  disputes?: readonly DisputePeriod[];
  /** A promise to pay by `until`. */
  promisedUntil?: CalendarDate | null;
  /**
   * The customer said the claim is paid already (the portal's "bereits bezahlt"): it is not dunned
   * through this day while a person looks for the money.
   */
  reportedPaidUntil?: CalendarDate | null;
  inInstalmentPlan?: boolean;
  /**
   * The day an instalment plan holding this claim fell due as a whole (a missed instalment after
   * the grace period): dunning resumes from that day at the policy's `afterBrokenPlan` stage.
   */
  planAcceleratedOn?: CalendarDate | null;
  /** Handed over to a collection agency or a lawyer: the company's own dunning stops. */
  handedOver?: boolean;
  /**
   * The latest requested collection day of a direct debit exported for this claim and not yet seen
   * on a statement: it is not dunned while the bank collects (see DIRECT_DEBIT_HOLD_DAYS).
   */
  directDebitOn?: CalendarDate | null;
  block?: Hold | null;
}

export interface CustomerFacts {
  customerId: string;
  debtorKind: DebtorKind;
  block?: Hold | null;
  claims: readonly ClaimFacts[];
}

export interface EvaluationContext {
  today: CalendarDate;
  /** Federal state whose public holidays move deadlines (§193 BGB). */
  state: string;
  baseRates?: BaseRateTable;
  dayCount?: DayCountConvention;
}

/**
 * Days after the requested collection day of a direct debit that a claim is still held back: the
 * credit reaches the statement on that day, a return (R-transaction) within a few business days.
 * A collection still unseen after that is dunned again.
 */
export const DIRECT_DEBIT_HOLD_DAYS = 7;

export type HoldReason =
  | 'paid'
  | 'disputed'
  | 'blocked'
  | 'instalment-plan'
  | 'handed-over'
  | 'direct-debit'
  | 'promise-to-pay'
  | 'reported-paid'
  | 'awaiting-approval'
  | 'policy-complete'
  | 'waiting-for-stage'
  | 'waiting-for-gap'
  | 'below-minimum'
  | 'beside-overdue-notice';

export interface HeldBackClaim {
  claimId: string;
  reason: HoldReason;
  /** The last day of the hold, where it has one. */
  until: CalendarDate | null;
  /** The stage the claim would go to next. */
  stageKey: string | null;
  detail: string | null;
}

export interface NoticeItem {
  claimId: string;
  /** The stage this claim reached with the notice (in a consolidated notice, it may lie below the notice's). */
  stage?: { key: string; index: number };
  invoiceNumber: string | null;
  dueDate: CalendarDate;
  openPrincipal: Money;
  /** Costs charged by earlier notices and still open. */
  openCosts: Money;
  /** Default had begun before this notice; if `false` on a notice after the due date, this notice creates it. */
  alreadyInDefault: boolean;
  defaultStartsOn: CalendarDate | null;
  defaultReason: DefaultReason | null;
  /** Default interest from the first day of default to the notice date (excluded), with its explanation. */
  interest: DefaultInterest | null;
  /** Interest already paid, deducted from `interest` in the total. */
  interestPaid: Money;
  /** The €40 flat fee claimed with this notice (zero if not, or claimed before). */
  flatFee: Money;
  /** principal + earlier costs + (interest − interest paid) + flat fee. */
  total: Money;
}

export interface NoticeProposal {
  customerId: string;
  stageKey: string;
  stageIndex: number;
  channel: DunningChannel;
  templateKey: string;
  issuedOn: CalendarDate;
  /** The new deadline to pay (§193 BGB applied), or `null` for a notice without one. */
  paymentDeadline: CalendarDate | null;
  announcesEscalation: boolean;
  items: NoticeItem[];
  fee: Money;
  feeWaivedBecause: FeeWaiver;
  total: Money;
}

export interface CustomerEvaluation {
  customerId: string;
  notices: NoticeProposal[];
  heldBack: HeldBackClaim[];
}

function isActive(hold: Hold | null | undefined, today: CalendarDate): hold is Hold {
  return !!hold && (hold.until === null || today <= hold.until);
}

/** Payments credited after `today` are not known yet on `today` (relevant when replaying past days). */
function principalPaymentsUntil(claim: ClaimFacts, today: CalendarDate): PrincipalPayment[] {
  return (claim.principalPayments ?? []).filter((p) => p.date <= today);
}

// The functions below run once per open claim in the daily run (a million times for a large
// company), so they avoid copying arrays and creating closures where a loop does.

function openPrincipalOf(claim: ClaimFacts, today: CalendarDate): Money {
  let open = claim.principal;
  for (const p of claim.principalPayments ?? []) if (p.date <= today) open = open.subtract(p.amount);
  return open;
}

function stageRank(policy: DunningPolicy, notice: NoticeRecord): number {
  return policy.stages.findIndex((s) => s.key === notice.stageKey);
}

/** Notices in the order they went out; on the same day, the later stage counts as the later notice. */
function sortNotices(policy: DunningPolicy, notices: readonly NoticeRecord[]): readonly NoticeRecord[] {
  if (notices.length < 2) return notices;
  return [...notices].sort((a, b) =>
    a.sentOn !== b.sentOn ? (a.sentOn < b.sentOn ? -1 : 1) : stageRank(policy, a) - stageRank(policy, b),
  );
}

/** Of the disputes open today, the one that lasts longest (an open-ended one first). */
function longestOpenDispute(claim: ClaimFacts, today: CalendarDate): DisputePeriod | undefined {
  let longest: DisputePeriod | undefined;
  for (const d of claim.disputes ?? []) {
    if (d.from > today || (d.to !== null && today > d.to)) continue;
    if (!longest || d.to === null || (longest.to !== null && d.to > longest.to)) longest = d;
    if (longest.to === null) break;
  }
  return longest;
}

/**
 * A reminder before the due date makes no sense once the due date has come, nor when it would go
 * out with the invoice itself (short terms): only such a stage may be skipped.
 */
function isPointlessPreDueStage(stage: DunningStage, claim: ClaimFacts, today: CalendarDate): boolean {
  return (
    isPreDueStage(stage) &&
    (today >= claim.dueDate || addDays(claim.dueDate, stage.offsetDays) <= claim.invoiceDate)
  );
}

function heldBack(
  claim: ClaimFacts,
  reason: HoldReason,
  until: CalendarDate | null,
  stageKey: string | null = null,
  detail: string | null = null,
): Decision {
  return { kind: 'hold', held: { claimId: claim.claimId, reason, until, stageKey, detail } };
}

function stageIndexOf(policy: DunningPolicy, notices: readonly NoticeRecord[]): number {
  // A key unknown to this policy version counts as the stage at the same position in the history.
  let index = -1;
  notices.forEach((notice, position) => {
    const found = policy.stages.findIndex((s) => s.key === notice.stageKey);
    index = Math.max(index, found >= 0 ? found : Math.min(position, policy.stages.length - 1));
  });
  return index;
}

function receivedOn(policy: DunningPolicy, notice: NoticeRecord): CalendarDate | null {
  switch (notice.channel) {
    case 'task':
      return null; // a call is recorded as a task outcome, not as a written reminder
    case 'letter':
      return addDays(notice.sentOn, policy.deliveryDays.letter);
    default:
      return addDays(notice.sentOn, policy.deliveryDays.email);
  }
}

type Decision =
  { kind: 'hold'; held: HeldBackClaim } | { kind: 'due'; claim: ClaimFacts; stageIndex: number; open: Money };

function decideClaim(
  policy: DunningPolicy,
  customer: CustomerFacts,
  claim: ClaimFacts,
  today: CalendarDate,
): Decision {
  const open = openPrincipalOf(claim, today);
  if (!open.isPositive()) return heldBack(claim, 'paid', null);
  const openDispute = longestOpenDispute(claim, today);
  if (openDispute) return heldBack(claim, 'disputed', openDispute.to);
  const block = isActive(customer.block, today)
    ? customer.block
    : isActive(claim.block, today)
      ? claim.block
      : null;
  if (block) return heldBack(claim, 'blocked', block.until, null, block.reason);
  if (claim.handedOver) return heldBack(claim, 'handed-over', null);
  if (claim.directDebitOn) {
    const until = addDays(claim.directDebitOn, DIRECT_DEBIT_HOLD_DAYS);
    if (today <= until) return heldBack(claim, 'direct-debit', until);
  }
  if (claim.inInstalmentPlan) return heldBack(claim, 'instalment-plan', null);
  if (claim.promisedUntil && today <= claim.promisedUntil)
    return heldBack(claim, 'promise-to-pay', claim.promisedUntil);
  if (claim.reportedPaidUntil && today <= claim.reportedPaidUntil)
    return heldBack(claim, 'reported-paid', claim.reportedPaidUntil);
  if (claim.pendingProposal) return heldBack(claim, 'awaiting-approval', null);

  const notices = sortNotices(policy, claim.notices ?? []);
  const last = notices.at(-1);
  let next = stageIndexOf(policy, notices) + 1;
  while (
    next < policy.stages.length &&
    isPointlessPreDueStage(policy.stages[next] as DunningStage, claim, today)
  ) {
    next++;
  }
  // After a broken plan, the stage the policy names is due at once (unless the history is past it).
  const resume = claim.planAcceleratedOn ? stageAfterBrokenPlan(policy) : -1;
  const resumes = claim.planAcceleratedOn && next <= resume;
  if (resumes) next = resume;
  const stage = policy.stages[next];
  if (!stage) return heldBack(claim, 'policy-complete', null);

  const scheduled = resumes
    ? (claim.planAcceleratedOn as CalendarDate)
    : stage.offsetFrom === 'previous-notice' && last
      ? addDays(last.sentOn, stage.offsetDays)
      : addDays(claim.dueDate, stage.offsetDays);
  let earliest = scheduled;
  if (last) {
    const gapEnds = addDays(last.sentOn, policy.minDaysBetweenNotices);
    const deadlinePassed = last.paymentDeadline ? addDays(last.paymentDeadline, 1) : last.sentOn;
    earliest = maxDate(scheduled, gapEnds, deadlinePassed);
  }
  if (today < earliest) {
    return heldBack(
      claim,
      earliest > scheduled ? 'waiting-for-gap' : 'waiting-for-stage',
      addDays(earliest, -1),
      stage.key,
    );
  }
  return { kind: 'due', claim, stageIndex: next, open };
}

/** What a notice (or a claim statement) charges besides the open amount. */
interface Charges {
  interest: boolean;
  flatFee: boolean;
}

function chargesOf(stage: DunningStage): Charges {
  const preDue = isPreDueStage(stage);
  return { interest: stage.chargeInterest && !preDue, flatFee: stage.claimFlatFee && !preDue };
}

function buildItem(
  policy: DunningPolicy,
  charges: Charges,
  customer: CustomerFacts,
  claim: ClaimFacts,
  open: Money,
  context: EvaluationContext,
): NoticeItem {
  const { today } = context;
  const notices = claim.notices ?? [];
  const start = determineStartOfDefault({
    debtorKind: customer.debtorKind,
    dueDate: claim.dueDate,
    dueDateFixedByCalendar: claim.dueDateFixedByCalendar ?? false,
    invoiceReceivedOn: claim.invoiceReceivedOn ?? addDays(claim.invoiceDate, policy.deliveryDays.letter),
    invoiceCarriesThirtyDayNotice: claim.invoiceCarriesThirtyDayNotice ?? false,
    remindersReceivedOn: notices
      .map((n) => receivedOn(policy, n))
      .filter((d): d is CalendarDate => d !== null),
    state: context.state,
  });
  const alreadyInDefault = start.startsOn !== null && start.startsOn <= today;
  const obligationDate = claim.obligationDate ?? claim.invoiceDate;
  let interest: DefaultInterest | null = null;
  if (alreadyInDefault && charges.interest) {
    interest = computeDefaultInterest({
      principal: claim.principal,
      principalPayments: principalPaymentsUntil(claim, today),
      from: start.startsOn as CalendarDate,
      to: today,
      debtorKind: customer.debtorKind,
      obligationDate,
      ...(claim.contractualRate ? { contractualRate: claim.contractualRate } : {}),
      pauses: (claim.disputes ?? []) as readonly InterestPause[],
      ...(context.dayCount ? { dayCount: context.dayCount } : {}),
      ...(context.baseRates ? { baseRates: context.baseRates } : {}),
    });
  }
  const flatFeeClaimed = claim.flatFeeClaimed || notices.some((n) => n.claimedFlatFee);
  // The €40 of §288 Abs. 5 BGB is a euro amount; on a claim in another currency it is left to a person.
  const flatFee =
    alreadyInDefault && charges.flatFee && !flatFeeClaimed && open.currency === 'EUR'
      ? lateFeeFlatRate(customer.debtorKind, obligationDate)
      : Money.zero(open.currency);
  const openCosts = claim.openCosts ?? Money.zero(open.currency);
  const interestPaid = claim.interestPaid ?? Money.zero(open.currency);
  const interestDue = interest
    ? interest.interest.subtract(interestPaid).max(Money.zero(open.currency))
    : Money.zero(open.currency);
  const total = open.add(openCosts).add(interestDue).add(flatFee);
  return {
    claimId: claim.claimId,
    invoiceNumber: claim.invoiceNumber ?? null,
    dueDate: claim.dueDate,
    openPrincipal: open,
    openCosts,
    alreadyInDefault,
    defaultStartsOn: start.startsOn,
    defaultReason: start.reason,
    interest,
    interestPaid,
    flatFee,
    total,
  };
}

function compareClaims(a: ClaimFacts, b: ClaimFacts): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  if (a.invoiceDate !== b.invoiceDate) return a.invoiceDate < b.invoiceDate ? -1 : 1;
  return a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0;
}

/** A notice at `stage` with these items: its deadline (§193 BGB), fee, and total. */
function noticeOf(
  stageIndex: number,
  stage: DunningStage,
  items: NoticeItem[],
  customer: CustomerFacts,
  context: EvaluationContext,
): NoticeProposal {
  const currency = items[0]?.total.currency ?? 'EUR';
  const { fee, waivedBecause } = decideNoticeFee(stage, items, currency);
  return {
    customerId: customer.customerId,
    stageKey: stage.key,
    stageIndex,
    channel: stage.channel,
    templateKey: stage.templateKey,
    issuedOn: context.today,
    paymentDeadline:
      stage.paymentDeadlineDays === null
        ? null
        : adjustDeadlineToWorkingDay(addDays(context.today, stage.paymentDeadlineDays), context.state),
    announcesEscalation: stage.announcesEscalation,
    items,
    fee,
    feeWaivedBecause: waivedBecause,
    total: Money.sum(
      items.map((i) => i.total),
      currency,
    ).add(fee),
  };
}

export function evaluateCustomer(
  policy: DunningPolicy,
  customer: CustomerFacts,
  context: EvaluationContext,
): CustomerEvaluation {
  const heldBack: HeldBackClaim[] = [];
  const dueByStage = new Map<number, { claim: ClaimFacts; open: Money }[]>();
  for (const claim of [...customer.claims].sort(compareClaims)) {
    const decision = decideClaim(policy, customer, claim, context.today);
    if (decision.kind === 'hold') heldBack.push(decision.held);
    else {
      const group = dueByStage.get(decision.stageIndex);
      if (group) group.push(decision);
      else dueByStage.set(decision.stageIndex, [decision]);
    }
  }

  const groups: { stageIndex: number; stage: DunningStage; due: { claim: ClaimFacts; open: Money }[] }[] = [];
  for (const stageIndex of [...dueByStage.keys()].sort((a, b) => a - b)) {
    const stage = policy.stages[stageIndex] as DunningStage;
    const due = dueByStage.get(stageIndex) ?? [];
    const currency = due[0]?.open.currency ?? 'EUR';
    const openTotal = Money.sum(
      due.map((d) => d.open),
      currency,
    );
    if (openTotal.minor < stage.minOpenCents) {
      for (const { claim } of due) {
        heldBack.push({
          claimId: claim.claimId,
          reason: 'below-minimum',
          until: null,
          stageKey: stage.key,
          detail: `open ${openTotal.toDecimalString()} below the stage minimum of ${Money.of(stage.minOpenCents, currency).toDecimalString()}`,
        });
      }
      continue;
    }
    groups.push({ stageIndex, stage, due });
  }

  const letters = groups.filter((g) => g.stage.channel !== 'task');
  const overdue = letters.filter((g) => !isPreDueStage(g.stage));
  const consolidated = overdue.length > 0 ? overdue : letters;
  for (const group of letters.filter((g) => !consolidated.includes(g))) {
    for (const { claim } of group.due) {
      heldBack.push({
        claimId: claim.claimId,
        reason: 'beside-overdue-notice',
        until: null,
        stageKey: group.stage.key,
        detail: 'no reminder before the due date beside a dunning notice of the same day',
      });
    }
  }
  const notices: NoticeProposal[] = [];
  const assemble = (parts: typeof groups) => {
    const leading = parts.at(-1);
    if (!leading) return;
    const items = parts
      .flatMap((g) => g.due.map((d) => ({ ...d, group: g })))
      .sort((a, b) => compareClaims(a.claim, b.claim))
      .map(({ claim, open, group }) => ({
        ...buildItem(policy, chargesOf(group.stage), customer, claim, open, context),
        stage: { key: group.stage.key, index: group.stageIndex },
      }));
    notices.push(noticeOf(leading.stageIndex, leading.stage, items, customer, context));
  };
  assemble(consolidated);
  for (const task of groups.filter((g) => g.stage.channel === 'task')) assemble([task]);
  notices.sort((a, b) => a.stageIndex - b.stageIndex);
  heldBack.sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0));
  return { customerId: customer.customerId, notices, heldBack };
}

/** Evaluates every customer; the result is sorted by customer id and does not depend on input order. */
export function evaluateDunning(
  policy: DunningPolicy,
  customers: readonly CustomerFacts[],
  context: EvaluationContext,
): CustomerEvaluation[] {
  return [...customers]
    .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0))
    .map((customer) => evaluateCustomer(policy, customer, context));
}

/**
 * Where each open claim of a customer stands on `today`, for a claim statement
 * (Forderungsaufstellung): what is open, the costs charged, the default interest to date with its
 * periods and rates, and interest already paid. No new flat fee is added: a statement shows what
 * is owed, it does not claim anything new. Holds (disputes, promises) do not hide a claim here.
 */
export function statementOfClaims(
  policy: DunningPolicy,
  customer: CustomerFacts,
  context: EvaluationContext,
): NoticeItem[] {
  // A claim is listed while anything of it is owed: principal, costs, or default interest that
  // ran to the day of payment and is not paid yet (§ 288 BGB).
  return customer.claims
    .filter((claim) => claim.invoiceDate <= context.today)
    .map((claim) => ({ claim, open: openPrincipalOf(claim, context.today) }))
    .sort((a, b) => compareClaims(a.claim, b.claim))
    .map(({ claim, open }) =>
      buildItem(policy, { interest: true, flatFee: false }, customer, claim, open, context),
    )
    .filter((item) => item.total.isPositive());
}
