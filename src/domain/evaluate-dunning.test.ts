import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate, fromEpochDay, parseCalendarDate, toEpochDay } from './calendar-date.ts';
import { DEFAULT_BUSINESS_POLICY } from './default-dunning-policies.ts';
import {
  DUNNING_CHANNELS,
  type DunningChannel,
  type DunningPolicy,
  validateDunningPolicy,
} from './dunning-policy.ts';
import {
  type ClaimFacts,
  DIRECT_DEBIT_HOLD_DAYS,
  type CustomerEvaluation,
  type CustomerFacts,
  evaluateDunning,
  type NoticeProposal,
  type NoticeRecord,
} from './evaluate-dunning.ts';
import { Money } from './money.ts';
import { isWorkingDay } from './public-holidays.ts';

const { policy: BUSINESS } = validateDunningPolicy(DEFAULT_BUSINESS_POLICY);
const STAGE_KEYS = BUSINESS.stages.map((s) => s.key);
const d = (text: string) => parseCalendarDate(text);
const eur = (minor: number) => Money.of(minor, 'EUR');

// The claim most tests follow: invoiced Saturday 1 Feb 2025, due Monday 3 March 2025, 10,000.00 €.
// Assumed receipt of the invoice: 1 Feb + 3 letter days = 4 Feb. Stages of the business policy:
// pre-due 24 Feb (−7), payment reminder 10 Mar (+7), 1st Mahnung 24 Mar (+21), 2nd Mahnung 7 Apr (+35).
const DUE = d('2025-03-03');

function claim(claimId: string, extra: Partial<ClaimFacts> = {}): ClaimFacts {
  return {
    claimId,
    invoiceNumber: `RE-${claimId}`,
    invoiceDate: d('2025-02-01'),
    dueDate: DUE,
    principal: eur(1_000_000),
    ...extra,
  };
}

function customer(claims: ClaimFacts[], extra: Partial<CustomerFacts> = {}): CustomerFacts {
  return { customerId: 'K-1', debtorKind: 'business', claims, ...extra };
}

const sent = (
  stageKey: string,
  sentOn: string,
  paymentDeadline: string | null,
  channel: DunningChannel = 'email',
): NoticeRecord => ({
  stageKey,
  sentOn: d(sentOn),
  channel,
  paymentDeadline: paymentDeadline === null ? null : d(paymentDeadline),
});

// The history of the main claim as the business policy produces it.
const PRE_DUE = sent('pre-due-reminder', '2025-02-24', null);
const PAYMENT_REMINDER = sent('payment-reminder', '2025-03-10', '2025-03-17');
const FIRST_DUNNING = sent('first-dunning', '2025-03-24', '2025-04-03', 'email-and-letter');

function evaluateOne(
  facts: CustomerFacts,
  today: string,
  policy: DunningPolicy = BUSINESS,
  state = 'BE',
): CustomerEvaluation {
  const [result] = evaluateDunning(policy, [facts], { today: d(today), state });
  return result as CustomerEvaluation;
}

function onlyNotice(result: CustomerEvaluation): NoticeProposal {
  expect(result.notices).toHaveLength(1);
  expect(result.heldBack).toEqual([]);
  return result.notices[0] as NoticeProposal;
}

function onlyHold(result: CustomerEvaluation) {
  expect(result.notices).toEqual([]);
  expect(result.heldBack).toHaveLength(1);
  return result.heldBack[0];
}

/** Runs the policy every day and records each proposed notice as sent that day, as the daily run would. */
function replay(
  facts: ClaimFacts,
  from: CalendarDate,
  days: number,
  debtorKind: 'business' | 'consumer' = 'business',
) {
  let current = facts;
  const proposals: NoticeProposal[] = [];
  let last: CustomerEvaluation | undefined;
  for (let i = 0; i < days; i++) {
    const today = addDays(from, i);
    last = evaluateOne(customer([current], { debtorKind }), today);
    expect(last.notices.length).toBeLessThanOrEqual(1); // one claim: never two notices a day
    for (const notice of last.notices) {
      proposals.push(notice);
      current = {
        ...current,
        notices: [
          ...(current.notices ?? []),
          {
            stageKey: notice.stageKey,
            sentOn: today,
            channel: notice.channel,
            paymentDeadline: notice.paymentDeadline,
          },
        ],
        flatFeeClaimed: current.flatFeeClaimed || notice.items.some((item) => item.flatFee.isPositive()),
      };
    }
  }
  return { proposals, last: last as CustomerEvaluation };
}

