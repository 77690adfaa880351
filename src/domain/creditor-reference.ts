/**
 * @module creditor-reference
 * ISO 11649 structured creditor references ("RF" references): `RF` + two check digits + up to 21
 * letters and digits, checked with ISO 7064 mod 97-10 like an IBAN. The invoice carries the RF
 * reference of its number (in the EPC QR code and on the letter), and a payment that brings it
 * back identifies the invoice beyond doubt.
 *
 * @example
 * creditorReferenceFor('RE000815'); // 'RF21RE000815'
 * parseCreditorReference('RF21 RE00 0815'); // 'RE000815'
 */
import { DomainError } from './domain-error.ts';
import { mod97 } from './iban.ts';

/** Letters and digits of an invoice number, upper case: the body of its RF reference. */
export function referenceBody(number: string): string {
  return number.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function creditorReferenceFor(number: string): string {
  const body = referenceBody(number);
  if (body.length === 0 || body.length > 21) {
    throw new DomainError(
      'invalid-argument',
      `an RF reference holds 1 to 21 letters and digits, the number "${number}" has ${body.length}`,
    );
  }
  const check = 98 - mod97(`${body}RF00`);
  return `RF${String(check).padStart(2, '0')}${body}`;
}

/** The body of a valid RF reference (spaces allowed, any case), or null. */
export function parseCreditorReference(text: string): string | null {
  const compact = text.toUpperCase().replace(/\s+/g, '');
  const match = /^RF(\d\d)([A-Z0-9]{1,21})$/.exec(compact);
  if (!match) return null;
  const [, check = '', body = ''] = match;
  return mod97(`${body}RF${check}`) === 1 ? body : null;
}

/** Every valid RF reference written anywhere in a text (remittance lines often carry it unstructured). */
export function findCreditorReferences(text: string): string[] {
  const found: string[] = [];
  for (const match of text.toUpperCase().matchAll(/RF\s?\d\d(?:\s?[A-Z0-9]){1,21}/g)) {
    // The pattern is greedy across spaces; try shorter tails until one checks out.
    const compact = match[0].replace(/\s+/g, '');
    for (let end = compact.length; end > 4; end--) {
      const body = parseCreditorReference(compact.slice(0, end));
      if (body) {
        found.push(body);
        break;
      }
    }
  }
  return found;
}

/** The RF reference of a number, or null when the number has no or more than 21 letters and digits. */
export function creditorReferenceOrNull(number: string): string | null {
  const length = referenceBody(number).length;
  return length >= 1 && length <= 21 ? creditorReferenceFor(number) : null;
}
