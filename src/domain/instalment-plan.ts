/**
 * @module instalment-plan
 * Where an instalment plan stands on a day. Money paid towards the plan's claims since the
 * agreement covers the instalments in the order they fall due (the oldest first, as a debtor who
 * pays "the next instalment" means it). An instalment not covered `graceDays` after its due date
 * makes the whole remaining balance due (acceleration clause, Verfallklausel): the plan is then
 * accelerated on the day after the grace period ends, and dunning resumes. All instalments covered:
 * the plan is completed.
 *
 * @example
 * planStanding({ instalments, paidCents: 30_000, today: '2027-03-20', graceDays: 14 });
 * // → { status: 'accelerated', acceleratedOn: '2027-03-16', missed: { number: 2, … }, … }
 *
 * Before each open instalment the debtor may be reminded (`instalmentsToRemind`), a few days ahead.
 */
import { addDays, type CalendarDate } from './calendar-date.ts';
import { DomainError } from './domain-error.ts';

export interface ScheduledInstalment {
  number: number;
  dueDate: CalendarDate;
  amountCents: number;
}

export interface CoveredInstalment extends ScheduledInstalment {
  /** What the payments so far cover of this instalment. */
  paidCents: number;
}

export type PlanStanding =
  | { status: 'active'; instalments: CoveredInstalment[]; openCents: number; next: CoveredInstalment }
  | { status: 'completed'; instalments: CoveredInstalment[]; openCents: 0 }
  | {
      status: 'accelerated';
      instalments: CoveredInstalment[];
      openCents: number;
      /** The first instalment not covered by the end of its grace period. */
      missed: CoveredInstalment;
      acceleratedOn: CalendarDate;
    };

/** Spreads what was paid over the instalments, the earliest due first; more than due stays with the last. */
export function coverInstalments(
  instalments: readonly ScheduledInstalment[],
  paidCents: number,
): CoveredInstalment[] {
  if (!Number.isSafeInteger(paidCents)) {
    throw new DomainError('invalid-amount', `paidCents: expected whole cents, got ${paidCents}`, {
      path: 'paidCents',
    });
  }
  const ordered = [...instalments].sort((a, b) =>
    a.dueDate === b.dueDate ? a.number - b.number : a.dueDate < b.dueDate ? -1 : 1,
  );
  let rest = Math.max(0, paidCents);
  return ordered.map((instalment, i) => {
    const last = i === ordered.length - 1;
    const paid = last ? rest : Math.min(rest, instalment.amountCents);
    rest -= paid;
    return { ...instalment, paidCents: paid };
  });
}

export function planStanding(options: {
  instalments: readonly ScheduledInstalment[];
  paidCents: number;
  today: CalendarDate;
  graceDays: number;
}): PlanStanding {
  const { today, graceDays } = options;
  if (!Number.isInteger(graceDays) || graceDays < 0 || graceDays > 90) {
    throw new DomainError('invalid-argument', `graceDays: expected 0 to 90 days, got ${graceDays}`, {
      path: 'graceDays',
    });
  }
  if (options.instalments.length === 0) {
    throw new DomainError('invalid-argument', 'instalments: a plan has at least one instalment', {
      path: 'instalments',
    });
  }
  const instalments = coverInstalments(options.instalments, options.paidCents);
  const openCents = instalments.reduce((sum, i) => sum + Math.max(0, i.amountCents - i.paidCents), 0);
  if (openCents === 0) return { status: 'completed', instalments, openCents: 0 };
  const missed = instalments.find(
    (i) => i.paidCents < i.amountCents && addDays(i.dueDate, graceDays) < today,
  );
  if (missed) {
    return {
      status: 'accelerated',
      instalments,
      openCents,
      missed,
      acceleratedOn: addDays(missed.dueDate, graceDays + 1),
    };
  }
  const next = instalments.find((i) => i.paidCents < i.amountCents) as CoveredInstalment;
  return { status: 'active', instalments, openCents, next };
}

/** The longest lead a reminder may have: more would reach back into the previous instalment's month. */
export const MAX_REMINDER_DAYS = 30;

/**
 * The instalments to remind the debtor of on `today`: not yet covered, falling due in at most
 * `daysBefore` days (from `dueDate - daysBefore` up to the due date itself, so a run that missed a
 * day still reminds), and due after the agreement day (a down payment due on the day the plan is
 * agreed needs no reminder). Whether a reminder already went out is for the caller to know.
 */
export function instalmentsToRemind(options: {
  instalments: readonly CoveredInstalment[];
  today: CalendarDate;
  daysBefore: number;
  agreedOn: CalendarDate;
}): CoveredInstalment[] {
  const { today, daysBefore, agreedOn } = options;
  if (!Number.isInteger(daysBefore) || daysBefore < 0 || daysBefore > MAX_REMINDER_DAYS) {
    throw new DomainError(
      'invalid-argument',
      `daysBefore: expected 0 to ${MAX_REMINDER_DAYS} days, got ${daysBefore}`,
      { path: 'daysBefore' },
    );
  }
  return options.instalments.filter(
    (i) =>
      i.paidCents < i.amountCents &&
      i.dueDate > agreedOn &&
      today <= i.dueDate &&
      addDays(i.dueDate, -daysBefore) <= today,
  );
}