describe('evaluateDunning: the stages of the business policy', () => {
  it('sends the pre-due reminder seven days before the due date, by email, without deadline or charges', () => {
    const notice = onlyNotice(evaluateOne(customer([claim('a')]), '2025-02-24'));
    expect(notice).toMatchObject({
      customerId: 'K-1',
      stageKey: 'pre-due-reminder',
      stageIndex: 0,
      channel: 'email',
      templateKey: 'pre-due-reminder',
      issuedOn: '2025-02-24',
      paymentDeadline: null,
      feeWaivedBecause: null,
    });
    expect(notice.items[0]).toMatchObject({ alreadyInDefault: false, interest: null, invoiceNumber: 'RE-a' });
    expect(notice.total.minor).toBe(1_000_000);
  });

  it('holds a claim back until the day of its pre-due reminder', () => {
    expect(onlyHold(evaluateOne(customer([claim('a')]), '2025-02-23'))).toEqual({
      claimId: 'a',
      reason: 'waiting-for-stage',
      until: '2025-02-23',
      stageKey: 'pre-due-reminder',
      detail: null,
    });
  });

  it('sends the payment reminder seven days after the due date with a deadline of seven days', () => {
    const facts = customer([claim('a', { notices: [PRE_DUE] })]);
    expect(onlyHold(evaluateOne(facts, '2025-03-09'))).toMatchObject({
      reason: 'waiting-for-stage',
      until: '2025-03-09',
      stageKey: 'payment-reminder',
    });
    const notice = onlyNotice(evaluateOne(facts, '2025-03-10'));
    // 10 Mar + 7 = Monday 17 Mar, a working day in Berlin.
    expect(notice).toMatchObject({
      stageKey: 'payment-reminder',
      stageIndex: 1,
      paymentDeadline: '2025-03-17',
    });
    // Nothing has put the business debtor into default yet: the 30-day rule (§286 Abs. 3 BGB)
    // ends on 3 Mar + 30 = 2 Apr, so default would begin on 3 Apr.
    expect(notice.items[0]).toMatchObject({
      alreadyInDefault: false,
      defaultStartsOn: '2025-04-03',
      defaultReason: 'thirty-day-rule',
      interest: null,
    });
    expect(notice.items[0]?.flatFee.minor).toBe(0);
  });

  it('drops the pre-due reminder once the due date has come, and only that stage', () => {
    expect(onlyHold(evaluateOne(customer([claim('a')]), '2025-03-03'))).toMatchObject({
      reason: 'waiting-for-stage',
      until: '2025-03-09',
      stageKey: 'payment-reminder',
    });
  });

  it('counts a stage from the previous notice where the policy says so', () => {
    const { policy } = validateDunningPolicy({
      key: 'follow-up',
      name: 'Follow-up',
      stages: [
        { key: 'reminder', offsetDays: 7, channel: 'email', templateKey: 'reminder' },
        {
          key: 'follow-up',
          offsetDays: 10,
          offsetFrom: 'previous-notice',
          channel: 'email',
          templateKey: 'f',
        },
      ],
    });
    // Reminder sent late on 14 Mar without a deadline: the follow-up is due on 14 Mar + 10 = 24 Mar.
    const facts = customer([claim('a', { notices: [sent('reminder', '2025-03-14', null)] })]);
    expect(onlyHold(evaluateOne(facts, '2025-03-23', policy))).toMatchObject({
      reason: 'waiting-for-stage',
      until: '2025-03-23',
      stageKey: 'follow-up',
    });
    expect(onlyNotice(evaluateOne(facts, '2025-03-24', policy)).stageKey).toBe('follow-up');
  });

  it('continues after notices whose stage the policy no longer knows, counting them by position', () => {
    const history = [
      sent('old-pre-due', '2025-02-24', null),
      sent('old-reminder', '2025-03-10', '2025-03-17'),
    ];
    const notice = onlyNotice(evaluateOne(customer([claim('a', { notices: history })]), '2025-03-24'));
    expect(notice.stageKey).toBe('first-dunning');
  });
});

