/**
 * @module dunning-policy
 * A dunning policy is data: an ordered list of stages, each with its timing, channel, template,
 * fee, new payment deadline and charges. It is validated with located errors, and checked for
 * legal pitfalls that are not errors but deserve a warning (a fee on the notice that creates
 * default is not recoverable, LAW-DE.md "Fees").
 */
import { z } from 'zod';
import type { DomainErrorIssue } from './domain-error.ts';
import { centsSchema } from './schema-types.ts';
import { parseWithSchema } from './zod-issues.ts';

export const DUNNING_CHANNELS = ['email', 'letter', 'email-and-letter', 'task'] as const;
export type DunningChannel = (typeof DUNNING_CHANNELS)[number];

/** Above this, a dunning fee is unlikely to be "actual costs" (courts accepted €1.20–2.50; BGH VIII ZR 95/18). */
export const FEE_WARNING_THRESHOLD_CENTS = 250;

const stageSchema = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a key of lowercase letters, digits and dashes'),
  name: z.string().min(1).max(80).optional(),
  /** Days after the due date (negative: before it), or after the previous notice. */
  offsetDays: z.number().int().min(-90).max(730),
  offsetFrom: z.enum(['due-date', 'previous-notice']).default('due-date'),
  channel: z.enum(DUNNING_CHANNELS),
  templateKey: z.string().min(1).max(80),
  /** The actual cost of this notice (print, postage), charged only when the debtor is already in default. */
  feeCents: centsSchema.default(0),
  /** Days the debtor is given from the notice date to pay; `null`: no new deadline is named. */
  paymentDeadlineDays: z.number().int().min(1).max(90).nullable().default(null),
  /** Claim default interest up to the notice date. */
  chargeInterest: z.boolean().default(false),
  /** Claim the €40 flat fee of §288 Abs. 5 BGB (business debtors; once per claim). */
  claimFlatFee: z.boolean().default(false),
  /** Below this open total (per customer and stage) no notice is made. */
  minOpenCents: centsSchema.default(0),
  /** The notice announces the handover to a collection agency or the court procedure. */
  announcesEscalation: z.boolean().default(false),
});

export const dunningPolicySchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a key of lowercase letters, digits and dashes'),
    name: z.string().min(1).max(120),
    version: z.number().int().min(1).default(1),
    /** `manual`: proposals wait for a person to approve; `automatic`: they go out at once. */
    approval: z.enum(['manual', 'automatic']).default('manual'),
    /** Least number of days between two notices for the same claim. */
    minDaysBetweenNotices: z.number().int().min(0).max(90).default(7),
    /** Days assumed until a notice reaches the debtor, per channel (for §286 Abs. 1 BGB). */
    deliveryDays: z
      .object({ email: z.number().int().min(0).max(14), letter: z.number().int().min(0).max(14) })
      .default({ email: 0, letter: 3 }),
    stages: z.array(stageSchema).min(1).max(20),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    let lastDueOffset = -Infinity;
    let postDueSeen = false;
    policy.stages.forEach((stage, i) => {
      const path = ['stages', i];
      if (seen.has(stage.key))
        ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: `duplicate key "${stage.key}"` });
      seen.add(stage.key);
      if (stage.offsetFrom === 'previous-notice') {
        if (i === 0) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'offsetFrom'],
            message: 'the first stage has no previous notice',
          });
        }
        if (stage.offsetDays < 1) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'offsetDays'],
            message: 'must be at least 1 day after the previous notice',
          });
        }
        postDueSeen = true;
        return;
      }
      if (stage.offsetDays <= lastDueOffset) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'offsetDays'],
          message: 'stages must come in increasing order of days',
        });
      }
      if (stage.offsetDays < 0 && postDueSeen) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'offsetDays'],
          message: 'a reminder before the due date must come before all later stages',
        });
      }
      if (stage.offsetDays >= 0) postDueSeen = true;
      lastDueOffset = stage.offsetDays;
    });
  });

export type DunningPolicy = z.output<typeof dunningPolicySchema>;
export type DunningPolicyInput = z.input<typeof dunningPolicySchema>;
export type DunningStage = DunningPolicy['stages'][number];

/** A stage that is sent before the claim is due (a friendly payment reminder). */
export function isPreDueStage(stage: DunningStage): boolean {
  return stage.offsetFrom === 'due-date' && stage.offsetDays < 0;
}

/**
 * The index of the first stage after the due date. Unless the claim is already in default by
 * the calendar or the 30-day rule, its notice is the reminder that puts the debtor into default
 * (§286 Abs. 1 BGB) — and a reminder that creates default is never billable.
 */
export function defaultCreatingStageIndex(policy: DunningPolicy): number {
  return policy.stages.findIndex((stage) => !isPreDueStage(stage));
}

export interface ValidatedDunningPolicy {
  policy: DunningPolicy;
  warnings: DomainErrorIssue[];
}

export function dunningPolicyWarnings(policy: DunningPolicy): DomainErrorIssue[] {
  const warnings: DomainErrorIssue[] = [];
  const creating = defaultCreatingStageIndex(policy);
  policy.stages.forEach((stage, i) => {
    const path = `stages.${i}`;
    if (isPreDueStage(stage)) {
      if (stage.feeCents > 0)
        warnings.push({
          path: `${path}.feeCents`,
          message: 'a reminder before the due date can never carry a fee; it will not be charged',
        });
      if (stage.chargeInterest || stage.claimFlatFee) {
        warnings.push({
          path,
          message:
            'before the due date there is no default, so no interest or flat fee; they will not be charged',
        });
      }
      return;
    }
    if (i === creating && stage.feeCents > 0) {
      warnings.push({
        path: `${path}.feeCents`,
        message:
          'this is the first notice after the due date: it usually puts the debtor into default (§286 Abs. 1 BGB), and the notice that creates default is not billable; the fee will be charged only where the claim was already in default',
      });
    }
    if (i === creating && stage.claimFlatFee) {
      warnings.push({
        path: `${path}.claimFlatFee`,
        message:
          'the €40 flat fee (§288 Abs. 5 BGB) needs default; on the notice that creates it, it will be claimed only where the claim was already in default',
      });
    }
    if (stage.feeCents > FEE_WARNING_THRESHOLD_CENTS) {
      warnings.push({
        path: `${path}.feeCents`,
        message: `only actual costs are recoverable (BGH VIII ZR 95/18): courts accepted €1.20–2.50; ${(stage.feeCents / 100).toFixed(2)} € is at risk`,
      });
    }
    if (stage.channel === 'task' && stage.feeCents > 0) {
      warnings.push({
        path: `${path}.feeCents`,
        message: 'a phone call has no postage or print cost to recover',
      });
    }
  });
  return warnings;
}

export function validateDunningPolicy(input: unknown): ValidatedDunningPolicy {
  const policy = parseWithSchema(dunningPolicySchema, input, 'invalid-dunning-policy', 'dunning policy');
  return { policy, warnings: dunningPolicyWarnings(policy) };
}
