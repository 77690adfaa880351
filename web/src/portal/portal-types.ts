/**
 * @module portal-types
 * What the portal's API (/portal-api, src/api/routes/portal-routes.ts) answers, as the pages use it.
 * Amounts are integer cents, calendar dates `YYYY-MM-DD`.
 */
import type { Language } from '../api/types.ts';

export type { Language };

export interface PortalInvoice {
  id: number;
  number: string;
  issuedOn: string;
  dueDate: string;
  currency: string;
  grossCents: number;
  /** Owed today: principal, costs and default interest. */
  openCents: number;
  overdue: boolean;
  disputed: boolean;
  inInstalmentPlan: boolean;
  /** Reported paid by the customer; the company is looking for the payment. */
  reportedPaid: boolean;
  promisedBy: string | null;
}

export interface PortalLimits {
  promiseMaxDays: number;
  maxMonths: number;
  minInstalmentCents: number;
  /** A plan within the limits is agreed at once; when false, every proposal waits for a person. */
  autoAccept: boolean;
}

export interface PortalOverview {
  asOf: string;
  company: { name: string; email: string | null; phone: string | null };
  customer: { number: string; name: string; language: Language; email: string | null };
  invoices: PortalInvoice[];
  amountDue: {
    totalCents: number;
    currency: 'EUR';
    invoiceNumbers: string[];
    reference: string | null;
    text: string | null;
    bank: { accountHolder: string; iban: string; bic: string | null; bankName: string | null } | null;
    epcQr: { payload: string; pngDataUrl: string } | null;
  };
  documents: { kind: 'invoice' | 'notice'; id: number; title: string; date: string; href: string }[];
  payments: { id: number; receivedOn: string; amountCents: number; currency: string; reversed: boolean }[];
  disputes: {
    id: number;
    invoiceNumber: string;
    openedOn: string;
    reason: string;
    resolvedOn: string | null;
    resolution: string | null;
    attachments: { fileName: string; mimeType: string; sizeBytes: number }[];
  }[];
  promises: { invoiceNumber: string; madeOn: string; payBy: string; amountCents: number }[];
  reportedPayments: {
    invoiceNumber: string;
    paidOn: string;
    amountCents: number;
    reportedOn: string;
    status: 'open' | 'found' | 'not-found';
  }[];
  plans: {
    id: number;
    agreedOn: string;
    totalCents: number;
    openCents: number;
    next: { dueDate: string; openCents: number } | null;
  }[];
  planProposals: { id: number; proposedOn: string; months: number; totalCents: number }[];
  /** Proposals the company did not accept, in the last 90 days. */
  declinedProposals: { proposedOn: string; months: number; totalCents: number; declinedOn: string }[];
  limits: PortalLimits;
}

export type SessionAnswer =
  { status: 'session'; expiresAt: string; csrfToken: string } | { status: 'code-required'; sentTo: string };

export interface PaidAlreadyBody {
  invoiceId: number;
  paidOn: string;
  amountCents: number;
  note?: string;
}

export interface PaidAlreadyResult {
  reportedPaymentId: number;
  invoiceNumber: string;
  holdUntil: string;
}

export const DISPUTE_REASONS = ['not-received', 'defective', 'wrong-amount', 'not-ordered', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

export interface DisputeBody {
  invoiceId: number;
  reason: DisputeReason;
  text: string;
  file?: { name: string; contentBase64: string };
}

export interface DisputeResult {
  disputeId: number;
  invoiceNumber: string;
  attachment: { fileName: string; mimeType: string; sizeBytes: number } | null;
}

export interface PromiseBody {
  invoiceIds: number[];
  payBy: string;
  amountCents?: number;
}

export interface PromiseResult {
  payBy: string;
  amountCents: number;
  invoiceNumbers: string[];
}

export interface PlanProposalBody {
  months: number;
  firstDueDate?: string;
  note?: string;
}

export type PlanProposalResult =
  | {
      outcome: 'accepted';
      plan: {
        id: number;
        status: string;
        agreedOn: string;
        totalCents: number;
        instalments: { number: number; dueDate: string; amountCents: number }[];
      };
    }
  | {
      outcome: 'awaiting-approval';
      proposal: {
        id: number;
        months: number;
        firstDueDate: string;
        invoiceNumbers: string[];
        totalCents: number;
        instalmentCents: number;
        reasons: string[];
      };
    };