describe('evaluateDunning: why a claim is held back', () => {
  const TODAY = '2025-03-10'; // the payment reminder's day for the main claim
  const due = (extra: Partial<ClaimFacts> = {}, customerExtra: Partial<CustomerFacts> = {}) =>
    evaluateOne(customer([claim('a', { notices: [PRE_DUE], ...extra })], customerExtra), TODAY);

  it('holds back a claim that is paid in full', () => {
    const held = onlyHold(due({ principalPayments: [{ date: d('2025-03-05'), amount: eur(1_000_000) }] }));
    expect(held).toEqual({ claimId: 'a', reason: 'paid', until: null, stageKey: null, detail: null });
  });

  it('reminds of the open rest after a partial payment', () => {
    const notice = onlyNotice(due({ principalPayments: [{ date: d('2025-03-05'), amount: eur(250_000) }] }));
    // 10,000.00 − 2,500.00 = 7,500.00 €.
    expect(notice.items[0]?.openPrincipal.minor).toBe(750_000);
    expect(notice.total.minor).toBe(750_000);
  });

  it('holds back a claim while a dispute about it is open, until its end if known', () => {
    expect(onlyHold(due({ disputes: [{ from: d('2025-03-05'), to: null }] }))).toMatchObject({
      reason: 'disputed',
      until: null,
    });
    expect(onlyHold(due({ disputes: [{ from: d('2025-03-05'), to: d('2025-03-20') }] }))).toMatchObject({
      reason: 'disputed',
      until: '2025-03-20',
    });
    expect(onlyNotice(due({ disputes: [{ from: d('2025-03-05'), to: d('2025-03-09') }] })).stageKey).toBe(
      'payment-reminder',
    );
  });

  it('holds back every claim of a blocked customer, with the reason and the end of the block', () => {
    const held = onlyHold(due({}, { block: { reason: 'Kulanz bis Monatsende', until: d('2025-03-31') } }));
    expect(held).toEqual({
      claimId: 'a',
      reason: 'blocked',
      until: '2025-03-31',
      stageKey: null,
      detail: 'Kulanz bis Monatsende',
    });
  });

  it('holds back a blocked claim until the block is lifted', () => {
    expect(onlyHold(due({ block: { reason: 'Rechnung wird geprüft', until: null } }))).toMatchObject({
      reason: 'blocked',
      until: null,
      detail: 'Rechnung wird geprüft',
    });
  });

  it('ignores a block that ended yesterday, at the customer and at the claim', () => {
    const ended = { reason: 'Kulanz', until: d('2025-03-09') };
    expect(onlyNotice(due({ block: ended }, { block: ended })).stageKey).toBe('payment-reminder');
  });

  it('holds back a claim in an instalment plan', () => {
    expect(onlyHold(due({ inInstalmentPlan: true }))).toMatchObject({
      reason: 'instalment-plan',
      until: null,
    });
  });

  it('holds back a claim handed over to collection, even when a dispute or plan would not', () => {
    expect(onlyHold(due({ handedOver: true }))).toMatchObject({ reason: 'handed-over', until: null });
    // The agency works the claim; a promise to the company does not bring it back.
    expect(onlyHold(due({ handedOver: true, promisedUntil: addDays(d(TODAY), 10) }))).toMatchObject({
      reason: 'handed-over',
    });
  });

  it('holds back a claim while its direct debit is being collected, and dunns it when the money never came', () => {
    const on = addDays(d(TODAY), -2);
    expect(onlyHold(due({ directDebitOn: on }))).toMatchObject({
      reason: 'direct-debit',
      until: addDays(on, DIRECT_DEBIT_HOLD_DAYS),
    });
    const long = addDays(d(TODAY), -DIRECT_DEBIT_HOLD_DAYS - 1);
    expect(
      evaluateOne(customer([claim('a', { notices: [PRE_DUE], directDebitOn: long })]), TODAY).notices,
    ).toHaveLength(1);
  });

  it('resumes at the policy’s stage on the day a broken instalment plan accelerated, not before', () => {
    // Only a payment reminder went out; the plan broke and fell due as a whole on 2 Jun.
    const broken = claim('RE-1', {
      notices: [PRE_DUE, PAYMENT_REMINDER],
      planAcceleratedOn: d('2025-06-02'),
    });
    expect(onlyHold(evaluateOne(customer([broken]), '2025-06-01'))).toMatchObject({
      reason: 'waiting-for-stage',
      stageKey: 'final-notice',
    });
    const notice = onlyNotice(evaluateOne(customer([broken]), '2025-06-02'));
    expect(notice.stageKey).toBe('final-notice'); // the stage announcing escalation, by default
    expect(notice.announcesEscalation).toBe(true);
    // A policy can name another stage.
    const named = validateDunningPolicy({
      ...DEFAULT_BUSINESS_POLICY,
      afterBrokenPlan: 'first-dunning',
    }).policy;
    expect(onlyNotice(evaluateOne(customer([broken]), '2025-06-02', named)).stageKey).toBe('first-dunning');
    expect(() => validateDunningPolicy({ ...DEFAULT_BUSINESS_POLICY, afterBrokenPlan: 'nope' })).toThrow(
      /afterBrokenPlan: expected the key of one of the stages/,
    );
  });

  it('holds back a claim the debtor promised to pay, through the promised day', () => {
    expect(onlyHold(due({ promisedUntil: d('2025-03-10') }))).toMatchObject({
      reason: 'promise-to-pay',
      until: '2025-03-10',
    });
    expect(onlyNotice(due({ promisedUntil: d('2025-03-09') })).stageKey).toBe('payment-reminder');
  });

  it('holds back a claim the customer reported as paid, through the last day of the hold', () => {
    expect(onlyHold(due({ reportedPaidUntil: d('2025-03-12') }))).toMatchObject({
      reason: 'reported-paid',
      until: '2025-03-12',
    });
    expect(onlyNotice(due({ reportedPaidUntil: d('2025-03-09') })).stageKey).toBe('payment-reminder');
    // A dispute is the stronger reason and names its own end.
    expect(
      onlyHold(due({ reportedPaidUntil: d('2025-03-12'), disputes: [{ from: d('2025-03-01'), to: null }] })),
    ).toMatchObject({ reason: 'disputed' });
  });

  it('proposes nothing new while an earlier proposal awaits approval', () => {
    expect(onlyHold(due({ pendingProposal: true }))).toMatchObject({ reason: 'awaiting-approval' });
  });

  it('holds back a claim that went through every stage', () => {
    const notices = STAGE_KEYS.map((key, i) => sent(key, addDays(d('2025-02-24'), 14 * i), null));
    expect(onlyHold(evaluateOne(customer([claim('a', { notices })]), '2025-12-31'))).toMatchObject({
      reason: 'policy-complete',
      until: null,
      stageKey: null,
    });
  });

  it('waits for the payment deadline of the previous notice to pass', () => {
    // Payment reminder sent late, Fri 21 Mar, deadline Fri 28 Mar; the 1st Mahnung (+21 = 24 Mar)
    // waits until the day after the deadline, 29 Mar.
    const facts = customer([
      claim('a', { notices: [PRE_DUE, sent('payment-reminder', '2025-03-21', '2025-03-28')] }),
    ]);
    expect(onlyHold(evaluateOne(facts, '2025-03-24'))).toEqual({
      claimId: 'a',
      reason: 'waiting-for-gap',
      until: '2025-03-28',
      stageKey: 'first-dunning',
      detail: null,
    });
    expect(onlyNotice(evaluateOne(facts, '2025-03-29')).stageKey).toBe('first-dunning');
  });

  it('keeps the least gap between two notices where the previous one named no deadline', () => {
    // Sent 21 Mar without a deadline: 21 Mar + 7 days gap = 28 Mar is the earliest day.
    const facts = customer([
      claim('a', { notices: [PRE_DUE, sent('payment-reminder', '2025-03-21', null)] }),
    ]);
    expect(onlyHold(evaluateOne(facts, '2025-03-24'))).toMatchObject({
      reason: 'waiting-for-gap',
      until: '2025-03-27',
      stageKey: 'first-dunning',
    });
    expect(onlyNotice(evaluateOne(facts, '2025-03-28')).stageKey).toBe('first-dunning');
  });

  it('holds back claims whose open total at a stage is below its minimum, per customer and stage', () => {
    const { policy } = validateDunningPolicy({
      ...DEFAULT_BUSINESS_POLICY,
      stages: DEFAULT_BUSINESS_POLICY.stages.map((s) =>
        s.key === 'payment-reminder' ? { ...s, minOpenCents: 500 } : s,
      ),
    });
    const small = (id: string) => claim(id, { principal: eur(300), notices: [PRE_DUE] });
    const held = evaluateOne(customer([small('a')]), TODAY, policy);
    expect(held.notices).toEqual([]);
    expect(held.heldBack).toEqual([
      {
        claimId: 'a',
        reason: 'below-minimum',
        until: null,
        stageKey: 'payment-reminder',
        detail: 'open 3.00 below the stage minimum of 5.00',
      },
    ]);
    // Two claims of 3.00 € make 6.00 € at the stage: one notice for both.
    const notice = onlyNotice(evaluateOne(customer([small('a'), small('b')]), TODAY, policy));
    expect(notice.items.map((i) => i.claimId)).toEqual(['a', 'b']);
  });
});

