/**
 * @module policy-command
 * `mahnwerk policy check FILE` validates a dunning policy document (JSON) and prints its warnings;
 * `mahnwerk policy show-default` prints a shipped policy to start from.
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import {
  DEFAULT_BUSINESS_POLICY,
  DEFAULT_CONSUMER_POLICY,
  DEFAULT_KEY_ACCOUNT_POLICY,
} from '../../domain/default-dunning-policies.ts';
import { validateDunningPolicy } from '../../domain/dunning-policy.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';

const SHIPPED = {
  business: DEFAULT_BUSINESS_POLICY,
  consumer: DEFAULT_CONSUMER_POLICY,
  'key-accounts': DEFAULT_KEY_ACCOUNT_POLICY,
} as const;

export function registerPolicyCommand(program: Command, io: CliIo): void {
  const policy = program.command('policy').description('check and show dunning policies');
  policy
    .command('check')
    .description('validate a dunning policy (JSON file); lists every error with its field, then the warnings')
    .argument('<file>', 'policy document (JSON)')
    .option('--json', 'print {"valid", "errors", "warnings"} as JSON')
    .action((file: string, options: { json?: boolean }) => {
      let input: unknown;
      try {
        input = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new CliUsageError(
          `${file}: ${error instanceof SyntaxError ? `not valid JSON: ${error.message}` : `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`}`,
        );
      }
      const { policy: valid, warnings } = validateDunningPolicy(input);
      if (options.json) {
        io.out(JSON.stringify({ valid: true, errors: [], warnings }) + '\n');
        return;
      }
      io.out(
        `${file}: policy "${valid.key}" version ${valid.version} with ${valid.stages.length} stages is valid\n`,
      );
      for (const w of warnings) io.out(`warning: ${w.path}: ${w.message}\n`);
    });
  policy
    .command('show-default')
    .description('print a policy shipped with Mahnwerk as JSON, to edit and check')
    .addOption(new Option('--kind <kind>', 'which policy').choices(Object.keys(SHIPPED)).default('business'))
    .action((options: { kind: keyof typeof SHIPPED }) => {
      io.out(JSON.stringify(validateDunningPolicy(SHIPPED[options.kind]).policy, null, 2) + '\n');
    });
}
