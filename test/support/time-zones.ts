/**
 * Time zones the date tests run under (STYLE.md 4): a calendar date must not move with the zone.
 * Each comes with its UTC offset on 1 Jan 2024 (as `getTimezoneOffset` gives it), so a test can
 * prove the zone was really switched.
 */
import { expect, it } from 'vitest';

export const TIME_ZONES = [
  ['UTC', 0],
  ['Europe/Berlin', -60],
  ['America/Los_Angeles', 480],
  ['Pacific/Kiritimati', -840],
] as const;

/** Declares the guard test of a time-zone loop: fails if stubbing TZ did not change the zone. */
export function itRunsUnderTheZone(offsetMinutesOnNewYear2024: number): void {
  it('runs with the time zone really switched (guards the loop itself)', () => {
    expect(new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset()).toBe(offsetMinutesOnNewYear2024);
  });
}
