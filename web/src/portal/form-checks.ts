/**
 * @module form-checks
 * The portal's forms checked in the browser before anything is sent, with the same rules the API
 * applies (src/services/portal-service.ts), so a customer learns at the field what to change
 * instead of after a round trip. Each check returns the messages by field name — the names the
 * API's problem+json uses — and the request body when there is nothing to change. The server
 * still decides; its messages show at the same fields.
 */
import { formatDate, parseAmountInput } from '../i18n/format.ts';
import { addDays, isCalendarDate } from './calendar.ts';
import { type PortalMessageKey, portalText } from './portal-messages.ts';
import {
  DISPUTE_REASONS,
  type DisputeReason,
  type Language,
  type PaidAlreadyBody,
  type PortalInvoice,
  type PromiseBody,
} from './portal-types.ts';

/** The most a dispute's file may have (the API's MAX_ATTACHMENT_BYTES). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** The longest dispute text and note the API takes. */
export const MAX_DISPUTE_TEXT = 2000;
export const MAX_NOTE = 1000;
/** How far back a payment may be reported (the API: a day within the last year). */
export const PAID_ON_MAX_DAYS_BACK = 366;
/** The API's largest amount in cents. */
const MAX_CENTS = 99_999_999_999;

export type FieldErrors = Partial<Record<string, string>>;

export interface Checked<Body> {
  errors: FieldErrors;
  /** The request body, or null while a field needs changing. */
  body: Body | null;
}

function done<Body>(errors: FieldErrors, body: Body): Checked<Body> {
  return Object.keys(errors).length > 0 ? { errors, body: null } : { errors, body };
}

type Say = (key: PortalMessageKey, vars?: Record<string, string | number>) => string;
const sayIn =
  (language: Language): Say =>
  (key, vars = {}) =>
    portalText(language, key, vars);

/** A date field: given, a real date, and within [from, to]; the message or null. */
function dateProblem(value: string, from: string, to: string, language: Language): string | null {
  const say = sayIn(language);
  if (value.trim() === '') return say('invalid.date');
  if (!isCalendarDate(value) || value < from || value > to) {
    return say('invalid.dateRange', { from: formatDate(from, language), to: formatDate(to, language) });
  }
  return null;
}

/** An amount typed as `1.234,56`, `1234.56` or `12`: cents, or the message. */
function amountOf(text: string, language: Language): { cents: number } | { problem: string } {
  const say = sayIn(language);
  const cents = parseAmountInput(text);
  if (cents === null || cents > MAX_CENTS) return { problem: say('invalid.amount') };
  if (cents <= 0) return { problem: say('invalid.amountPositive') };
  return { cents };
}

export interface PaidAlreadyInput {
  invoiceId: string;
  paidOn: string;
  amount: string;
  note: string;
}

/** "Paid already": which invoice, a day within the last year up to today, an amount above 0. */
export function checkPaidAlready(
  input: PaidAlreadyInput,
  today: string,
  language: Language,
): Checked<PaidAlreadyBody> {
  const say = sayIn(language);
  const errors: FieldErrors = {};
  const invoiceId = Number(input.invoiceId);
  if (!input.invoiceId || !Number.isInteger(invoiceId) || invoiceId <= 0) {
    errors.invoiceId = say('invalid.chooseInvoice');
  }
  const dateProblemText = dateProblem(input.paidOn, addDays(today, -PAID_ON_MAX_DAYS_BACK), today, language);
  if (dateProblemText) errors.paidOn = dateProblemText;
  const amount = amountOf(input.amount, language);
  if ('problem' in amount) errors.amountCents = amount.problem;
  const note = input.note.trim();
  if (note.length > MAX_NOTE) errors.note = say('invalid.tooLong', { max: MAX_NOTE });
  return done(errors, {
    invoiceId,
    paidOn: input.paidOn,
    amountCents: 'cents' in amount ? amount.cents : 0,
    ...(note ? { note } : {}),
  });
}

export interface DisputeInput {
  invoiceId: string;
  reason: string;
  text: string;
  /** The chosen file's name, size and type as the browser tells them; null without a file. */
  file: { name: string; size: number; type: string } | null;
}

const FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
const FILE_ENDINGS = /\.(pdf|png|jpe?g)$/i;

