/**
 * @module cli-error
 * Bad input on the command line: one line on stderr naming the option, exit code 2.
 */
export class CliUsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const EXIT_BAD_INPUT = 2;
/** The database is held by another process, or a run of the same tenant is in progress. */
export const EXIT_BUSY = 3;

/** Ends a command with an exit code after it has printed its own message (e.g. a broken audit chain). */
export class CliExit extends Error {
  readonly exitCode: number;
  constructor(exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
    this.exitCode = exitCode;
  }
}
