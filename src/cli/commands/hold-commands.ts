/**
 * @module hold-commands
 * `mahnwerk dispute open|resolve`, `mahnwerk promise record`, `mahnwerk customer block|unblock`:
 * what pauses dunning, each with its reason and end.
 */
import { type Command, Option } from 'commander';
import { setDunningBlock } from '../../services/customer-service.ts';
import { openDispute, recordPromiseToPay, resolveDispute } from '../../services/hold-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import type { CliIo } from '../main.ts';
import { dateOption, localToday, positiveIntegerOption } from '../parse-options.ts';

export function registerHoldCommands(program: Command, io: CliIo): void {
  const dispute = program
    .command('dispute')
    .description('disputes about invoices: they pause dunning and interest');
  addTenantOption(
    dispute
      .command('open')
      .description('record that the customer disputes an invoice; pending proposals for it are cancelled')
      .requiredOption('--invoice <number>', 'invoice number')
      .requiredOption('--reason <text>', 'what the customer objects to')
      .option('--owner <name>', 'who takes care of it')
      .option('--expires <date>', 'last day the dispute pauses dunning unless resolved earlier')
      .option('--date <date>', 'day it was raised (default today)'),
  ).action(
    async (
      options: TenantOption & {
        invoice: string;
        reason: string;
        owner?: string;
        expires?: string;
        date?: string;
      },
    ) => {
      const openedOn = dateOption(options.date, '--date', () => localToday());
      const expiresOn = options.expires ? dateOption(options.expires, '--expires', () => localToday()) : null;
      const row = await withServiceContext(io, options, 'dispute open', (ctx) =>
        openDispute(ctx, {
          invoiceNumber: options.invoice,
          openedOn,
          reason: options.reason,
          owner: options.owner ?? null,
          expiresOn,
        }),
      );
      io.out(`dispute ${row.id} opened for invoice ${options.invoice}\n`);
    },
  );
  addTenantOption(
    dispute
      .command('resolve')
      .description('end a dispute; dunning resumes')
      .argument('<id>', 'dispute id')
      .addOption(
        new Option('--resolution <kind>', 'outcome')
          .choices(['rejected', 'credit-note', 'write-off', 'withdrawn'])
          .makeOptionMandatory(),
      )
      .option('--date <date>', 'day it was resolved (default today)')
      .option(
        '--amount <amount>',
        'with write-off: the part of the principal given up (default: all open); with credit-note: the gross amount of the credit note issued',
      )
      .option('--note <text>', 'what was agreed (the reason of a write-off)'),
  ).action(
    async (
      id: string,
      options: TenantOption & {
        resolution: 'rejected' | 'credit-note' | 'write-off' | 'withdrawn';
        date?: string;
        amount?: string;
        note?: string;
      },
    ) => {
      const disputeId = positiveIntegerOption(id, 'id');
      const resolvedOn = dateOption(options.date, '--date', () => localToday());
      await withServiceContext(io, options, 'dispute resolve', (ctx) =>
        resolveDispute(ctx, disputeId, {
          resolvedOn,
          resolution: options.resolution,
          ...(options.amount
            ? options.resolution === 'credit-note'
              ? { creditNoteAmount: options.amount }
              : { writeOffAmount: options.amount }
            : {}),
          ...(options.note ? { note: options.note } : {}),
        }),
      );
      io.out(`dispute ${disputeId} resolved (${options.resolution})\n`);
    },
  );

  const promise = program.command('promise').description('promises to pay');
  addTenantOption(
    promise
      .command('record')
      .description('record a promise to pay: dunning of the invoice pauses until the promised day')
      .requiredOption('--invoice <number>', 'invoice number')
      .requiredOption('--pay-by <date>', 'the promised day')
      .requiredOption('--amount <amount>', 'the promised amount')
      .option('--date <date>', 'day of the promise (default today)'),
  ).action(
    async (options: TenantOption & { invoice: string; payBy: string; amount: string; date?: string }) => {
      const madeOn = dateOption(options.date, '--date', () => localToday());
      const payBy = dateOption(options.payBy, '--pay-by', () => localToday());
      const row = await withServiceContext(io, options, 'promise record', (ctx) =>
        recordPromiseToPay(ctx, { invoiceNumber: options.invoice, madeOn, payBy, amount: options.amount }),
      );
      io.out(`promise ${row.id} recorded: invoice ${options.invoice} by ${payBy}\n`);
    },
  );

  const customer = program.commands.find((c) => c.name() === 'customer') ?? program.command('customer');
  addTenantOption(
    customer
      .command('block')
      .description(
        'pause dunning for every invoice of a customer, with a reason; pending proposals are cancelled',
      )
      .argument('<number>', 'customer number')
      .requiredOption('--reason <text>', 'why')
      .option('--until <date>', 'last day of the block (default: until lifted)'),
  ).action(async (number: string, options: TenantOption & { reason: string; until?: string }) => {
    const until = options.until ? dateOption(options.until, '--until', () => localToday()) : null;
    await withServiceContext(io, options, 'customer block', (ctx) =>
      setDunningBlock(ctx, number, { reason: options.reason, until }),
    );
    io.out(`dunning of customer ${number} blocked${until ? ` until ${until}` : ''}\n`);
  });
  addTenantOption(
    customer.command('unblock').description('lift a dunning block').argument('<number>', 'customer number'),
  ).action(async (number: string, options: TenantOption) => {
    await withServiceContext(io, options, 'customer unblock', (ctx) => setDunningBlock(ctx, number, null));
    io.out(`dunning block of customer ${number} lifted\n`);
  });
}
