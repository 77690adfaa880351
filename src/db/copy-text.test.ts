import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyField, copyLine } from './copy-text.ts';

/** COPY's reading of one text-format field (the inverse the database applies). */
function readField(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c);
}

describe('copyField', () => {
  it('writes null, numbers, booleans, dates and bytes as PostgreSQL reads them', () => {
    expect(copyField(null, 'c')).toBe('\\N');
    expect(copyField(undefined, 'c')).toBe('\\N');
    expect(copyField(-1234, 'c')).toBe('-1234');
    expect(copyField(12n, 'c')).toBe('12');
    expect(copyField(true, 'c')).toBe('t');
    expect(copyField(new Date('2026-11-24T10:00:00Z'), 'c')).toBe('2026-11-24T10:00:00.000Z');
    expect(copyField(new Uint8Array([0, 255]), 'c')).toBe('\\\\x00ff');
  });

  it('escapes the characters that separate fields and lines', () => {
    expect(copyField('a\tb\nc\\d\re', 'c')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyField('\\N', 'c')).toBe('\\\\N');
  });

  it('refuses values it cannot encode, naming the column', () => {
    expect(() => copyField(Number.NaN, 'gross_cents')).toThrow(/gross_cents/);
    expect(() => copyField({ a: 1 }, 'payload')).toThrow(/payload: cannot encode/);
  });

  it('round-trips every string through the database reading, without a raw separator', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const field = copyField(s, 'c');
        expect(field).not.toMatch(/[\t\n\r]/);
        expect(readField(field)).toBe(s);
      }),
    );
  });
});

describe('copyLine', () => {
  it('joins fields with tabs and ends with a newline', () => {
    expect(copyLine([1, 'x', null], ['a', 'b', 'c'])).toBe('1\tx\t\\N\n');
  });
});
