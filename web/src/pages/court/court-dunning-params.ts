/**
 * @module court-dunning-params
 * The choices of the Mahnbescheid form as the API takes them: the preview (GET …/court-dunning and
 * …/court-dunning.pdf) as a query string with the invoices comma-separated, the export (POST
 * …/court-dunning/exports) as a JSON body with the invoices as a list. Expenses are typed as a person
 * writes an amount ("3,45") and sent as the API's decimal euros ("3.45").
 */
import { queryString } from '../../api/query-string.ts';
import { parseAmountInput } from '../../i18n/format.ts';

export type ClaimKind = 'invoice' | 'goods' | 'services';

export interface CourtDunningOptions {
  /** As of this day (YYYY-MM-DD); empty: today. */
  date: string;
  claimKind: ClaimKind;
  /** The applicant's expenses as typed; empty: none. */
  expenses: string;
  /** The invoices to claim; empty: every claim that may go to court. */
  invoiceNumbers: string[];
}

export interface CourtDunningRequest {
  date?: string;
  claimKind?: ClaimKind;
  expenses?: string;
  invoices?: string[];
}

/** Integer cents as decimal euros ("1003.45"), digit by digit: no float touches the amount. */
function euroText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** The request, and whether the expenses typed are an amount (empty is: none). */
export function courtDunningRequest(options: CourtDunningOptions): {
  request: CourtDunningRequest;
  expensesValid: boolean;
} {
  const typed = options.expenses.trim();
  const cents = typed === '' ? null : parseAmountInput(typed);
  const request: CourtDunningRequest = {
    ...(options.date ? { date: options.date } : {}),
    ...(options.claimKind !== 'invoice' ? { claimKind: options.claimKind } : {}),
    ...(cents !== null && cents > 0 ? { expenses: euroText(cents) } : {}),
    ...(options.invoiceNumbers.length > 0 ? { invoices: [...options.invoiceNumbers] } : {}),
  };
  return { request, expensesValid: typed === '' || cents !== null };
}

/** `?date=…&claimKind=…&expenses=…&invoices=RE-1,RE-2` for the previews. */
export function previewQuery(request: CourtDunningRequest): string {
  return queryString({
    date: request.date,
    claimKind: request.claimKind,
    expenses: request.expenses,
    invoices: request.invoices?.join(','),
  });
}
