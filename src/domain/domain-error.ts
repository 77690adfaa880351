/**
 * @module domain-error
 * The one error type of the pure core. Codes are stable: the API and the CLI map them to
 * HTTP statuses and exit codes, and tests assert on them rather than on message text.
 */

export type DomainErrorCode =
  | 'invalid-amount'
  | 'invalid-currency'
  | 'currency-mismatch'
  | 'invalid-date'
  | 'invalid-percent'
  | 'invalid-argument'
  | 'invalid-payment-terms'
  | 'invalid-dunning-policy'
  | 'invalid-base-rates'
  | 'missing-base-rate'
  | 'unknown-state';

export interface DomainErrorIssue {
  /** Dotted path of the offending field, e.g. `stages.2.feeCents`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** The field the error is about, if it is about one. */
  readonly path: string | undefined;
  /** Every problem found, for validations that report all of them at once. */
  readonly issues: readonly DomainErrorIssue[];

  constructor(
    code: DomainErrorCode,
    message: string,
    options: { path?: string; issues?: readonly DomainErrorIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.path = options.path;
    this.issues = options.issues ?? (options.path ? [{ path: options.path, message }] : []);
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
