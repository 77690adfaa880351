import { describe, expect, it } from 'vitest';
import { findNulText } from './nul-text.ts';

describe('findNulText', () => {
  it('names the field holding a NUL character', () => {
    expect(findNulText({ name: 'ok', lines: [{ description: 'a' }, { description: 'b\u0000c' }] })).toBe(
      'lines.1.description',
    );
    expect(findNulText('x\u0000')).toBe('(body)');
    expect(findNulText({ 'a\u0000': 1 })).toBe('a\\0');
  });

  it('finds nothing in clean bodies', () => {
    expect(findNulText({ name: 'Müller', n: 1, list: [null, true, 'x'] })).toBeNull();
    expect(findNulText(undefined)).toBeNull();
  });
});
