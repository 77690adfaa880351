/**
 * @module retention
 * How long records must be kept (Aufbewahrungsfristen) and so when personal data in them may be
 * erased (GDPR Art. 17 Abs. 3 lit. b: a legal obligation to keep overrides the right to erasure).
 * The rules are data: a record class, its period and the statutes. A period runs from the end of
 * the calendar year in which the record was made (§ 147 Abs. 4 AO, § 257 Abs. 5 HGB), so a record
 * of any day in year Y with a period of N years is kept to 31 December of Y + N.
 *
 * @example
 * retentionEnd('2025-03-14', 8) // '2033-12-31': deletable from 1 January 2034
 */
import { type CalendarDate, calendarDate, yearOf } from './calendar-date.ts';

export type RetentionClass = 'booking-records' | 'business-letters';

export interface RetentionRule {
  years: number;
  /** The statutes that require keeping the class. */
  law: string;
  /** What of Mahnwerk's records falls under the class. */
  covers: string;
}

/** The periods of LAW-DE.md ("Records (GoBD)"). */
export const RETENTION_RULES: Readonly<Record<RetentionClass, RetentionRule>> = {
  // 8 years for booking vouchers since 1 January 2025 (Viertes Bürokratieentlastungsgesetz).
  'booking-records': {
    years: 8,
    law: '§ 147 Abs. 1 Nr. 4, Abs. 3, 4 AO; § 257 Abs. 1 Nr. 4, Abs. 4, 5 HGB',
    covers:
      'invoices and their lines, credit notes, payments and their allocations, bank transactions, ' +
      'write-offs, direct debits, charged costs, agency remittances',
  },
  'business-letters': {
    years: 6,
    law: '§ 147 Abs. 1 Nr. 2, 3, Abs. 3, 4 AO; § 257 Abs. 1 Nr. 2, 3, Abs. 4, 5 HGB',
    covers:
      'notices (reminders) and their archived letters, orders and confirmations, instalment agreements, ' +
      'SEPA mandates, disputes and their attachments, collection handovers',
  },
};

/** The last day a record made on `recordDate` must be kept under a period of `years` years. */
export function retentionEnd(recordDate: CalendarDate, years: number): CalendarDate {
  return calendarDate(yearOf(recordDate) + years, 12, 31);
}

/** The last day of keeping for the latest record of a class; null when the class has no records. */
export function retentionEndOfClass(
  latestRecordDate: CalendarDate | null,
  retentionClass: RetentionClass,
): CalendarDate | null {
  return latestRecordDate === null
    ? null
    : retentionEnd(latestRecordDate, RETENTION_RULES[retentionClass].years);
}

/** Whether records kept until `keptUntil` may be erased on `today` (the day after the period). */
export function isRetentionOver(keptUntil: CalendarDate | null, today: CalendarDate): boolean {
  return keptUntil === null || keptUntil < today;
}
