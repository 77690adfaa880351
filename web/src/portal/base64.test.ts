import { describe, expect, it } from 'vitest';
import { base64OfBytes } from './base64.ts';

describe('base64 of a file', () => {
  it('matches the standard encoding for every padding case', () => {
    for (const text of ['', 'P', 'PD', 'PDF', '%PDF-1.7', 'Zahlung für März']) {
      const bytes = new TextEncoder().encode(text);
      expect(base64OfBytes(bytes), text).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('encodes every byte value and a large file exactly', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64OfBytes(all)).toBe(Buffer.from(all).toString('base64'));
    const large = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31) % 256);
    expect(base64OfBytes(large)).toBe(Buffer.from(large).toString('base64'));
  });
});
