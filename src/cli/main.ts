/**
 * @module main
 * The `mahnwerk` command. Each command validates its options, calls one piece of the core and
 * prints the result; bad input gets one line naming the option and exit code 2.
 */
import { Command, CommanderError } from 'commander';
import type { Database } from '../db/database.ts';
import { isDomainError } from '../domain/domain-error.ts';
import { isAppError } from '../services/app-error.ts';
import { CliExit, CliUsageError, EXIT_BAD_INPUT, EXIT_BUSY } from './cli-error.ts';
import { registerImportCommand } from './commands/import-command.ts';
import { registerDemoCommand } from './commands/demo-command.ts';
import { registerInterestCommand } from './commands/interest-command.ts';
import { registerPolicyCommand } from './commands/policy-command.ts';
import { registerAuditCommand } from './commands/audit-command.ts';
import { registerGdprCommand } from './commands/gdpr-command.ts';
import { registerDocumentCommands } from './commands/document-command.ts';
import { registerOutboxCommand, registerWebhookCommand } from './commands/outbox-command.ts';
import { registerCustomerCommand } from './commands/customer-command.ts';
import { registerOrderCommand } from './commands/order-command.ts';
import { registerNoticesCommand } from './commands/notices-command.ts';
import { registerReportCommand } from './commands/report-command.ts';
import { registerRunCommand } from './commands/run-command.ts';
import { registerPaymentCommand } from './commands/payment-command.ts';
import { registerHoldCommands } from './commands/hold-commands.ts';
import { registerPlanCommand } from './commands/plan-command.ts';
import { registerSepaCommand } from './commands/sepa-command.ts';
import { registerRiskCommand } from './commands/risk-command.ts';
import { registerCourtCommand } from './commands/court-command.ts';
import { registerCaseCommand } from './commands/case-command.ts';
import { registerEInvoiceCommand, registerEInvoiceImportCommand } from './commands/einvoice-command.ts';
import { registerPaymentReviewCommands, registerStatementCommands } from './commands/statement-command.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** An open database to use instead of the environment's (tests); it is not closed by the command. */
  database?: () => Promise<Database>;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export function buildProgram(io: CliIo): Command {
  const program = new Command('mahnwerk')
    .description('Mahnwerk — receivables management and dunning under German law')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerDemoCommand(program, io);
  registerInterestCommand(program, io);
  registerPolicyCommand(program, io);
  registerRunCommand(program, io);
  registerNoticesCommand(program, io);
  registerReportCommand(program, io);
  registerCustomerCommand(program, io);
  registerOrderCommand(program, io);
  const payment = registerPaymentCommand(program, io);
  registerPaymentReviewCommands(payment, io);
  registerHoldCommands(program, io);
  registerPlanCommand(program, io);
  registerCaseCommand(program, io);
  registerCourtCommand(program, io);
  registerSepaCommand(program, io);
  registerRiskCommand(program, io);
  registerEInvoiceCommand(program, io);
  registerAuditCommand(program, io);
  registerGdprCommand(program, io);
  registerDocumentCommands(program, io);
  registerOutboxCommand(program, io);
  registerWebhookCommand(program, io);
  const importCommand = registerImportCommand(program, io);
  registerStatementCommands(program, importCommand, io);
  registerEInvoiceImportCommand(importCommand, io);
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    if (error instanceof CommanderError) {
      // Commander has printed its message already; help and version end with code 0.
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    if (error instanceof CliUsageError || isDomainError(error)) {
      io.err(`mahnwerk: ${error.message.split('\n').join('\nmahnwerk: ')}\n`);
      return EXIT_BAD_INPUT;
    }
    if (isAppError(error)) {
      const lines =
        error.issues.length > 1 ? error.issues.map((i) => `${i.path}: ${i.message}`) : [error.message];
      if (error.issues.length > 1) lines.unshift(error.message.split(':')[0] ?? error.message);
      io.err(lines.map((line) => `mahnwerk: ${line}\n`).join(''));
      return error.code === 'database-locked' || error.code === 'run-in-progress'
        ? EXIT_BUSY
        : EXIT_BAD_INPUT;
    }
    io.err(
      `mahnwerk: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