describe('evaluateDunning: catching up after missed days', () => {
  const SIXTY_DAYS_LATE = addDays(DUE, 60); // Fri 2 May 2025

  it('counts a claim as in default from the first day of default on (§286 Abs. 3 BGB)', () => {
    // Due 3 Mar, never reminded: the 30-day rule ends on 2 Apr, default begins on 3 Apr.
    const on = (today: string) => onlyNotice(evaluateOne(customer([claim('a')]), today)).items[0];
    expect(on('2025-04-02')).toMatchObject({ alreadyInDefault: false, defaultStartsOn: '2025-04-03' });
    expect(on('2025-04-03')).toMatchObject({ alreadyInDefault: true, defaultStartsOn: '2025-04-03' });
  });

  it('proposes only the payment reminder for a claim first seen 60 days overdue, never skipping it', () => {
    const notice = onlyNotice(evaluateOne(customer([claim('a')]), SIXTY_DAYS_LATE));
    expect(notice.stageKey).toBe('payment-reminder');
    // Meanwhile the 30-day rule has put the business debtor into default (§286 Abs. 3 BGB).
    expect(notice.items[0]).toMatchObject({ alreadyInDefault: true, defaultReason: 'thirty-day-rule' });
  });

  it('replays day by day into notices one stage at a time, spaced by deadlines and the least gap', () => {
    const { proposals, last } = replay(claim('a'), SIXTY_DAYS_LATE, 120);
    // payment reminder    2 May (Fri), deadline  2 May + 7 =  9 May (Fri)
    // 1st Mahnung        10 May = day after that deadline (+21 and the 7-day gap have passed), deadline 20 May
    // 2nd Mahnung        21 May, deadline 31 May (Sat) → Mon 2 Jun (§193 BGB)
    // final notice        3 Jun, deadline 13 Jun (Fri)
    // escalation task    14 Jun, no deadline
    expect(proposals.map((p) => [p.stageKey, p.issuedOn, p.paymentDeadline])).toEqual([
      ['payment-reminder', '2025-05-02', '2025-05-09'],
      ['first-dunning', '2025-05-10', '2025-05-20'],
      ['second-dunning', '2025-05-21', '2025-06-02'],
      ['final-notice', '2025-06-03', '2025-06-13'],
      ['escalation-decision', '2025-06-14', null],
    ]);
    expect(last.heldBack).toMatchObject([{ reason: 'policy-complete' }]);
  });

  it('from any first day, sends every stage in order once, skipping only the pre-due reminder, each on its earliest allowed day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay(d('2025-01-01')), max: toEpochDay(d('2026-12-31')) }),
        fc.integer({ min: -20, max: 120 }),
        fc.constantFrom<'business' | 'consumer'>('business', 'consumer'),
        (dueDay, firstOffset, debtorKind) => {
          const dueDate = fromEpochDay(dueDay);
          const from = addDays(dueDate, firstOffset);
          const { proposals, last } = replay(
            claim('a', { dueDate, invoiceDate: addDays(dueDate, -30) }),
            from,
            200,
            debtorKind,
          );
          const expectedKeys = firstOffset < 0 ? STAGE_KEYS : STAGE_KEYS.slice(1);
          expect(proposals.map((p) => p.stageKey)).toEqual(expectedKeys);
          expect(last.heldBack).toMatchObject([{ reason: 'policy-complete' }]);
          proposals.forEach((p, i) => {
            const stage = BUSINESS.stages[p.stageIndex];
            const scheduled = addDays(dueDate, stage?.offsetDays ?? 0);
            const previous = proposals[i - 1];
            const allowed = [scheduled, from];
            if (previous) {
              allowed.push(addDays(previous.issuedOn, BUSINESS.minDaysBetweenNotices));
              if (previous.paymentDeadline) allowed.push(addDays(previous.paymentDeadline, 1));
            }
            expect(p.issuedOn).toBe(allowed.sort().at(-1));
            if (p.paymentDeadline) expect(isWorkingDay(p.paymentDeadline, 'BE')).toBe(true);
          });
          if (firstOffset < 0) expect((proposals[0] as NoticeProposal).issuedOn < dueDate).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('evaluateDunning: interest, flat fee and fees', () => {
  const AT_FIRST_DUNNING = '2025-03-24';
  const atFirstDunning = (
    extra: Partial<ClaimFacts> = {},
    debtorKind: 'business' | 'consumer' = 'business',
  ) =>
    onlyNotice(
      evaluateOne(
        customer([claim('a', { notices: [PRE_DUE, PAYMENT_REMINDER], ...extra })], { debtorKind }),
        AT_FIRST_DUNNING,
      ),
    );

  it('claims default interest (base rate + 9 pp) and the €40 flat fee from a business debtor in default (§288 Abs. 2, 5 BGB)', () => {
    const notice = atFirstDunning();
    expect(notice).toMatchObject({
      stageKey: 'first-dunning',
      paymentDeadline: '2025-04-03',
      feeWaivedBecause: null,
    });
    const item = notice.items[0];
    // The payment reminder reached the debtor by email on 10 Mar: default from 11 Mar (§286 Abs. 1 BGB).
    expect(item).toMatchObject({
      alreadyInDefault: true,
      defaultStartsOn: '2025-03-11',
      defaultReason: 'reminder',
    });
    // Interest days 11 Mar … 23 Mar = 13 days, rate 2.27 % (Basiszinssatz from 1 Jan 2025) + 9 = 11.27 %:
    // 1,000,000 ct × 11.27 % × 13 / 365 = 1,000,000 × 1127 × 13 / 3,650,000 = 4013.97 ct → 4014 ct (half-up).
    expect(item?.interest).toMatchObject({
      rateBasis: 'statutory-business',
      from: '2025-03-11',
      to: '2025-03-24',
    });
    expect(item?.interest?.segments.map((s) => [s.days, s.interest.minor])).toEqual([[13, 4014]]);
    expect(item?.interest?.interest.minor).toBe(4014);
    expect(item?.flatFee.minor).toBe(4000);
    // 10,000.00 + 40.14 interest + 40.00 flat fee = 10,080.14 €; the 1st Mahnung has no fee.
    expect(item?.total.minor).toBe(1_008_014);
    expect(notice.fee.minor).toBe(0);
    expect(notice.total.minor).toBe(1_008_014);
  });

  it('claims interest at base rate + 5 pp and no flat fee from a consumer (§288 Abs. 1, 5 BGB)', () => {
    const item = atFirstDunning({}, 'consumer').items[0];
    // 1,000,000 ct × 7.27 % × 13 / 365 = 1,000,000 × 727 × 13 / 3,650,000 = 2589.32 ct → 2589 ct.
    expect(item?.interest).toMatchObject({ rateBasis: 'statutory-consumer' });
    expect(item?.interest?.interest.minor).toBe(2589);
    expect(item?.flatFee.minor).toBe(0);
    expect(item?.total.minor).toBe(1_002_589);
  });

  it('claims the flat fee only once per claim (§288 Abs. 5 BGB)', () => {
    const item = atFirstDunning({ flatFeeClaimed: true }).items[0];
    expect(item?.flatFee.minor).toBe(0);
    expect(item?.interest?.interest.minor).toBe(4014);
    expect(item?.total.minor).toBe(1_004_014);
  });

  it('accrues no interest on the days a dispute about the claim was open', () => {
    // Disputed 12–14 Mar: interest days 11 Mar (1 day) and 15–23 Mar (9 days).
    // 1,000,000 × 1127 × 1 / 3,650,000 =  308.77 →  309 ct
    // 1,000,000 × 1127 × 9 / 3,650,000 = 2778.90 → 2779 ct; together 3088 ct.
    const item = atFirstDunning({ disputes: [{ from: d('2025-03-12'), to: d('2025-03-14') }] }).items[0];
    expect(item?.interest?.segments.map((s) => [s.from, s.days, s.interest.minor])).toEqual([
      ['2025-03-11', 1, 309],
      ['2025-03-15', 9, 2779],
    ]);
    expect(item?.interest?.interest.minor).toBe(3088);
  });

  it('charges the postage of 0.95 € on the 2nd Mahnung of a claim in default', () => {
    const facts = customer([
      claim('a', { notices: [PRE_DUE, PAYMENT_REMINDER, FIRST_DUNNING], flatFeeClaimed: true }),
    ]);
    const notice = onlyNotice(evaluateOne(facts, '2025-04-07'));
    expect(notice).toMatchObject({ stageKey: 'second-dunning', channel: 'letter', feeWaivedBecause: null });
    expect(notice.fee.minor).toBe(95);
    // Interest days 11 Mar … 6 Apr = 27: 1,000,000 × 1127 × 27 / 3,650,000 = 8336.71 → 8337 ct.
    expect(notice.items[0]?.interest?.interest.minor).toBe(8337);
    // 10,000.00 + 83.37 + 0.95 = 10,084.32 €.
    expect(notice.total.minor).toBe(1_008_432);
  });

  it('waives the fee on a notice that creates default, and charges it when a listed claim was already in default', () => {
    // A policy that (against the warning) puts the postage on the payment reminder.
    const { policy, warnings } = validateDunningPolicy({
      ...DEFAULT_BUSINESS_POLICY,
      stages: DEFAULT_BUSINESS_POLICY.stages.map((s) =>
        s.key === 'payment-reminder' ? { ...s, feeCents: 95 } : s,
      ),
    });
    expect(warnings.map((w) => w.path)).toEqual(['stages.1.feeCents']);

    const fresh = claim('new', { notices: [PRE_DUE] });
    const alone = onlyNotice(evaluateOne(customer([fresh]), '2025-03-10', policy));
    expect(alone.items[0]?.alreadyInDefault).toBe(false);
    expect([alone.fee.minor, alone.feeWaivedBecause]).toEqual([0, 'creates-default']);
    expect(alone.total.minor).toBe(1_000_000);

    // An older claim, invoiced 20 Dec 2024 (received 23 Dec), due Mon 20 Jan, never reminded: the
    // 30-day rule ended on 20 Jan + 30 = 19 Feb, default since 20 Feb (§286 Abs. 3 BGB).
    const old = claim('old', {
      invoiceDate: d('2024-12-20'),
      dueDate: d('2025-01-20'),
      principal: eur(50_000),
    });
    const together = onlyNotice(evaluateOne(customer([fresh, old]), '2025-03-10', policy));
    expect(together.items.map((i) => [i.claimId, i.alreadyInDefault])).toEqual([
      ['old', true],
      ['new', false],
    ]);
    expect([together.fee.minor, together.feeWaivedBecause]).toEqual([95, null]);
    // 500.00 + 10,000.00 + 0.95 fee; the payment reminder charges no interest.
    expect(together.total.minor).toBe(1_050_095);
  });
});

describe('evaluateDunning: one letter per customer', () => {
  it('consolidates the claims of one customer at the same stage into one notice, oldest due date first', () => {
    const later = claim('b', {
      dueDate: d('2025-03-05'),
      notices: [sent('pre-due-reminder', '2025-02-26', null)],
    });
    const earlier = claim('c', { principal: eur(250_000), notices: [PRE_DUE] });
    const notice = onlyNotice(evaluateOne(customer([later, earlier]), '2025-03-12'));
    expect(notice.stageKey).toBe('payment-reminder');
    expect(notice.items.map((i) => i.claimId)).toEqual(['c', 'b']);
    // 2,500.00 + 10,000.00 = 12,500.00 €.
    expect(notice.total.minor).toBe(1_250_000);
  });

  it('lists claims with the same due and invoice date by claim id, whatever the input order', () => {
    const claims = ['c', 'a', 'b'].map((id) => claim(id, { notices: [PRE_DUE] }));
    for (const order of [claims, [...claims].reverse()]) {
      const notice = onlyNotice(evaluateOne(customer(order), '2025-03-10'));
      expect(notice.items.map((i) => i.claimId)).toEqual(['a', 'b', 'c']);
    }
  });

  it('puts claims at different stages after the due date into one letter at the highest stage, each keeping its own', () => {
    const atFirstDunning = claim('a', { notices: [PRE_DUE, PAYMENT_REMINDER] });
    // Due Mon 17 Mar, pre-due reminder sent 10 Mar: its payment reminder is due on 24 Mar too.
    const atReminder = claim('b', {
      dueDate: d('2025-03-17'),
      notices: [sent('pre-due-reminder', '2025-03-10', null)],
    });
    const notice = onlyNotice(evaluateOne(customer([atFirstDunning, atReminder]), '2025-03-24'));
    expect(notice.stageKey).toBe('first-dunning');
    expect(notice.channel).toBe('email-and-letter');
    expect(notice.items.map((i) => [i.claimId, i.stage?.key])).toEqual([
      ['a', 'first-dunning'],
      ['b', 'payment-reminder'],
    ]);
    // Each item is charged by its own stage: the 1st Mahnung's interest and flat fee on a, none on b.
    const [a, b] = notice.items;
    expect(a?.interest?.interest.minor).toBeGreaterThan(0);
    expect(a?.flatFee.minor).toBe(4000);
    expect(b?.interest).toBeNull();
    expect(b?.flatFee.minor).toBe(0);
    expect(notice.total.minor).toBe((a?.total.minor ?? 0) + (b?.total.minor ?? 0) + notice.fee.minor);
  });

  it('sends no reminder before the due date beside a dunning notice, and says why it held it back', () => {
    const overdue = claim('a', { notices: [PRE_DUE] });
    // Due Mon 17 Mar: its reminder before the due date (7 days ahead) would go out on 10 Mar.
    const notYetDue = claim('b', { invoiceDate: d('2025-02-15'), dueDate: d('2025-03-17') });
    const result = evaluateOne(customer([overdue, notYetDue]), '2025-03-10');
    expect(result.notices.map((n) => [n.stageKey, n.items.map((i) => i.claimId)])).toEqual([
      ['payment-reminder', ['a']],
    ]);
    expect(result.heldBack).toMatchObject([{ claimId: 'b', reason: 'beside-overdue-notice' }]);
    // Alone, the same claim gets its friendly reminder.
    expect(onlyNotice(evaluateOne(customer([notYetDue]), '2025-03-10')).stageKey).toBe('pre-due-reminder');
  });

  it('never combines claims of different customers', () => {
    const result = evaluateDunning(
      BUSINESS,
      [
        customer([claim('b', { notices: [PRE_DUE] })], { customerId: 'K-2' }),
        customer([claim('a', { notices: [PRE_DUE] })]),
      ],
      { today: d('2025-03-10'), state: 'BE' },
    );
    expect(result.map((r) => [r.customerId, r.notices.map((n) => n.items.map((i) => i.claimId))])).toEqual([
      ['K-1', [['a']]],
      ['K-2', [['b']]],
    ]);
  });
});

describe('evaluateDunning: payment deadlines (§193 BGB)', () => {
  it('moves a deadline that ends on Christmas Day past the holidays and the weekend', () => {
    // Due Thu 11 Dec 2025; payment reminder Thu 18 Dec + 7 = Thu 25 Dec (holiday), 26 Dec (holiday),
    // 27/28 Dec (weekend) → Mon 29 Dec.
    const facts = customer([
      claim('a', {
        invoiceDate: d('2025-11-11'),
        dueDate: d('2025-12-11'),
        notices: [sent('pre-due-reminder', '2025-12-04', null)],
      }),
    ]);
    expect(onlyNotice(evaluateOne(facts, '2025-12-18')).paymentDeadline).toBe('2025-12-29');
  });

  it('uses the public holidays of the state in the context', () => {
    // Payment reminder Fri 24 Oct 2025 + 7 = Fri 31 Oct: Reformationstag in Brandenburg, not in Berlin.
    const facts = customer([
      claim('a', {
        invoiceDate: d('2025-09-17'),
        dueDate: d('2025-10-17'),
        notices: [sent('pre-due-reminder', '2025-10-10', null)],
      }),
    ]);
    expect(onlyNotice(evaluateOne(facts, '2025-10-24', BUSINESS, 'BE')).paymentDeadline).toBe('2025-10-31');
    expect(onlyNotice(evaluateOne(facts, '2025-10-24', BUSINESS, 'BB')).paymentDeadline).toBe('2025-11-03');
  });
});

describe('evaluateDunning properties', () => {
  const dayArb = (from: string, to: string) =>
    fc
      .integer({ min: toEpochDay(d(from)), max: toEpochDay(d(to)) })
      .map((day): CalendarDate => fromEpochDay(day));
  const someDay = dayArb('2025-01-01', '2025-09-30');
  const holdArb = fc.record({
    reason: fc.constantFrom('Kulanz', 'Insolvenzprüfung'),
    until: fc.option(someDay, { nil: null }),
  });
  const noticeArb = fc.record({
    stageKey: fc.constantFrom(...STAGE_KEYS, 'retired-stage'),
    sentOn: someDay,
    channel: fc.constantFrom(...DUNNING_CHANNELS),
    paymentDeadline: fc.option(someDay, { nil: null }),
  });
  const disputeArb = fc
    .tuple(someDay, fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }))
    .map(([from, length]) => ({ from, to: length === null ? null : addDays(from, length) }));

  /** Mostly absent: a hold on every other claim would leave few notices to compare. */
  const rarely = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 9 }, { arbitrary: arb, weight: 1 });

  const claimArb = (claimId: string) =>
    fc
      .record({
        // Often the same invoice date and terms, so that claims tie on the due date and share a stage.
        invoiceDate: fc.oneof(
          { arbitrary: fc.constantFrom(d('2025-02-01'), d('2025-03-01')), weight: 3 },
          { arbitrary: dayArb('2025-01-01', '2025-06-30'), weight: 1 },
        ),
        termDays: fc.oneof({ arbitrary: fc.constant(30), weight: 3 }, fc.integer({ min: 0, max: 45 })),
        principal: fc.integer({ min: 1, max: 5_000_000 }),
        payments: rarely(
          fc.array(fc.record({ date: someDay, amount: fc.integer({ min: 1, max: 3_000_000 }) }), {
            minLength: 1,
            maxLength: 2,
          }),
        ),
        notices: fc.oneof(
          { arbitrary: fc.constant([]), weight: 2 },
          { arbitrary: fc.array(noticeArb, { maxLength: 4 }), weight: 1 },
        ),
        flatFeeClaimed: fc.boolean(),
        pendingProposal: rarely(fc.constant(true)),
        disputes: rarely(fc.array(disputeArb, { minLength: 1, maxLength: 1 })),
        promisedUntil: rarely(someDay),
        reportedPaidUntil: rarely(someDay),
        inInstalmentPlan: rarely(fc.constant(true)),
        block: rarely(holdArb),
        dueDateFixedByCalendar: fc.boolean(),
        invoiceCarriesThirtyDayNotice: fc.boolean(),
      })
      .map(({ termDays, principal, payments, ...rest }): ClaimFacts => ({
        ...rest,
        claimId,
        dueDate: addDays(rest.invoiceDate, termDays),
        principal: eur(principal),
        ...(payments
          ? { principalPayments: payments.map((p) => ({ date: p.date, amount: eur(p.amount) })) }
          : {}),
      }));

  const customerArb = (customerId: string) =>
    fc
      .record({
        debtorKind: fc.constantFrom<'business' | 'consumer'>('business', 'consumer'),
        block: rarely(holdArb),
        claimCount: fc.integer({ min: 0, max: 5 }),
      })
      .chain(({ claimCount, ...rest }) =>
        fc
          .tuple(...Array.from({ length: claimCount }, (_, i) => claimArb(`${customerId}-${i}`)))
          .map((claims): CustomerFacts => ({ customerId, ...rest, claims })),
      );

  const customersArb = fc
    .uniqueArray(fc.constantFrom('K-1', 'K-2', 'K-3', 'K-4'), { minLength: 1, maxLength: 4 })
    .chain((ids) => fc.tuple(...ids.map(customerArb)));
  const contextArb = someDay.map((today) => ({ today, state: 'BE' }));

  it('gives deeply equal results when evaluated twice with the same facts', () => {
    fc.assert(
      fc.property(customersArb, contextArb, (customers, context) => {
        expect(evaluateDunning(BUSINESS, customers, context)).toStrictEqual(
          evaluateDunning(BUSINESS, customers, context),
        );
      }),
    );
  });

  it('does not depend on the order of customers or of their claims', () => {
    const shuffledArb = customersArb.chain((customers) =>
      fc.tuple(
        fc.constant(customers),
        fc
          .tuple(
            ...customers.map((c) =>
              fc
                .shuffledSubarray([...c.claims], { minLength: c.claims.length })
                .map((claims): CustomerFacts => ({ ...c, claims })),
            ),
          )
          .chain((reordered) => fc.shuffledSubarray(reordered, { minLength: reordered.length })),
      ),
    );
    fc.assert(
      fc.property(shuffledArb, contextArb, ([customers, shuffled], context) => {
        expect(evaluateDunning(BUSINESS, shuffled, context)).toStrictEqual(
          evaluateDunning(BUSINESS, customers, context),
        );
      }),
    );
  });

  it('accounts for every claim exactly once, in a notice or held back, under its own customer', () => {
    fc.assert(
      fc.property(customersArb, contextArb, (customers, context) => {
        const result = evaluateDunning(BUSINESS, customers, context);
        expect(result.map((r) => r.customerId)).toEqual(customers.map((c) => c.customerId).sort());
        for (const evaluation of result) {
          const facts = customers.find((c) => c.customerId === evaluation.customerId) as CustomerFacts;
          const seen = [
            ...evaluation.notices.flatMap((n) => n.items.map((i) => i.claimId)),
            ...evaluation.heldBack.map((h) => h.claimId),
          ];
          expect(seen.sort()).toEqual(facts.claims.map((c) => c.claimId).sort());
          // At most one notice per stage (one letter, tasks apart), in stage order; held back by claim id.
          const stages = evaluation.notices.map((n) => n.stageIndex);
          expect(stages).toEqual([...new Set(stages)].sort((a, b) => a - b));
          const held = evaluation.heldBack.map((h) => h.claimId);
          expect(held).toEqual([...held].sort());
          for (const notice of evaluation.notices) {
            expect(notice.items.length).toBeGreaterThan(0);
            expect(notice.issuedOn).toBe(context.today);
          }
        }
      }),
    );
  });
});

