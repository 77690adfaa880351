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

  it('leaves binary bodies alone: bytes are not text, and are not walked entry by entry', () => {
    const upload = Buffer.from('<Invoice>\u0000</Invoice>');
    // A property that only walking the object's entries would meet.
    Object.defineProperty(upload, 'walked\u0000', { value: 1, enumerable: true });
    expect(findNulText(upload)).toBeNull();
    expect(findNulText(new Uint8Array([0, 0]))).toBeNull();
    expect(findNulText(new ArrayBuffer(8))).toBeNull();
  });
});
