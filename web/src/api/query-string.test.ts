import { describe, expect, it } from 'vitest';
import { queryString } from './query-string.ts';

describe('queryString', () => {
  it('leaves out empty, false and missing values', () => {
    expect(queryString({ q: 'Müller & Söhne', overdue: true, group: '', sort: undefined, hide: false })).toBe(
      '?q=M%C3%BCller+%26+S%C3%B6hne&overdue=true',
    );
    expect(queryString({})).toBe('');
  });
});
