/**
 * @module plan-check
 * A proposed instalment plan checked against the company's limits before it is sent. Hard rules
 * (what the API refuses: 1 to 36 months, a first due date from today to 31 days ahead) are field
 * messages; the company's limits (`maxMonths`, `minInstalmentCents`) are not: a proposal outside
 * them may still be sent and then waits for a person's approval, so the form says so beforehand.
 * The instalment is worked out as the API does (the total divided by the months, rounded down).
 */
import { formatDate, formatMoney } from '../i18n/format.ts';
import { addDays } from './calendar.ts';
import type { Checked, FieldErrors } from './form-checks.ts';
import { MAX_NOTE } from './form-checks.ts';
import { portalText } from './portal-messages.ts';
import type { Language, PlanProposalBody, PortalLimits } from './portal-types.ts';

/** The API's bounds (src/services/portal-plan-service.ts): months, and the first due date's window. */
export const MAX_PLAN_MONTHS = 36;
export const MAX_FIRST_INSTALMENT_DAYS = 31;
/** The first due date the form suggests, as the API would choose it when none is given. */
export const DEFAULT_FIRST_INSTALMENT_DAYS = 14;

export interface PlanInput {
  months: string;
  firstDueDate: string;
  note: string;
}

export interface PlanPreview {
  months: number;
  /** Each instalment, about (the last one takes the rest). */
  instalmentCents: number;
  totalCents: number;
  /** Why the company would look at it first; empty: within the limits. */
  outsideLimits: string[];
}

export interface PlanCheck extends Checked<PlanProposalBody> {
  /** What the plan would come to; null while the months are not a valid number. */
  preview: PlanPreview | null;
}

export function checkPlanProposal(
  input: PlanInput,
  context: { today: string; limits: PortalLimits; totalCents: number },
  language: Language,
): PlanCheck {
  const say = (key: Parameters<typeof portalText>[1], vars: Record<string, string | number> = {}) =>
    portalText(language, key, vars);
  const errors: FieldErrors = {};
  const text = input.months.trim();
  const months = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  const validMonths = Number.isInteger(months) && months >= 1 && months <= MAX_PLAN_MONTHS;
  if (!validMonths) errors.months = say('invalid.months', { max: MAX_PLAN_MONTHS });
  const latest = addDays(context.today, MAX_FIRST_INSTALMENT_DAYS);
  if (input.firstDueDate.trim() === '') {
    errors.firstDueDate = say('invalid.date');
  } else if (input.firstDueDate < context.today || input.firstDueDate > latest) {
    errors.firstDueDate = say('invalid.dateRange', {
      from: formatDate(context.today, language),
      to: formatDate(latest, language),
    });
  }
  const note = input.note.trim();
  if (note.length > MAX_NOTE) errors.note = say('invalid.tooLong', { max: MAX_NOTE });
  let preview: PlanPreview | null = null;
  if (validMonths) {
    const instalmentCents = Math.floor(context.totalCents / months);
    const { maxMonths, minInstalmentCents } = context.limits;
    preview = {
      months,
      instalmentCents,
      totalCents: context.totalCents,
      outsideLimits: [
        ...(months > maxMonths ? [say('actions.plan.outsideMonths', { months: maxMonths })] : []),
        ...(instalmentCents < minInstalmentCents
          ? [say('actions.plan.outsideInstalment', { min: formatMoney(minInstalmentCents, language) })]
          : []),
      ],
    };
  }
  const body: PlanProposalBody = {
    months,
    firstDueDate: input.firstDueDate,
    ...(note ? { note } : {}),
  };
  return Object.keys(errors).length > 0 ? { errors, body: null, preview } : { errors, body, preview };
}

/** The most months whose instalment still reaches the minimum, within the company's maximum (at least 1). */
export function longestPlanWithinLimits(totalCents: number, limits: PortalLimits): number {
  if (limits.minInstalmentCents <= 0) return Math.max(1, limits.maxMonths);
  const byMinimum = Math.floor(totalCents / limits.minInstalmentCents);
  return Math.max(1, Math.min(limits.maxMonths, byMinimum));
}
