/**
 * @module dunning-fee
 * Whether a notice may carry its stage's fee. Dunning costs are damages caused by default
 * (§§280, 286 BGB): only actual costs, and never for the reminder that creates default, nor for
 * a reminder before the due date. On a consolidated notice the fee is charged when at least
 * one listed claim was already in default.
 */
import type { DunningStage } from './dunning-policy.ts';
import { isPreDueStage } from './dunning-policy.ts';
import { Money } from './money.ts';

export type FeeWaiver = 'before-due-date' | 'creates-default' | null;

export interface NoticeFee {
  fee: Money;
  /** Why the stage's fee was not charged, or `null` when it was (or the stage has none). */
  waivedBecause: FeeWaiver;
}

export function decideNoticeFee(
  stage: DunningStage,
  items: readonly { alreadyInDefault: boolean }[],
  currency: string,
): NoticeFee {
  const none = Money.zero(currency);
  if (stage.feeCents === 0) return { fee: none, waivedBecause: null };
  if (isPreDueStage(stage)) return { fee: none, waivedBecause: 'before-due-date' };
  if (!items.some((item) => item.alreadyInDefault)) return { fee: none, waivedBecause: 'creates-default' };
  return { fee: Money.of(stage.feeCents, currency), waivedBecause: null };
}
