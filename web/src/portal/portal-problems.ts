/**
 * @module portal-problems
 * The API's problem+json answers as a customer should read them, in the customer's language. The
 * API words its messages in English for developers (`between 2026-03-16 and 2026-04-15`, `you
 * promised to pay RE-1 already`); the ones a customer can meet are put into the portal's words here,
 * anything else is shown as it came, so that nothing is hidden. Also: what a refused link or code
 * means for the page (which message to show, whether a new code is needed).
 */
import { ApiError } from '../api/api-error.ts';
import { formatDate } from '../i18n/format.ts';
import { type PortalMessageKey, portalText } from './portal-messages.ts';
import type { Language } from './portal-types.ts';

function bare(path: string): string {
  return path.startsWith('body.') ? path.slice(5) : path;
}

/** One of the API's field messages in the customer's words. */
export function localizeFieldMessage(message: string, language: Language): string {
  const say = (key: PortalMessageKey, vars: Record<string, string | number> = {}) =>
    portalText(language, key, vars);
  const range = /^between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})$/.exec(message);
  if (range) {
    return say('invalid.dateRange', {
      from: formatDate(range[1], language),
      to: formatDate(range[2], language),
    });
  }
  if (message === 'not open, disputed or in a plan already') return say('invalid.notEligible');
  if (message === 'only PDF, PNG or JPEG files' || message === 'not base64') return say('invalid.fileType');
  if (message === 'between 1 byte and 5 MB') return say('invalid.fileSize');
  if (message === 'six digits') return say('code.invalid');
  if (/e-?mail/i.test(message)) return say('invalid.email');
  return say('invalid.check', { message });
}

/**
 * The message for a form field from an API error, when the error names that field (or one inside
 * it: `invoiceIds.1` belongs to `invoiceIds`, `file.contentBase64` to `file`).
 */
export function fieldMessage(error: unknown, name: string, language: Language): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const found = error.errors.find((e) => bare(e.path) === name || bare(e.path).startsWith(`${name}.`));
  return found ? localizeFieldMessage(found.message, language) : undefined;
}

/** Whether an API error's message is about a field the form has (the part of its path before the first dot). */
export function isAboutField(path: string, fields: readonly string[]): boolean {
  return fields.includes(bare(path).split('.')[0] as string);
}

/** What a form shows below its button for an error: the problem in the customer's words. */
export function problemText(error: unknown, language: Language): string {
  const say = (key: PortalMessageKey, vars: Record<string, string | number> = {}) =>
    portalText(language, key, vars);
  if (!(error instanceof ApiError)) {
    return say('form.failed', { detail: error instanceof Error ? error.message : String(error) });
  }
  if (error.status === 0) return say('form.network');
  if (error.status === 429) return say('form.tooMany');
  if (error.status === 413) return say('form.tooLarge');
  if (error.status >= 500) return say('form.serverError');
  if (error.status === 400 && error.errors.some((e) => e.path)) return say('form.fixFields');
  const detail = error.detail;
  const reported = /reported invoice (\S+) paid/.exec(detail);
  if (reported) return say('form.reportedAlready', { invoice: reported[1] as string });
  const disputed = /invoice (\S+) is disputed already/.exec(detail);
  if (disputed) return say('form.disputedAlready', { invoice: disputed[1] as string });
  const promised = /you promised to pay (.+) already/.exec(detail);
  if (promised) return say('form.promisedAlready', { invoices: promised[1] as string });
  if (/a proposal of yours is waiting/.test(detail)) return say('form.proposalWaiting');
  if (/nothing is open that a plan could cover/.test(detail)) return say('form.nothingForPlan');
  if (/nothing (is owed on it|to dispute)/.test(detail)) return say('form.nothingOpen');
  return say('form.failed', { detail });
}

/** Why the portal cannot be opened, each with its own page. */
export type StopReason =
  'unknown' | 'expired' | 'revoked' | 'no-link' | 'ended' | 'logged-out' | 'too-many' | 'no-email' | 'failed';

/** What a refused session request means: a page that stops, or a word at the code field. */
export type SessionRefusal =
  { kind: 'stop'; reason: StopReason } | { kind: 'code'; message: PortalMessageKey; needsNewCode: boolean };

const TOKEN_REFUSALS: Record<string, StopReason> = {
  unknown: 'unknown',
  expired: 'expired',
  revoked: 'revoked',
};

const CODE_REFUSALS: Record<string, { message: PortalMessageKey; needsNewCode: boolean }> = {
  wrong: { message: 'code.wrong', needsNewCode: false },
  expired: { message: 'code.expired', needsNewCode: true },
  'too-many-attempts': { message: 'code.tooMany', needsNewCode: true },
  'no-code': { message: 'code.noCode', needsNewCode: true },
};

/** The meaning of an error from POST /portal-api/session (see the route's problem note). */
export function sessionRefusal(error: unknown): SessionRefusal {
  if (!(error instanceof ApiError)) return { kind: 'stop', reason: 'failed' };
  if (error.status === 429) return { kind: 'stop', reason: 'too-many' };
  const [first] = error.errors;
  const path = first ? bare(first.path) : '';
  if (error.status === 409 && path === 'code' && first?.message === 'no-email') {
    return { kind: 'stop', reason: 'no-email' };
  }
  if (path === 'code') {
    const refusal = error.status === 401 ? CODE_REFUSALS[first?.message ?? ''] : undefined;
    return { kind: 'code', ...(refusal ?? { message: 'code.invalid', needsNewCode: false }) };
  }
  if (error.status === 401 || (error.status === 400 && path === 'token')) {
    return { kind: 'stop', reason: TOKEN_REFUSALS[first?.message ?? ''] ?? 'unknown' };
  }
  return { kind: 'stop', reason: 'failed' };
}

/** The token of a portal link's fragment (`#<token>`), or null when there is none. */
export function tokenOfHash(hash: string): string | null {
  const token = hash.replace(/^#/, '').trim();
  // The API's tokens are base64url; anything else (an anchor, a stray `#`) is no token.
  return /^[A-Za-z0-9_-]{16,200}$/.test(token) ? token : null;
}
