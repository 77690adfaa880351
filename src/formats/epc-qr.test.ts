import jsqrModule from 'jsqr';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { creditorReferenceFor } from '../domain/creditor-reference.ts';
import { DomainError } from '../domain/domain-error.ts';
import {
  buildEpcQrPayload,
  EPC_QR_MAX_PAYLOAD_BYTES,
  type EpcQrInput,
  type EpcQrMatrix,
  epcQrModules,
  renderEpcQr,
} from './epc-qr.ts';

const MAHNWERK: EpcQrInput = {
  name: 'Mahnwerk GmbH',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  amountCents: 123450,
};

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Runs `build` and returns the DomainError it throws; anything else, or no error, fails the test. */
function errorOf(build: () => unknown): DomainError {
  try {
    build();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

function expectRejected(input: EpcQrInput, path: string, message: RegExp): void {
  const error = errorOf(() => buildEpcQrPayload(input));
  expect(error.code).toBe('invalid-argument');
  expect(error.path).toBe(path);
  expect(error.message).toMatch(new RegExp(`^${path}: expected `));
  expect(error.message).toMatch(message);
}

/** Draws the matrix as black and white RGBA pixels, 4 px per module, 4 light modules of quiet zone. */
function rasterize(
  matrix: EpcQrMatrix,
  scale = 4,
  quietZone = 4,
): { data: Uint8ClampedArray; width: number } {
  const width = (matrix.size + 2 * quietZone) * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  matrix.rows.forEach((cells, row) =>
    cells.forEach((dark, column) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++) {
        for (let x = 0; x < scale; x++) {
          const offset = (((row + quietZone) * scale + y) * width + (column + quietZone) * scale + x) * 4;
          data.fill(0, offset, offset + 3); // RGB black, alpha stays opaque
        }
      }
    }),
  );
  return { data, width };
}

function decodeMatrix(matrix: EpcQrMatrix): string | undefined {
  const { data, width } = rasterize(matrix);
  return jsQR(data, width, width)?.data;
}

// jsqr is CommonJS with types written as an ES module: under NodeNext the default import is typed as
// the whole module, and at run time `module.exports` is the function, which also carries `.default`.
const jsQR = jsqrModule.default;

// pngjs is not a dependency of ours but of `qrcode`, which needs it for PNG output; it has no types,
// hence the narrow interface and createRequire instead of an import.
type PngReader = { sync: { read(png: Buffer): { width: number; height: number; data: Buffer } } };
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: PngReader };

