/**
 * @module sepa-export-summary
 * What POST /api/sepa/exports says about the file it answers with, read from its `x-sepa-*`
 * headers: the message id, how many collections for how much, the warnings to check before the
 * file goes to the bank, and the customers left out with the reason. The lists come URI-encoded
 * JSON (they name customers and invoices, and a header carries ASCII only).
 */

export interface SkippedCustomer {
  customerNumber: string;
  reason: string;
}

export interface SepaExportSummary {
  messageId: string;
  count: number;
  sumCents: number;
  warnings: string[];
  skipped: SkippedCustomer[];
}

type HeaderSource = { get: (name: string) => string | null };

function jsonList(value: string | null): unknown[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(value));
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    // A header the server did not write as documented: better no list than a broken page.
    return [];
  }
}

function count(value: string | null): number {
  const n = Number(value);
  return value !== null && Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

export function sepaExportSummaryOf(headers: HeaderSource): SepaExportSummary {
  return {
    messageId: headers.get('x-sepa-message-id') ?? '',
    count: count(headers.get('x-sepa-count')),
    sumCents: count(headers.get('x-sepa-sum-cents')),
    warnings: jsonList(headers.get('x-sepa-warnings')).filter((w): w is string => typeof w === 'string'),
    skipped: jsonList(headers.get('x-sepa-skipped')).flatMap((s) =>
      typeof s === 'object' &&
      s !== null &&
      typeof (s as SkippedCustomer).customerNumber === 'string' &&
      typeof (s as SkippedCustomer).reason === 'string'
        ? [{ customerNumber: (s as SkippedCustomer).customerNumber, reason: (s as SkippedCustomer).reason }]
        : [],
    ),
  };
}
