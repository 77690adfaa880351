/**
 * @module schema-types
 * zod schemas for the value types of the domain, shared by every document that is data
 * (payment terms, dunning policies).
 */
import { z } from 'zod';
import { type CalendarDate, isCalendarDate } from './calendar-date.ts';
import { type Percent, parsePercent } from './percent.ts';

export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'expected a date as YYYY-MM-DD' })
  .transform((s) => s as CalendarDate);

/** A percentage written as a string ("2", "2.5") or a number; kept exact. */
export const percentSchema = z.union([z.string(), z.number()]).transform((value, ctx): Percent => {
  try {
    return parsePercent(value);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `expected a percentage like 2 or 2.5, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
});

export const centsSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