/** A dispute: which invoice, one of the reasons, a text, and at most one PDF, PNG or JPEG of 5 MB. */
export function checkDispute(
  input: DisputeInput,
  language: Language,
): Checked<{ invoiceId: number; reason: DisputeReason; text: string }> {
  const say = sayIn(language);
  const errors: FieldErrors = {};
  const invoiceId = Number(input.invoiceId);
  if (!input.invoiceId || !Number.isInteger(invoiceId) || invoiceId <= 0) {
    errors.invoiceId = say('invalid.chooseInvoice');
  }
  const reason = DISPUTE_REASONS.find((r) => r === input.reason);
  if (!reason) errors.reason = say('invalid.chooseReason');
  const text = input.text.trim();
  if (text === '') errors.text = say('invalid.text');
  else if (text.length > MAX_DISPUTE_TEXT) errors.text = say('invalid.tooLong', { max: MAX_DISPUTE_TEXT });
  if (input.file) {
    // The server tells the type by the content; the browser's type or the name catch most mistakes early.
    if (!FILE_TYPES.includes(input.file.type) && !FILE_ENDINGS.test(input.file.name)) {
      errors.file = say('invalid.fileType');
    } else if (input.file.size === 0 || input.file.size > MAX_FILE_BYTES) {
      errors.file = say('invalid.fileSize');
    }
  }
  return done(errors, { invoiceId, reason: reason ?? 'other', text });
}

export interface PromiseInput {
  invoiceIds: number[];
  payBy: string;
  /** Empty: all that is open on the invoices. */
  amount: string;
}

/** A promise to pay: at least one invoice, a day from today to `maxDays` ahead, an optional amount. */
export function checkPromise(
  input: PromiseInput,
  today: string,
  maxDays: number,
  language: Language,
): Checked<PromiseBody> {
  const say = sayIn(language);
  const errors: FieldErrors = {};
  if (input.invoiceIds.length === 0) errors.invoiceIds = say('invalid.chooseInvoices');
  const dateProblemText = dateProblem(input.payBy, today, addDays(today, maxDays), language);
  if (dateProblemText) errors.payBy = dateProblemText;
  let amountCents: number | undefined;
  if (input.amount.trim() !== '') {
    const amount = amountOf(input.amount, language);
    if ('problem' in amount) errors.amountCents = amount.problem;
    else amountCents = amount.cents;
  }
  return done(errors, {
    invoiceIds: input.invoiceIds,
    payBy: input.payBy,
    ...(amountCents !== undefined ? { amountCents } : {}),
  });
}

/** Roughly what the API accepts as an address: something, an @, a domain with a dot, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkBillingEmail(email: string, language: Language): Checked<{ email: string }> {
  const trimmed = email.trim();
  const errors: FieldErrors =
    EMAIL.test(trimmed) && trimmed.length <= 320 ? {} : { email: sayIn(language)('invalid.email') };
  return done(errors, { email: trimmed });
}

// ---------------------------------------------------------------------------------------------
// Which invoices each form offers

/** "Paid already" makes sense for an invoice not reported paid yet. */
export function invoicesToReportPaid(invoices: readonly PortalInvoice[]): PortalInvoice[] {
  return invoices.filter((i) => !i.reportedPaid && i.openCents > 0);
}

/** A dispute: one not disputed yet. */
export function invoicesToDispute(invoices: readonly PortalInvoice[]): PortalInvoice[] {
  return invoices.filter((i) => !i.disputed);
}

/** A promise: what is simply due — not in a plan, disputed, reported paid or promised already. */
export function invoicesToPromise(invoices: readonly PortalInvoice[]): PortalInvoice[] {
  return invoices.filter(
    (i) => !i.inInstalmentPlan && !i.disputed && !i.reportedPaid && !i.promisedBy && i.openCents > 0,
  );
}

/** What a plan would cover (the API's rule): open, not disputed, not in a plan already. */
export function invoicesForPlan(invoices: readonly PortalInvoice[]): PortalInvoice[] {
  return invoices.filter((i) => !i.disputed && !i.inInstalmentPlan && i.openCents > 0);
}

/** Cents as a person would type them into an amount field: `1234,56` (de), `1234.56` (en). */
export function amountForInput(cents: number, language: Language): string {
  const text = (Math.trunc(cents) / 100).toFixed(2);
  return language === 'de' ? text.replace('.', ',') : text;
}
