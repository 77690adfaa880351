/**
 * @module start-of-default
 * When does the debtor fall into default (Verzug, §286 BGB)? The earliest of:
 * - §286 Abs. 2 Nr. 1: the due date is fixed by the calendar in the contract → the day after it;
 * - §286 Abs. 2 Nr. 3: the debtor seriously and finally refuses to pay → the day after the refusal,
 *   but not before the day after the last day to pay (default needs a due claim);
 * - §286 Abs. 1: a reminder (Mahnung) received after the claim fell due → the day after receipt;
 * - §286 Abs. 3: 30 days after due date and receipt of the invoice → the day after the 30th day;
 *   for a consumer only if the invoice pointed this consequence out.
 * Deadlines that end on a weekend or public holiday move to the next working day (§193 BGB).
 *
 * "First day of default" here is the first full day of default, which is also the first interest
 * day (interest runs from the day after the event, §187 Abs. 1 BGB).
 */
import { addDays, type CalendarDate } from './calendar-date.ts';
import type { DebtorKind } from './default-interest.ts';
import { adjustDeadlineToWorkingDay } from './public-holidays.ts';

export type DefaultReason = 'calendar-due-date' | 'refusal' | 'reminder' | 'thirty-day-rule';

export const DEFAULT_REASON_STATUTE: Record<DefaultReason, string> = {
  'calendar-due-date': '§286 Abs. 2 Nr. 1 BGB',
  refusal: '§286 Abs. 2 Nr. 3 BGB',
  reminder: '§286 Abs. 1 BGB',
  'thirty-day-rule': '§286 Abs. 3 BGB',
};

export interface DefaultFacts {
  debtorKind: DebtorKind;
  dueDate: CalendarDate;
  /** The contract fixes the due date by the calendar ("zahlbar bis 31.03."), not just the invoice. */
  dueDateFixedByCalendar: boolean;
  /** The day the invoice reached the debtor, known or assumed. */
  invoiceReceivedOn: CalendarDate;
  /** The invoice told a consumer that default follows 30 days after due date and receipt. */
  invoiceCarriesThirtyDayNotice: boolean;
  /** Days on which reminders reached the debtor, known or assumed. */
  remindersReceivedOn: readonly CalendarDate[];
  /** The day the debtor seriously and finally refused payment, if so. */
  refusedOn?: CalendarDate | null;
  /** Federal state of the place of performance, for the public holidays of §193 BGB. */
  state: string;
}

export interface StartOfDefault {
  /** First day of default; `null` when nothing has put the debtor into default. */
  startsOn: CalendarDate | null;
  reason: DefaultReason | null;
  statute: string | null;
  /** The payment deadline after §193 BGB: the last day the debtor may pay without default. */
  lastDayToPay: CalendarDate;
}

export function determineStartOfDefault(facts: DefaultFacts): StartOfDefault {
  const lastDayToPay = adjustDeadlineToWorkingDay(facts.dueDate, facts.state);
  const candidates: { startsOn: CalendarDate; reason: DefaultReason }[] = [];

  if (facts.dueDateFixedByCalendar) {
    candidates.push({ startsOn: addDays(lastDayToPay, 1), reason: 'calendar-due-date' });
  }
  if (facts.refusedOn) {
    // A refusal before the claim is due spares the reminder, but default still needs the claim to be due.
    const refusal = facts.refusedOn > lastDayToPay ? facts.refusedOn : lastDayToPay;
    candidates.push({ startsOn: addDays(refusal, 1), reason: 'refusal' });
  }
  // A reminder before the claim fell due has no effect (§286 Abs. 1 requires "nach dem Eintritt der Fälligkeit").
  const effectiveReminders = facts.remindersReceivedOn.filter((d) => d > lastDayToPay).sort();
  const firstReminder = effectiveReminders[0];
  if (firstReminder) candidates.push({ startsOn: addDays(firstReminder, 1), reason: 'reminder' });

  if (facts.debtorKind === 'business' || facts.invoiceCarriesThirtyDayNotice) {
    const start = facts.invoiceReceivedOn > facts.dueDate ? facts.invoiceReceivedOn : facts.dueDate;
    // §187 Abs. 1: the day of the event is not counted; §188 Abs. 1: the period ends with its 30th day.
    const lastDay = adjustDeadlineToWorkingDay(addDays(start, 30), facts.state);
    candidates.push({ startsOn: addDays(lastDay, 1), reason: 'thirty-day-rule' });
  }

  const earliest = candidates.sort((a, b) =>
    a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0,
  )[0];
  return {
    startsOn: earliest?.startsOn ?? null,
    reason: earliest?.reason ?? null,
    statute: earliest ? DEFAULT_REASON_STATUTE[earliest.reason] : null,
    lastDayToPay,
  };
}
