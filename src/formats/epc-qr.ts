/**
 * @module epc-qr
 * The EPC QR code ("GiroCode", EPC069-12, version 002) printed on invoices and reminders: a banking
 * app scans it and fills in a SEPA credit transfer with beneficiary, IBAN, amount and reference, so
 * the debtor cannot mistype the RF reference that lets us match the payment to the invoice.
 *
 * `buildEpcQrPayload` validates every element and refuses what a banking app would reject or
 * silently cut (a 71st character of the name, a wrong IBAN check digit, a line break inside a
 * field): a code that fails at the debtor's bank costs a payment, an error here costs a fix.
 * `renderEpcQr` draws the code as PNG or SVG; `epcQrModules` hands out the bare module matrix for
 * vector drawing in a PDF.
 *
 * @example
 * const payload = buildEpcQrPayload({
 *   name: 'Mahnwerk GmbH',
 *   iban: 'DE89 3704 0044 0532 0130 00',
 *   bic: 'COBADEFFXXX',
 *   amountCents: 123450,
 *   reference: creditorReferenceFor('RE000815'),
 * });
 * // 'BCD\n002\n1\nSCT\nCOBADEFFXXX\nMahnwerk GmbH\nDE89370400440532013000\nEUR1234.50\n\nRF21RE000815'
 * const png = await renderEpcQr(payload, { format: 'png', size: 300 });
 */
import QRCode, { type QRCodeSegment } from 'qrcode';
import { parseCreditorReference } from '../domain/creditor-reference.ts';
import { DomainError } from '../domain/domain-error.ts';
import { IBAN_PATTERN, mod97 } from '../domain/iban.ts';
import { minorToDecimalString } from '../domain/money.ts';

export type EpcQrInput = {
  /** Beneficiary (the creditor), at most 70 characters. */
  name: string;
  /** Beneficiary's IBAN; spaces and lower case are accepted and normalised. */
  iban: string;
  /** Beneficiary's BIC; optional in version 002 (within the EEA the IBAN suffices). */
  bic?: string | null;
  /** 1 to 99 999 999 999 cents (EUR 0.01 to EUR 999 999 999.99). */
  amountCents: number;
  /** SEPA credit transfers are always in euro. */
  currency?: 'EUR';
  /** ISO 20022 purpose code, four letters (e.g. `GDDS`). */
  purpose?: string | null;
  /** Structured remittance information: an ISO 11649 RF creditor reference. */
  reference?: string | null;
  /** Unstructured remittance information ("Verwendungszweck"), at most 140 characters. */
  text?: string | null;
  /** Beneficiary to originator information, shown to the payer, at most 70 characters. */
  note?: string | null;
};

export type RenderEpcQrOptions = {
  format: 'png' | 'svg';
  /**
   * Width and height of the image in pixels, quiet zone included. `qrcode` ignores a size too small
   * for one pixel per module and then draws 4 pixels per module.
   */
  size?: number;
};

/** The modules of an EPC QR code, for callers that draw it themselves (e.g. as vector paths in a PDF). */
export interface EpcQrMatrix {
  /** Modules per side, without the quiet zone: the caller must leave 4 light modules around the code. */
  size: number;
  /** QR version (1–13 for an EPC payload). */
  version: number;
  /** `rows[row][column]` is true for a dark module. */
  rows: readonly (readonly boolean[])[];
}

/**
 * EPC069-12: "the maximum size of the payload is 331 bytes" — exactly what a version 13 symbol with
 * error correction M holds in byte mode, the largest code the guidelines allow.
 */
export const EPC_QR_MAX_PAYLOAD_BYTES = 331;
/** EPC069-12: the amount lies between EUR 0.01 and EUR 999999999.99. */
const MAX_AMOUNT_CENTS = 99_999_999_999;
/** The guidelines prescribe error correction level M (15 % of the code words may be lost). */
const ERROR_CORRECTION_LEVEL = 'M';
/** ISO/IEC 18004 asks for a light border of 4 modules; scanners find the code less reliably without. */
const QUIET_ZONE_MODULES = 4;

