import { describe, expect, it } from 'vitest';
import { decideNoticeFee } from './dunning-fee.ts';
import type { DunningStage } from './dunning-policy.ts';

const stage = (offsetDays: number, feeCents: number, extra: Partial<DunningStage> = {}): DunningStage => ({
  key: 'stage',
  offsetDays,
  offsetFrom: 'due-date',
  channel: 'letter',
  templateKey: 'stage',
  feeCents,
  paymentDeadlineDays: 10,
  chargeInterest: false,
  claimFlatFee: false,
  minOpenCents: 0,
  announcesEscalation: false,
  ...extra,
});

const inDefault = { alreadyInDefault: true };
const notInDefault = { alreadyInDefault: false };

describe('decideNoticeFee', () => {
  it('charges the stage fee when the listed claim was already in default (§§280, 286 BGB)', () => {
    const { fee, waivedBecause } = decideNoticeFee(stage(35, 95), [inDefault], 'EUR');
    expect([fee.minor, fee.currency, waivedBecause]).toEqual([95, 'EUR', null]);
  });

  it('charges no fee on the notice that creates default', () => {
    const { fee, waivedBecause } = decideNoticeFee(stage(7, 95), [notInDefault, notInDefault], 'EUR');
    expect([fee.minor, waivedBecause]).toEqual([0, 'creates-default']);
  });

  it('charges no fee before the due date, even for a claim somehow flagged as in default', () => {
    const { fee, waivedBecause } = decideNoticeFee(stage(-7, 95), [inDefault], 'EUR');
    expect([fee.minor, waivedBecause]).toEqual([0, 'before-due-date']);
  });

  it('charges the fee once on a consolidated notice when at least one claim was already in default', () => {
    const { fee, waivedBecause } = decideNoticeFee(
      stage(21, 95),
      [notInDefault, inDefault, notInDefault],
      'EUR',
    );
    expect([fee.minor, waivedBecause]).toEqual([95, null]);
  });

  it('reports no waiver for a stage without a fee', () => {
    expect(decideNoticeFee(stage(7, 0), [notInDefault], 'EUR')).toMatchObject({ waivedBecause: null });
    expect(decideNoticeFee(stage(-7, 0), [], 'EUR').fee.minor).toBe(0);
  });

  it('states the fee in the currency of the notice', () => {
    expect(decideNoticeFee(stage(35, 150), [inDefault], 'CHF').fee.currency).toBe('CHF');
  });
});
