import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUSINESS_POLICY,
  DEFAULT_CONSUMER_POLICY,
  DEFAULT_KEY_ACCOUNT_POLICY,
} from './default-dunning-policies.ts';
import { defaultCreatingStageIndex, validateDunningPolicy } from './dunning-policy.ts';

describe('the shipped dunning policies', () => {
  it.each([
    ['business', DEFAULT_BUSINESS_POLICY],
    ['consumer', DEFAULT_CONSUMER_POLICY],
    ['key account', DEFAULT_KEY_ACCOUNT_POLICY],
  ])('the %s policy validates without any warning', (_name, input) => {
    const { policy, warnings } = validateDunningPolicy(input);
    expect(warnings).toEqual([]);
    expect(policy.key).toBe(input.key);
  });

  it('the business policy follows SPEC.md: −7, +7, +21, +35, +49, +63 days', () => {
    const { policy } = validateDunningPolicy(DEFAULT_BUSINESS_POLICY);
    expect(
      policy.stages.map((s) => [s.key, s.offsetDays, s.channel, s.feeCents, s.paymentDeadlineDays]),
    ).toEqual([
      ['pre-due-reminder', -7, 'email', 0, null],
      ['payment-reminder', 7, 'email', 0, 7],
      ['first-dunning', 21, 'email-and-letter', 0, 10],
      ['second-dunning', 35, 'letter', 95, 10],
      ['final-notice', 49, 'letter', 95, 10],
      ['escalation-decision', 63, 'task', 0, null],
    ]);
    expect(policy.stages.filter((s) => s.announcesEscalation).map((s) => s.key)).toEqual(['final-notice']);
  });

  it('the business policy claims interest and the €40 flat fee from the 1st Mahnung on (§288 BGB)', () => {
    const { policy } = validateDunningPolicy(DEFAULT_BUSINESS_POLICY);
    const charging = (flag: 'chargeInterest' | 'claimFlatFee') =>
      policy.stages.filter((s) => s[flag]).map((s) => s.key);
    expect(charging('chargeInterest')).toEqual(['first-dunning', 'second-dunning', 'final-notice']);
    expect(charging('claimFlatFee')).toEqual(['first-dunning', 'second-dunning', 'final-notice']);
  });

  it('the business policy charges nothing on its stage that creates default, the payment reminder (§286 Abs. 1 BGB)', () => {
    const { policy, warnings } = validateDunningPolicy(DEFAULT_BUSINESS_POLICY);
    const creating = defaultCreatingStageIndex(policy);
    expect(policy.stages[creating]).toMatchObject({
      key: 'payment-reminder',
      feeCents: 0,
      claimFlatFee: false,
    });
    expect(warnings.filter((w) => w.path.startsWith(`stages.${creating}.`))).toEqual([]);
  });

  it('the consumer policy never claims the flat fee, which §288 Abs. 5 BGB gives only against businesses', () => {
    const { policy } = validateDunningPolicy(DEFAULT_CONSUMER_POLICY);
    expect(policy.stages.some((s) => s.claimFlatFee)).toBe(false);
    expect(policy.minDaysBetweenNotices).toBeGreaterThanOrEqual(10);
  });

  it('the key account policy replaces letters with a call and charges no fee', () => {
    const { policy } = validateDunningPolicy(DEFAULT_KEY_ACCOUNT_POLICY);
    expect(policy.stages.some((s) => s.channel === 'letter' || s.channel === 'email-and-letter')).toBe(false);
    expect(policy.stages.some((s) => s.channel === 'task' && s.key === 'call')).toBe(true);
    expect(policy.stages.every((s) => s.feeCents === 0)).toBe(true);
  });
});