describe('evaluateDunning: what earlier notices left open', () => {
  it('takes the flat fee as claimed when an earlier notice claimed it (§288 Abs. 5 BGB: once per claim)', () => {
    const firstWithFee: NoticeRecord = { ...FIRST_DUNNING, claimedFlatFee: true };
    const notice = onlyNotice(
      evaluateOne(
        customer([claim('a', { notices: [PRE_DUE, PAYMENT_REMINDER, firstWithFee] })]),
        '2025-04-07',
      ),
    );
    expect(notice.stageKey).toBe('second-dunning');
    expect(notice.items[0]?.flatFee.minor).toBe(0);
  });

  it('adds costs still open from earlier notices and deducts interest already paid (§367 BGB)', () => {
    // At the 1st Mahnung the interest to date is 4014 ct (see above); 14.00 € of it was paid,
    // and 40.95 € of earlier costs are open: 1,000,000 + 4,095 + (4,014 − 1,400) + 4,000 flat fee.
    const item = onlyNotice(
      evaluateOne(
        customer([
          claim('a', { notices: [PRE_DUE, PAYMENT_REMINDER], openCosts: eur(4095), interestPaid: eur(1400) }),
        ]),
        '2025-03-24',
      ),
    ).items[0];
    expect(item?.interest?.interest.minor).toBe(4014);
    expect(item?.openCosts.minor).toBe(4095);
    expect(item?.interestPaid.minor).toBe(1400);
    expect(item?.total.minor).toBe(1_000_000 + 4095 + 2614 + 4000);
  });

  it('never counts more interest paid than is owed as a reduction of the total', () => {
    const item = onlyNotice(
      evaluateOne(
        customer([claim('a', { notices: [PRE_DUE, PAYMENT_REMINDER], interestPaid: eur(9999) })]),
        '2025-03-24',
      ),
    ).items[0];
    expect(item?.total.minor).toBe(1_000_000 + 4000);
  });

  it('ignores payments credited after the evaluated day, as on that day nobody knew of them', () => {
    const result = evaluateOne(
      customer([
        claim('a', {
          notices: [PRE_DUE],
          principalPayments: [{ date: d('2025-03-20'), amount: eur(1_000_000) }],
        }),
      ]),
      '2025-03-10',
    );
    expect(onlyNotice(result).items[0]?.openPrincipal.minor).toBe(1_000_000);
  });
});