/**
 * Characters no bank accepts in a SEPA field: controls and line breaks (LF is our element separator,
 * one inside a field would shift every later element), invisible format characters, lone
 * surrogates (not encodable as UTF-8), private-use and unassigned code points.
 */
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
/** ISO 9362: bank (4 letters), country (2 letters), location (2), optional branch (3). */
const BIC_PATTERN = /^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;
const PURPOSE_PATTERN = /^[A-Z]{4}$/;

function fail(field: string, expected: string, got?: string): never {
  const found =
    got === undefined ? '' : `, got ${JSON.stringify(got.length > 40 ? `${got.slice(0, 40)}…` : got)}`;
  throw new DomainError('invalid-argument', `${field}: expected ${expected}${found}`, { path: field });
}

/**
 * A free-text element: NFC-normalised (a decomposed "ü" would count and cost twice), trimmed, free of
 * forbidden characters and at most `maxLength` characters (code points, as the guidelines count
 * characters, not UTF-16 units or bytes).
 */
function readText(value: string | null | undefined, field: string, maxLength: number): string {
  const text = (value ?? '').normalize('NFC').trim();
  const forbidden = FORBIDDEN_CHARACTER.exec(text);
  if (forbidden) {
    const codePoint = (forbidden[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    fail(field, `printable characters only (no line breaks or control characters), found U+${codePoint}`);
  }
  const length = [...text].length;
  if (length > maxLength) fail(field, `at most ${maxLength} characters, got ${length}`);
  return text;
}

/**
 * Checks structure and check digits, not the length per country: a typo is caught by the check
 * digits with near certainty, and the bank rejects an account it does not hold.
 */
function readIban(value: string): string {
  // Only spaces (the printed grouping) are removed; a line break stays and fails the pattern.
  const iban = value.replace(/ /g, '').toUpperCase();
  if (!IBAN_PATTERN.test(iban)) {
    fail('iban', 'an IBAN: 2-letter country code, 2 check digits, 11 to 30 letters or digits', value);
  }
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) {
    fail('iban', 'an IBAN with correct check digits (ISO 7064 mod 97-10)', value);
  }
  return iban;
}

function readBic(value: string | null | undefined): string {
  const bic = (value ?? '').replace(/ /g, '').toUpperCase();
  if (bic !== '' && !BIC_PATTERN.test(bic))
    fail('bic', 'a BIC of 8 or 11 letters and digits, or none', value ?? '');
  return bic;
}

function readAmount(amountCents: number, currency: string | undefined): string {
  if ((currency ?? 'EUR') !== 'EUR') fail('currency', 'EUR (SEPA credit transfers are in euro)', currency);
  if (!Number.isSafeInteger(amountCents) || amountCents < 1 || amountCents > MAX_AMOUNT_CENTS) {
    fail(
      'amountCents',
      `whole cents from 1 to ${MAX_AMOUNT_CENTS} (EUR 0.01 to EUR 999999999.99)`,
      String(amountCents),
    );
  }
  // A point and two decimals, no thousands separators: `EUR1234.50`.
  return `EUR${minorToDecimalString(amountCents, 2)}`;
}

function readPurpose(value: string | null | undefined): string {
  const purpose = readText(value, 'purpose', 4).toUpperCase();
  if (purpose !== '' && !PURPOSE_PATTERN.test(purpose)) {
    fail('purpose', 'an ISO 20022 purpose code of 4 letters (e.g. GDDS), or none', purpose);
  }
  return purpose;
}

/**
 * Only ISO 11649 RF references go into the structured element: the guidelines name it, German banks
 * pass it on as structured creditor reference, and its check digits make a typo impossible. Other
 * national references (Belgian OGM, Finnish viite) belong in `text`.
 */
function readReference(value: string | null | undefined): string {
  const text = readText(value, 'reference', 35);
  if (text === '') return '';
  const compact = text.replace(/ /g, '').toUpperCase();
  if (parseCreditorReference(compact) === null) {
    fail('reference', 'an ISO 11649 creditor reference like RF21RE000815 with correct check digits', text);
  }
  return compact;
}

/**
 * The text to encode in an EPC QR code (version 002, UTF-8, SEPA credit transfer), elements
 * separated by LF. Trailing empty elements are left out: the last populated element ends the
 * payload, without a separator after it.
 */
export function buildEpcQrPayload(input: EpcQrInput): string {
  const name = readText(input.name, 'name', 70);
  if (name === '') fail('name', 'the name of the beneficiary (1 to 70 characters)');
  const reference = readReference(input.reference);
  const text = readText(input.text, 'text', 140);
  if (reference !== '' && text !== '') {
    // EPC069-12: structured or unstructured remittance information, never both.
    fail('reference', 'either a structured reference or an unstructured text, not both (text is set too)');
  }
  const elements = [
    'BCD', // service tag
    '002', // version: BIC optional
    '1', // character set: UTF-8
    'SCT', // SEPA credit transfer
    readBic(input.bic),
    name,
    readIban(input.iban),
    readAmount(input.amountCents, input.currency),
    readPurpose(input.purpose),
    reference,
    text,
    readText(input.note, 'note', 70),
  ];
  while (elements.at(-1) === '') elements.pop();
  const payload = elements.join('\n');
  const bytes = new TextEncoder().encode(payload).length;
  if (bytes > EPC_QR_MAX_PAYLOAD_BYTES) {
    fail(
      'payload',
      `at most ${EPC_QR_MAX_PAYLOAD_BYTES} bytes as UTF-8, got ${bytes} (shorten name, text or note; ` +
        'letters outside ASCII such as ä or € take 2 or 3 bytes)',
    );
  }
  return payload;
}

/**
 * One byte-mode segment holding the UTF-8 bytes, so the symbol carries exactly the bytes the 331-byte
 * limit was measured on; `qrcode`'s automatic segmentation would mix numeric and alphanumeric
 * segments, which decode the same but make the size a guess.
 */
function epcQrSegments(payload: string): QRCodeSegment[] {
  if (typeof payload !== 'string' || !payload.startsWith('BCD\n')) {
    fail('payload', 'an EPC QR payload starting with "BCD" (see buildEpcQrPayload)');
  }
  const bytes = new TextEncoder().encode(payload);
  if (bytes.length > EPC_QR_MAX_PAYLOAD_BYTES) {
    fail('payload', `at most ${EPC_QR_MAX_PAYLOAD_BYTES} bytes as UTF-8, got ${bytes.length}`);
  }
  return [{ mode: 'byte', data: bytes }];
}

/** The module matrix of the EPC QR code of `payload` (error correction M, byte mode). */
export function epcQrModules(payload: string): EpcQrMatrix {
  const code = QRCode.create(epcQrSegments(payload), { errorCorrectionLevel: ERROR_CORRECTION_LEVEL });
  const { size } = code.modules;
  const rows = Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => code.modules.get(row, column) === 1),
  );
  return { size, version: code.version, rows };
}

