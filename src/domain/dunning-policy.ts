/**
 * @module dunning-policy
 * A dunning policy is data: an ordered list of stages, each with its timing, channel, template,
 * fee, new payment deadline and charges. It is validated with located errors, and checked for
 * legal pitfalls that are not errors but deserve a warning (a fee on the notice that creates
 * default is not recoverable, LAW-DE.md "Fees").
 */
import { z } from 'zod';
import { DomainError, type DomainErrorIssue } from './domain-error.ts';
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
  /** Below this open total of a customer's claims due for the stage, they are not dunned at it. */
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
    /**
     * The stage dunning resumes at when an instalment plan falls due as a whole (acceleration):
     * its key. Default: the first stage that announces escalation, else the last stage.
     */
    afterBrokenPlan: z.string().optional(),
  })
  .superRefine((policy, ctx) => {
    if (
      policy.afterBrokenPlan !== undefined &&
      !policy.stages.some((s) => s.key === policy.afterBrokenPlan)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['afterBrokenPlan'],
        message: `expected the key of one of the stages (${policy.stages.map((s) => s.key).join(', ')}), got "${policy.afterBrokenPlan}"`,
      });
    }
    for (const issue of stageOrderIssues(policy.stages)) {
      ctx.addIssue({
        code: 'custom',
        path: issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        message: issue.message,
      });
    }
  });

/**
 * The checks across stages (unique keys, order of offsets). They read the raw input and skip
 * what is malformed, so that a policy with a bad field still gets these errors reported in the
 * same pass (zod does not run refinements on an object that failed its field checks).
 */
function stageOrderIssues(stages: unknown): DomainErrorIssue[] {
  if (!Array.isArray(stages)) return [];
  const issues: DomainErrorIssue[] = [];
  const seen = new Set<string>();
  let lastDueOffset = -Infinity;
  let postDueSeen = false;
  stages.forEach((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null) return;
    const stage = raw as { key?: unknown; offsetDays?: unknown; offsetFrom?: unknown };
    const path = `stages.${i}`;
    if (typeof stage.key === 'string') {
      if (seen.has(stage.key)) issues.push({ path: `${path}.key`, message: `duplicate key "${stage.key}"` });
      seen.add(stage.key);
    }
    if (typeof stage.offsetDays !== 'number' || !Number.isInteger(stage.offsetDays)) return;
    if (stage.offsetFrom === 'previous-notice') {
      if (i === 0)
        issues.push({ path: `${path}.offsetFrom`, message: 'the first stage has no previous notice' });
      if (stage.offsetDays < 1) {
        issues.push({
          path: `${path}.offsetDays`,
          message: 'must be at least 1 day after the previous notice',
        });
      }
      postDueSeen = true;
      return;
    }
    if (stage.offsetDays <= lastDueOffset) {
      issues.push({ path: `${path}.offsetDays`, message: 'stages must come in increasing order of days' });
    }
    if (stage.offsetDays < 0 && postDueSeen) {
      issues.push({
        path: `${path}.offsetDays`,
        message: 'a reminder before the due date must come before all later stages',
      });
    }
    if (stage.offsetDays >= 0) postDueSeen = true;
    lastDueOffset = stage.offsetDays;
  });
  return issues;
}

export type DunningPolicy = z.output<typeof dunningPolicySchema>;
export type DunningPolicyInput = z.input<typeof dunningPolicySchema>;
export type DunningStage = DunningPolicy['stages'][number];

/** A stage that is sent before the claim is due (a friendly payment reminder). */
export function isPreDueStage(stage: DunningStage): boolean {
  return stage.offsetFrom === 'due-date' && stage.offsetDays < 0;
}

/**
 * The index of the first written notice after the due date. Unless the claim is already in
 * default by the calendar or the 30-day rule, it is the reminder that puts the debtor into default
 * (§286 Abs. 1 BGB) — and a reminder that creates default is never billable. A notice on the due
 * date itself is not yet "after the claim fell due", and a phone task is no written reminder.
 */
export function defaultCreatingStageIndex(policy: DunningPolicy): number {
  return policy.stages.findIndex(
    (stage) => stage.channel !== 'task' && (stage.offsetFrom === 'previous-notice' || stage.offsetDays > 0),
  );
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
  try {
    const policy = parseWithSchema(dunningPolicySchema, input, 'invalid-dunning-policy', 'dunning policy');
    return { policy, warnings: dunningPolicyWarnings(policy) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Report the checks across stages too, not only the field errors that stopped zod.
    const known = new Set(error.issues.map((i) => `${i.path}|${i.message}`));
    const stages =
      typeof input === 'object' && input !== null ? (input as { stages?: unknown }).stages : undefined;
    const extra = stageOrderIssues(stages).filter((i) => !known.has(`${i.path}|${i.message}`));
    if (extra.length === 0) throw error;
    const issues = [...error.issues, ...extra];
    throw new DomainError(
      'invalid-dunning-policy',
      `invalid dunning policy: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues, cause: error },
    );
  }
}

/** The index of the stage dunning resumes at after a broken instalment plan (see `afterBrokenPlan`). */
export function stageAfterBrokenPlan(policy: DunningPolicy): number {
  if (policy.afterBrokenPlan !== undefined) {
    const named = policy.stages.findIndex((s) => s.key === policy.afterBrokenPlan);
    if (named >= 0) return named;
  }
  const escalating = policy.stages.findIndex((s) => s.announcesEscalation);
  return escalating >= 0 ? escalating : policy.stages.length - 1;
}