describe('evaluateDunning: edge cases of the history', () => {
  it('skips the pre-due reminder when it would go out with the invoice (short payment terms)', () => {
    // Invoiced 1 Mar, due 4 Mar: the reminder at −7 (25 Feb) lies before the invoice date.
    const shortTerms = claim('a', { invoiceDate: d('2025-03-01'), dueDate: d('2025-03-04') });
    expect(onlyHold(evaluateOne(customer([shortTerms]), '2025-03-01'))).toMatchObject({
      reason: 'waiting-for-stage',
      stageKey: 'payment-reminder',
    });
  });

  it('reads two notices sent on one day in stage order, whatever the order of the facts', () => {
    // The later stage (deadline 10 Apr) is the last notice, so the 2nd Mahnung (due +35 = 7 Apr) waits to 11 Apr.
    const sameDay = [
      sent('first-dunning', '2025-03-24', '2025-04-10'),
      sent('payment-reminder', '2025-03-24', null),
    ];
    const forwards = evaluateOne(customer([claim('a', { notices: sameDay })]), '2025-04-07');
    const backwards = evaluateOne(customer([claim('a', { notices: [...sameDay].reverse() })]), '2025-04-07');
    expect(forwards).toEqual(backwards);
    expect(onlyHold(forwards)).toMatchObject({
      reason: 'waiting-for-gap',
      until: '2025-04-10',
      stageKey: 'second-dunning',
    });
  });

  it('holds a claim with overlapping disputes until the longest ends, whatever their order', () => {
    const disputes = [
      { from: d('2025-03-01'), to: d('2025-03-20') },
      { from: d('2025-03-05'), to: d('2025-04-30') },
    ];
    for (const order of [disputes, [...disputes].reverse()]) {
      expect(onlyHold(evaluateOne(customer([claim('a', { disputes: order })]), '2025-03-10'))).toMatchObject({
        reason: 'disputed',
        until: '2025-04-30',
      });
    }
  });
});