/** The EPC QR code of `payload` as a PNG image (bytes) or an SVG document (text). */
export function renderEpcQr(
  payload: string,
  options: RenderEpcQrOptions & { format: 'svg' },
): Promise<string>;
export function renderEpcQr(
  payload: string,
  options?: RenderEpcQrOptions & { format: 'png' },
): Promise<Uint8Array>;
export function renderEpcQr(payload: string, options?: RenderEpcQrOptions): Promise<Uint8Array | string>;
export async function renderEpcQr(
  payload: string,
  options: RenderEpcQrOptions = { format: 'png' },
): Promise<Uint8Array | string> {
  const segments = epcQrSegments(payload);
  const { format, size } = options;
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 1)) {
    fail('size', 'a width in pixels (a positive whole number)', String(size));
  }
  const rendering = {
    errorCorrectionLevel: ERROR_CORRECTION_LEVEL,
    margin: QUIET_ZONE_MODULES,
    ...(size === undefined ? {} : { width: size }),
  } as const;
  if (format === 'svg') return QRCode.toString(segments, { ...rendering, type: 'svg' });
  if (format !== 'png') fail('format', '"png" or "svg"', String(format));
  const png = await QRCode.toBuffer(segments, { ...rendering, type: 'png' });
  // A plain Uint8Array: callers outside Node (and `expect().toEqual`) need not know Buffer.
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
