/**
 * @module app-error
 * Errors of the services with stable codes. Domain errors (DomainError) pass through unchanged;
 * the CLI maps both to exit code 2 for bad input, the API to problem+json by one table.
 */
export type AppErrorCode =
  | 'not-found'
  | 'conflict'
  | 'validation'
  | 'database-locked'
  | 'run-in-progress'
  | 'import-rejected'
  | 'unauthenticated'
  | 'forbidden'
  | 'precondition-failed'
  | 'rate-limited';

export interface AppErrorIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues: readonly AppErrorIssue[];

  constructor(
    code: AppErrorCode,
    message: string,
    options: { issues?: readonly AppErrorIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
