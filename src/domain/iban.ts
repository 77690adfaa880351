/**
 * @module iban
 * ISO 7064 mod 97-10, the check of IBANs (ISO 13616) and of RF creditor references (ISO 11649):
 * letters count as 10–35. One implementation for both, and the IBAN check on top of it. It checks
 * structure and check digits, not the length per country: a typo is caught by the check digits
 * with near certainty, and the bank rejects an account it does not hold.
 *
 * @example
 * isValidIban('DE89 3704 0044 0532 0130 00'); // true
 */
export function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const value = /[0-9]/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

export const IBAN_PATTERN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

/** Spaces removed, upper case: how an IBAN is stored and compared. */
export function compactIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

export function isValidIban(iban: string): boolean {
  const compact = compactIban(iban);
  return IBAN_PATTERN.test(compact) && mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}
