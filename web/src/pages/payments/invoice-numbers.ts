/**
 * @module invoice-numbers
 * What a person types to assign a payment: invoice numbers separated by commas, semicolons or
 * spaces (several numbers split the amount across those invoices).
 */
export function parseInvoiceNumbers(text: string): string[] {
  const numbers = text
    .split(/[,;\s]+/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return [...new Set(numbers)];
}

/**
 * A file name as an HTTP header value: headers carry ISO-8859-1 only, so a name with other
 * characters (umlauts are fine, emoji or a euro sign are not) is sent percent-encoded.
 */
export function headerSafeFileName(name: string): string {
  return /^[\x20-\x7e\xa0-\xff]*$/.test(name) ? name : encodeURIComponent(name);
}
