import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCsvText, decodeTextPieces, detectTextEncoding } from './csv-records.ts';
import { encodeText, encodingArbitrary } from '../../test/support/fuzz.ts';

/** The bytes cut at the given places (sorted, deduplicated, within the bytes). */
function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const places = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const place of [...places, bytes.length]) {
    pieces.push(bytes.subarray(from, place));
    from = place;
  }
  return pieces;
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('Müller ÄÖÜß € „Zahlung“', '\uFEFFmit BOM', 'plain ASCII\r\n:20:X'),
);

describe('decodeTextPieces', () => {
  it('decodes a file cut anywhere, also inside a UTF-8 sequence, as decodeCsvText decodes it whole', () => {
    fc.assert(
      fc.property(text, encodingArbitrary, fc.array(fc.nat(), { maxLength: 8 }), (value, encoding, at) => {
        const bytes = encodeText(value, encoding);
        const whole = decodeCsvText(bytes);
        expect(detectTextEncoding(cut(bytes, at))).toBe(whole.encoding);
        expect([...decodeTextPieces(cut(bytes, at), whole.encoding)].join('')).toBe(whole.text);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a broken UTF-8 sequence after pieces of plain ASCII as Windows-1252', () => {
    const pieces = [new TextEncoder().encode('ASCII only, '), new Uint8Array([0x4d, 0xfc, 0x6c])];
    expect(detectTextEncoding(pieces)).toBe('windows-1252');
    expect([...decodeTextPieces(pieces, 'windows-1252')].join('')).toBe('ASCII only, Mül');
  });
});
