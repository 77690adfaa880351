/**
 * @module default-dunning-policies
 * The policies Mahnwerk ships (SPEC.md "The policy shipped by default"); tenants edit copies.
 * Fees are the postage of a standard letter (Deutsche Post Standardbrief, €0.95 since 2025).
 */
import type { DunningPolicyInput } from './dunning-policy.ts';

const POSTAGE_CENTS = 95;

/** For business debtors. */
export const DEFAULT_BUSINESS_POLICY: DunningPolicyInput = {
  key: 'standard-business',
  name: 'Standard (Geschäftskunden)',
  version: 1,
  approval: 'manual',
  minDaysBetweenNotices: 7,
  stages: [
    {
      key: 'pre-due-reminder',
      name: 'Zahlungserinnerung vor Fälligkeit',
      offsetDays: -7,
      channel: 'email',
      templateKey: 'pre-due-reminder',
    },
    {
      key: 'payment-reminder',
      name: 'Zahlungserinnerung',
      offsetDays: 7,
      channel: 'email',
      templateKey: 'payment-reminder',
      paymentDeadlineDays: 7,
    },
    {
      key: 'first-dunning',
      name: '1. Mahnung',
      offsetDays: 21,
      channel: 'email-and-letter',
      templateKey: 'first-dunning',
      paymentDeadlineDays: 10,
      chargeInterest: true,
      claimFlatFee: true,
    },
    {
      key: 'second-dunning',
      name: '2. Mahnung',
      offsetDays: 35,
      channel: 'letter',
      templateKey: 'second-dunning',
      feeCents: POSTAGE_CENTS,
      paymentDeadlineDays: 10,
      chargeInterest: true,
      claimFlatFee: true,
    },
    {
      key: 'final-notice',
      name: 'Letzte Mahnung',
      offsetDays: 49,
      channel: 'letter',
      templateKey: 'final-notice',
      feeCents: POSTAGE_CENTS,
      paymentDeadlineDays: 10,
      chargeInterest: true,
      claimFlatFee: true,
      announcesEscalation: true,
    },
    {
      key: 'escalation-decision',
      name: 'Eskalation entscheiden',
      offsetDays: 63,
      channel: 'task',
      templateKey: 'escalation-decision',
    },
  ],
};

/** Gentler, for consumers: more time, no flat fee (§288 Abs. 5 BGB applies to business debtors only). */
export const DEFAULT_CONSUMER_POLICY: DunningPolicyInput = {
  key: 'standard-consumer',
  name: 'Standard (Privatkunden)',
  version: 1,
  approval: 'manual',
  minDaysBetweenNotices: 10,
  stages: [
    {
      key: 'pre-due-reminder',
      name: 'Zahlungserinnerung vor Fälligkeit',
      offsetDays: -5,
      channel: 'email',
      templateKey: 'pre-due-reminder',
    },
    {
      key: 'payment-reminder',
      name: 'Zahlungserinnerung',
      offsetDays: 10,
      channel: 'email',
      templateKey: 'payment-reminder',
      paymentDeadlineDays: 10,
    },
    {
      key: 'first-dunning',
      name: '1. Mahnung',
      offsetDays: 28,
      channel: 'email-and-letter',
      templateKey: 'first-dunning',
      paymentDeadlineDays: 14,
      chargeInterest: true,
    },
    {
      key: 'second-dunning',
      name: '2. Mahnung',
      offsetDays: 45,
      channel: 'letter',
      templateKey: 'second-dunning',
      feeCents: POSTAGE_CENTS,
      paymentDeadlineDays: 14,
      chargeInterest: true,
    },
    {
      key: 'final-notice',
      name: 'Letzte Mahnung',
      offsetDays: 63,
      channel: 'letter',
      templateKey: 'final-notice',
      feeCents: POSTAGE_CENTS,
      paymentDeadlineDays: 14,
      chargeInterest: true,
      announcesEscalation: true,
    },
    {
      key: 'escalation-decision',
      name: 'Eskalation entscheiden',
      offsetDays: 80,
      channel: 'task',
      templateKey: 'escalation-decision',
    },
  ],
};

/** Key accounts: a call replaces the letters; no fees. */
export const DEFAULT_KEY_ACCOUNT_POLICY: DunningPolicyInput = {
  key: 'key-accounts',
  name: 'Schlüsselkunden',
  version: 1,
  approval: 'manual',
  minDaysBetweenNotices: 7,
  stages: [
    {
      key: 'pre-due-reminder',
      name: 'Zahlungserinnerung vor Fälligkeit',
      offsetDays: -7,
      channel: 'email',
      templateKey: 'pre-due-reminder',
    },
    {
      key: 'payment-reminder',
      name: 'Zahlungserinnerung',
      offsetDays: 7,
      channel: 'email',
      templateKey: 'payment-reminder',
      paymentDeadlineDays: 7,
    },
    { key: 'call', name: 'Anruf', offsetDays: 14, channel: 'task', templateKey: 'call-customer' },
    {
      key: 'first-dunning',
      name: '1. Mahnung',
      offsetDays: 28,
      channel: 'email',
      templateKey: 'first-dunning',
      paymentDeadlineDays: 10,
      chargeInterest: true,
    },
    {
      key: 'escalation-decision',
      name: 'Eskalation entscheiden',
      offsetDays: 42,
      channel: 'task',
      templateKey: 'escalation-decision',
    },
  ],
};
