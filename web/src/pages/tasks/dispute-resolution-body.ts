/**
 * @module dispute-resolution-body
 * The body of POST /api/disputes/:id/resolve from what the resolution form holds. The amount field
 * means the part written off with "write-off" and the gross amount of the credit note with
 * "credit-note"; it is typed in German or English notation and sent in cents.
 */
import { parseAmountInput } from '../../i18n/format.ts';

export interface DisputeResolutionBody {
  resolution: string;
  note?: string;
  writeOffAmountCents?: number;
  creditNoteAmountCents?: number;
}

/** The body field the amount goes into with `resolution`, or null when that resolution takes none. */
export function amountFieldOf(resolution: string): 'writeOffAmountCents' | 'creditNoteAmountCents' | null {
  if (resolution === 'write-off') return 'writeOffAmountCents';
  if (resolution === 'credit-note') return 'creditNoteAmountCents';
  return null;
}

/**
 * The request body, or `{ invalidAmount: true }` when the amount given is no amount or zero. An empty
 * amount (or one given with a resolution that takes none) is left out.
 */
export function disputeResolutionBody(form: {
  resolution: string;
  note: string;
  amount: string;
}): { body: DisputeResolutionBody } | { invalidAmount: true } {
  const field = amountFieldOf(form.resolution);
  const cents = field && form.amount.trim() ? parseAmountInput(form.amount) : undefined;
  if (cents === null || cents === 0) return { invalidAmount: true };
  const note = form.note.trim();
  return {
    body: {
      resolution: form.resolution,
      ...(note ? { note } : {}),
      ...(field && cents !== undefined ? { [field]: cents } : {}),
    },
  };
}
