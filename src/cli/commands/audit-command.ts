/**
 * @module audit-command
 * `mahnwerk audit verify`: recompute the event chain and name the first broken row.
 */
import type { Command } from 'commander';
import { verifyEventChain } from '../../services/audit-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { CliExit } from '../cli-error.ts';
import type { CliIo } from '../main.ts';

export function registerAuditCommand(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('the tamper-evident record');
  addTenantOption(
    audit
      .command('verify')
      .description(
        'recompute the hash chain of the event log; exit code 1 and the first broken row if it was changed',
      )
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { json?: boolean }) => {
    const result = await withServiceContext(io, { ...options, createTenant: false }, 'audit verify', (ctx) =>
      verifyEventChain(ctx),
    );
    if (options.json) io.out(JSON.stringify(result) + '\n');
    else if (result.ok) io.out(`event chain intact: ${result.checked} events verified\n`);
    else io.out(`event chain BROKEN at event ${result.firstBroken?.seq}: ${result.firstBroken?.problem}\n`);
    if (!result.ok) throw new CliExit(1);
  });
}
