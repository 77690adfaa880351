/**
 * @module valid-statement
 * What "a valid result" means for a bank statement read from hostile input (camt, MT940, CSV): whole
 * cents that a double holds exactly, real calendar dates, ISO currency codes, nothing undefined.
 * The fuzz tests accept a parser's result only when it passes this check.
 */
import { expect } from 'vitest';
import { isCalendarDate } from '../../src/domain/calendar-date.ts';
import type { BankStatement, StatementEntry } from '../../src/formats/bank-statement.ts';
import type { StatementEvent } from '../../src/formats/statement-events.ts';

function expectCents(value: number | null, what: string, nullable = true): void {
  if (value === null && nullable) return;
  expect(Number.isSafeInteger(value), `${what}: ${value} is no whole number of cents`).toBe(true);
}

function expectDate(value: string | null, what: string): void {
  if (value === null) return;
  expect(isCalendarDate(value), `${what}: ${value} is no calendar date`).toBe(true);
}

export function expectValidEntry(entry: StatementEntry): void {
  expectCents(entry.amountCents, 'entry amount', false);
  expect(entry.amountCents).toBeGreaterThanOrEqual(0);
  expectDate(entry.bookingDate, 'booking date');
  expect(entry.bookingDate).not.toBeNull();
  expectDate(entry.valueDate, 'value date');
  expect(entry.currency).toMatch(/^[A-Z]{3}$/);
  expect(['credit', 'debit']).toContain(entry.direction);
  expect(['BOOK', 'PDNG', 'INFO']).toContain(entry.status);
  expect(entry.transactions.length).toBeGreaterThan(0);
  for (const t of entry.transactions) {
    expectCents(t.amountCents, 'transaction amount');
    expectCents(t.chargesCents, 'charges');
    expectCents(t.originalAmountCents, 'original amount');
    expect(t.currency).toMatch(/^[A-Z]{3}$/);
    expect(Array.isArray(t.remittance)).toBe(true);
    for (const line of t.remittance) expect(typeof line).toBe('string');
  }
}

export function expectValidStatement(statement: BankStatement): void {
  expect(typeof statement.id).toBe('string');
  expectCents(statement.openingBalanceCents, 'opening balance');
  expectCents(statement.closingBalanceCents, 'closing balance');
  expectDate(statement.fromDate, 'from date');
  expectDate(statement.toDate, 'to date');
  if (statement.account.currency !== null) expect(statement.account.currency).toMatch(/^[A-Z]{3}$/);
  for (const entry of statement.entries) expectValidEntry(entry);
}

/** The events of one file: `format` first, and every entry and statement valid. */
export function expectValidEvents(events: readonly StatementEvent[]): void {
  expect(events[0]?.kind).toBe('format');
  for (const event of events) {
    if (event.kind === 'entry') expectValidEntry(event.entry);
    else if (event.kind === 'statement' || event.kind === 'end') expectValidStatement(event.statement);
  }
}