describe('buildEpcQrPayload', () => {
  it('writes one element per line for a structured RF reference, ending with the last populated one', () => {
    const reference = creditorReferenceFor('RE000815');
    expect(reference).toBe('RF21RE000815');
    const payload = buildEpcQrPayload({ ...MAHNWERK, reference });
    expect(payload.split('\n')).toEqual([
      'BCD', // service tag
      '002', // version
      '1', // character set UTF-8
      'SCT', // identification
      'COBADEFFXXX', // BIC
      'Mahnwerk GmbH', // beneficiary
      'DE89370400440532013000', // IBAN
      'EUR1234.50', // amount
      '', // purpose
      'RF21RE000815', // structured remittance information
    ]);
    expect(payload).toBe(
      'BCD\n002\n1\nSCT\nCOBADEFFXXX\nMahnwerk GmbH\nDE89370400440532013000\nEUR1234.50\n\nRF21RE000815',
    );
  });

  it('leaves the structured element empty for unstructured text', () => {
    const payload = buildEpcQrPayload({ ...MAHNWERK, text: 'Rechnung RE-000815 vom 03.03.2025' });
    expect(payload.split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'COBADEFFXXX',
      'Mahnwerk GmbH',
      'DE89370400440532013000',
      'EUR1234.50',
      '',
      '',
      'Rechnung RE-000815 vom 03.03.2025',
    ]);
  });

  it('fills all twelve elements when purpose and note are given, keeping empty ones in between', () => {
    const payload = buildEpcQrPayload({
      ...MAHNWERK,
      purpose: 'gdds',
      reference: 'rf21 re00 0815',
      note: 'Danke für Ihre Zahlung',
    });
    expect(payload.split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'COBADEFFXXX',
      'Mahnwerk GmbH',
      'DE89370400440532013000',
      'EUR1234.50',
      'GDDS',
      'RF21RE000815',
      '',
      'Danke für Ihre Zahlung',
    ]);
  });

  it('normalises the IBAN and BIC as printed and leaves the BIC line empty without one (version 002)', () => {
    const payload = buildEpcQrPayload({
      ...MAHNWERK,
      iban: 'de89 3704 0044 0532 0130 00',
      bic: null,
      amountCents: 5000,
    });
    expect(payload).toBe('BCD\n002\n1\nSCT\n\nMahnwerk GmbH\nDE89370400440532013000\nEUR50.00');
    expect(buildEpcQrPayload({ ...MAHNWERK, bic: 'coba de ff' }).split('\n')[4]).toBe('COBADEFF');
  });

  it('writes amounts with a point and two decimals from 1 cent to 999999999.99', () => {
    const amountOf = (amountCents: number) => buildEpcQrPayload({ ...MAHNWERK, amountCents }).split('\n')[7];
    expect(amountOf(1)).toBe('EUR0.01');
    expect(amountOf(100)).toBe('EUR1.00');
    expect(amountOf(100000000)).toBe('EUR1000000.00');
    expect(amountOf(99_999_999_999)).toBe('EUR999999999.99');
  });

  it('rejects zero, negative, fractional and too large amounts', () => {
    for (const amountCents of [0, -1, 0.5, 100_000_000_000, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectRejected({ ...MAHNWERK, amountCents }, 'amountCents', /whole cents from 1 to 99999999999/);
    }
  });

  it('rejects a currency other than euro', () => {
    expectRejected({ ...MAHNWERK, currency: 'USD' as 'EUR' }, 'currency', /EUR/);
  });

  it('accepts a name of 70 characters and rejects 71 or none', () => {
    expect(buildEpcQrPayload({ ...MAHNWERK, name: 'M'.repeat(70) })).toContain(`\n${'M'.repeat(70)}\n`);
    expectRejected({ ...MAHNWERK, name: 'M'.repeat(71) }, 'name', /at most 70 characters, got 71/);
    expectRejected({ ...MAHNWERK, name: '   ' }, 'name', /name of the beneficiary/);
  });

  it('counts characters, not bytes, against the length limits', () => {
    const name = 'Ü'.repeat(70);
    expect(buildEpcQrPayload({ ...MAHNWERK, name }).split('\n')[5]).toBe(name);
  });

  it('rejects a structured reference and an unstructured text together', () => {
    expectRejected(
      { ...MAHNWERK, reference: 'RF21RE000815', text: 'Rechnung RE000815' },
      'reference',
      /not both/,
    );
  });

  it('rejects an IBAN with wrong check digits or wrong structure', () => {
    expectRejected({ ...MAHNWERK, iban: 'DE88370400440532013000' }, 'iban', /check digits/);
    expectRejected({ ...MAHNWERK, iban: 'DE89370400440532013001' }, 'iban', /check digits/);
    expectRejected({ ...MAHNWERK, iban: '8937040044' }, 'iban', /2-letter country code/);
    expectRejected({ ...MAHNWERK, iban: 'DE89-3704-0044-0532-0130-00' }, 'iban', /2-letter country code/);
  });

  it('rejects a malformed BIC and a purpose code that is not 4 letters', () => {
    expectRejected({ ...MAHNWERK, bic: 'COBADE' }, 'bic', /8 or 11/);
    expectRejected({ ...MAHNWERK, purpose: 'GDD1' }, 'purpose', /4 letters/);
    expectRejected({ ...MAHNWERK, purpose: 'GOODS' }, 'purpose', /at most 4 characters/);
  });

  it('rejects a structured reference that is not a valid RF reference', () => {
    expectRejected({ ...MAHNWERK, reference: 'RF72RE000815' }, 'reference', /ISO 11649/);
    expectRejected({ ...MAHNWERK, reference: 'RE000815' }, 'reference', /ISO 11649/);
    expectRejected({ ...MAHNWERK, reference: 'RF21RE000815'.padEnd(36, 'X') }, 'reference', /at most 35/);
  });

  it('rejects texts and notes over their limits', () => {
    expect(buildEpcQrPayload({ ...MAHNWERK, text: 'x'.repeat(140) })).toMatch(/\nx{140}$/);
    expectRejected({ ...MAHNWERK, text: 'x'.repeat(141) }, 'text', /at most 140 characters, got 141/);
    expectRejected({ ...MAHNWERK, note: 'x'.repeat(71) }, 'note', /at most 70 characters, got 71/);
  });

  it('rejects line breaks and control characters inside a field, as they would shift the elements', () => {
    expectRejected({ ...MAHNWERK, name: 'Mahnwerk\nGmbH' }, 'name', /U\+000A/);
    expectRejected({ ...MAHNWERK, text: 'Rechnung\tRE000815' }, 'text', /U\+0009/);
    expectRejected({ ...MAHNWERK, note: 'Danke\u2028sehr' }, 'note', /U\+2028/);
    expectRejected({ ...MAHNWERK, name: 'Mahnwerk\u200bGmbH' }, 'name', /U\+200B/);
    expectRejected({ ...MAHNWERK, iban: 'DE89370400440532013000\n' }, 'iban', /IBAN/);
  });

  it('keeps umlauts and ß as UTF-8, composing decomposed letters first', () => {
    const payload = buildEpcQrPayload({
      ...MAHNWERK,
      name: 'Mu\u0308ller & Söhne Straßenbau GmbH',
      text: 'Größere Rückzahlung',
    });
    expect(payload.split('\n')[5]).toBe('Müller & Söhne Straßenbau GmbH');
    expect(payload.endsWith('\nGrößere Rückzahlung')).toBe(true);
    const bytes = new TextEncoder().encode(payload);
    expect(new TextDecoder().decode(bytes)).toBe(payload);
    expect(bytes.length).toBe(payload.length + 6); // ü ö ß, ö ß ü: 2 bytes each, composed ü included
  });

  it('accepts exactly 331 bytes and rejects one byte more', () => {
    const fitting = { ...MAHNWERK, bic: '', amountCents: 1, name: 'ü'.repeat(70) };
    const payload = buildEpcQrPayload({ ...fitting, text: 'ä'.repeat(2) + 'x'.repeat(138) });
    expect(byteLength(payload)).toBe(EPC_QR_MAX_PAYLOAD_BYTES);
    expectRejected(
      { ...fitting, text: 'ä'.repeat(3) + 'x'.repeat(137) },
      'payload',
      /at most 331 bytes.*332/,
    );
  });

  it('rejects multi-byte texts that fit the character limits but not the 331 bytes', () => {
    expectRejected(
      { ...MAHNWERK, name: '€'.repeat(70), text: 'ä'.repeat(140), note: 'ö'.repeat(70) },
      'payload',
      /at most 331 bytes as UTF-8, got 6\d\d/,
    );
  });
});

describe('EPC QR symbol', () => {
  const payload = buildEpcQrPayload({ ...MAHNWERK, reference: creditorReferenceFor('RE000815') });

  it('decodes back to the payload from the module matrix', () => {
    const matrix = epcQrModules(payload);
    expect(matrix.size).toBe(matrix.version * 4 + 17);
    expect(matrix.rows).toHaveLength(matrix.size);
    expect(decodeMatrix(matrix)).toBe(payload);
  });

  it('decodes umlauts back as UTF-8', () => {
    const withUmlauts = buildEpcQrPayload({ ...MAHNWERK, name: 'Bäckerei Müßig', text: 'Rückstand März' });
    expect(decodeMatrix(epcQrModules(withUmlauts))).toBe(withUmlauts);
  });

  it('fits the largest payload into version 13, the largest the guidelines allow', () => {
    const largest = buildEpcQrPayload({
      ...MAHNWERK,
      bic: '',
      amountCents: 1,
      name: 'ü'.repeat(70),
      text: 'ä'.repeat(2) + 'x'.repeat(138),
    });
    const matrix = epcQrModules(largest);
    expect(matrix.version).toBe(13);
    expect(decodeMatrix(matrix)).toBe(largest);
  });

  it('renders a PNG that decodes back to the payload', async () => {
    const png = await renderEpcQr(payload, { format: 'png', size: 400 });
    expect(png).toBeInstanceOf(Uint8Array);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const image = PNG.sync.read(Buffer.from(png));
    expect(image.width).toBe(400);
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(payload);
  });

  it('renders a PNG by default', async () => {
    const png = await renderEpcQr(payload);
    expect(PNG.sync.read(Buffer.from(png)).width).toBeGreaterThan(0);
  });

  it('renders an SVG of the requested size', async () => {
    const svg = await renderEpcQr(payload, { format: 'svg', size: 200 });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="200" height="200" viewBox=/);
    const quietZone = 2 * 4;
    expect(svg).toContain(`viewBox="0 0 ${epcQrModules(payload).size + quietZone} `);
  });

  it('refuses to draw what is not an EPC payload or too long, and a bad size', async () => {
    expect(errorOf(() => epcQrModules('hello')).path).toBe('payload');
    expect(errorOf(() => epcQrModules(`BCD\n${'x'.repeat(400)}`)).message).toMatch(/at most 331 bytes/);
    await expect(renderEpcQr(payload, { format: 'svg', size: 0 })).rejects.toMatchObject({
      code: 'invalid-argument',
      path: 'size',
    });
  });
});
