import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPoppler } from '../../../test/support/poppler.ts';
import { type CliRun, runCli } from '../../../test/support/run-cli.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../../test/support/test-database.ts';
import { isAppError } from '../../services/app-error.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { CliUsageError } from '../cli-error.ts';
import { buildProgram, type CliIo } from '../main.ts';
import { registerOrderCommand } from './order-command.ts';

/**
 * `mahnwerk order …` through the real CLI once main.ts registers the command; until then through
 * the same program with the command added here, errors mapped as main() maps them (exit code 2).
 */
async function runOrderCli(args: string[], database: TestDatabase): Promise<CliRun> {
  const registered = buildProgram({ out: () => {}, err: () => {} }).commands.some(
    (c) => c.name() === 'order',
  );
  if (registered) return runCli(args, () => Promise.resolve(database));
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    database: () => Promise.resolve(database),
  };
  const program = buildProgram(io);
  const configure = (c: ReturnType<typeof registerOrderCommand>) => {
    c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    c.commands.forEach(configure);
  };
  configure(registerOrderCommand(program, io));
  try {
    await program.parseAsync(['node', 'mahnwerk', ...args]);
    return { code: 0, out, err };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, out, err };
    if (error instanceof CliUsageError || isAppError(error)) {
      return { code: 2, out, err: err + `mahnwerk: ${(error as Error).message}\n` };
    }
    throw error;
  }
}

describe.each(TEST_DATABASE_KINDS)('order command on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-order-cli-'));
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.close();
  });

  const run = (...args: string[]) => runOrderCli(args, database);

  it('captures, confirms, moves the date, delivers in part and in full, and shows the lifecycle', async () => {
    const ctx = await newTenantContext(database);
    const tenant = ctx.tenantCode;
    await createCustomer(ctx, {
      number: '30001',
      name: 'Terminal GmbH',
      debtorKind: 'business',
      email: 'einkauf@terminal.example',
      paymentTerms: { kind: 'net', days: 30 },
    });
    const captured = await run(
      'order',
      'capture',
      '--customer',
      '30001',
      '--date',
      '2025-05-02',
      '--delivery',
      '2025-05-20',
      '--line',
      'Montage;2.5;80.00;19;HUR',
      '--line',
      'Fachbuch;1;39.90;7',
      '--received',
      '--tenant',
      tenant,
    );
    expect(captured.code, captured.err).toBe(0);
    expect(captured.out).toBe('order AU000001 received\n');

    const confirmed = await run('order', 'confirm', 'AU000001', '--date', '2025-05-03', '--tenant', tenant);
    expect(confirmed.out).toBe(
      'order AU000001 confirmed on 2025-05-03; confirmation e-mail queued to einkauf@terminal.example\n',
    );
    const noReason = await run('order', 'move-date', 'AU000001', '--to', '2025-05-27', '--tenant', tenant);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain("required option '--reason <text>'");
    const moved = await run(
      'order',
      'move-date',
      'AU000001',
      '--to',
      '2025-05-27',
      '--reason',
      'Material kommt später',
      '--no-notify',
      '--tenant',
      tenant,
    );
    expect(moved.out).toBe('order AU000001: delivery date now 2025-05-27\n');

    const over = await run(
      'order',
      'deliver',
      'AU000001',
      '--date',
      '2025-05-23',
      '--line',
      '1:3',
      '--tenant',
      tenant,
    );
    expect(over.code).toBe(2);
    expect(over.err).toContain('lines.0.quantity: position 1: 3 is more than the 2.5 still to deliver');
    const part = await run(
      'order',
      'deliver',
      'AU000001',
      '--date',
      '2025-05-23',
      '--line',
      '1:2.5',
      '--invoice-date',
      '2025-05-23',
      '--tenant',
      tenant,
    );
    expect(part.code, part.err).toBe(0);
    expect(part.out).toMatch(/^delivery \d+ recorded; order AU000001 partly-delivered\n/);
    expect(part.out).toMatch(/invoice RE000001 of 238,00\s€, due 2025-06-22\n/);
    expect(part.out).toContain('invoice e-mail queued to einkauf@terminal.example');
    const rest = await run(
      'order',
      'deliver',
      'AU000001',
      '--date',
      '2025-05-24',
      '--all',
      '--invoice-date',
      '2025-05-24',
      '--tenant',
      tenant,
    );
    expect(rest.out).toContain('order AU000001 invoiced');

    const shown = await run('order', 'show', 'AU000001', '--tenant', tenant);
    expect(shown.out).toContain('AU000001  30001 Terminal GmbH  invoiced');
    expect(shown.out).toContain('2025-05-03  received → confirmed');
    expect(shown.out).toContain('delivery date 2025-05-20 → 2025-05-27: Material kommt später');
    expect(shown.out).toMatch(/delivery \d+ on 2025-05-23: 1×2\.5 — invoice RE000001 open/);
    const listed = await run('order', 'list', '--status', 'invoiced', '--tenant', tenant);
    expect(listed.out).toContain('AU000001');
    expect((await run('order', 'list', '--status', 'shipped', '--tenant', tenant)).err).toContain(
      '--status: expected received, confirmed',
    );
    const kpi = await run('order', 'kpi', '--date', '2025-05-30', '--json', '--tenant', tenant);
    expect(JSON.parse(kpi.out)).toMatchObject({ deliveries: 2, medianDays: 0, ordersNotInvoiced: 0 });
    expect((await run('order', 'mark-paid', '--tenant', tenant)).out).toBe('no orders newly paid\n');

    const update = await run(
      'order',
      'update',
      'AU000001',
      '--template',
      'order-delivered',
      '--tenant',
      tenant,
    );
    expect(update.out).toBe(
      'update "Ihr Auftrag AU000001 ist geliefert" queued to einkauf@terminal.example\n',
    );

    const file = join(dir, 'ab.pdf');
    const pdf = await run('order', 'pdf', 'AU000001', '-o', file, '--tenant', tenant);
    expect(pdf.code, pdf.err).toBe(0);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    if (hasPoppler()) {
      const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
      expect(text).toContain('Auftragsbestätigung AU000001');
      expect(text).toContain('Verzugspauschale');
    }
  });

  it('invoices after a check when set so, and cancels with a reason', async () => {
    const ctx = await newTenantContext(database);
    const tenant = ctx.tenantCode;
    await createCustomer(ctx, { number: '30002', name: 'Prüfung KG', debtorKind: 'business' });
    const settings = await run(
      'order',
      'settings',
      '--invoice-on-delivery',
      'after-check',
      '--tenant',
      tenant,
    );
    expect(settings.out).toBe('invoice on delivery: after-check\nstatus updates by e-mail: off\n');
    expect(
      (await run('order', 'settings', '--invoice-on-delivery', 'weekly', '--tenant', tenant)).err,
    ).toContain('--invoice-on-delivery: expected automatic or after-check');
    await run(
      'order',
      'capture',
      '--customer',
      '30002',
      '--date',
      '2025-05-02',
      '--line',
      'Tür;1;200',
      '--tenant',
      tenant,
    );
    const delivered = await run(
      'order',
      'deliver',
      'AU000001',
      '--date',
      '2025-05-05',
      '--all',
      '--tenant',
      tenant,
    );
    const hint = /mahnwerk order invoice AU000001 --delivery (\d+)/.exec(delivered.out);
    expect(hint, delivered.out).not.toBeNull();
    const invoiced = await run(
      'order',
      'invoice',
      'AU000001',
      '--delivery',
      hint?.[1] as string,
      '--date',
      '2025-05-06',
      '--tenant',
      tenant,
    );
    expect(invoiced.out).toMatch(/^invoice RE000001 of 238,00\s€, due 2025-05-20; order invoiced\n$/);

    await run(
      'order',
      'capture',
      '--customer',
      '30002',
      '--date',
      '2025-05-02',
      '--line',
      'Fenster;1;90',
      '--tenant',
      tenant,
    );
    const cancelled = await run(
      'order',
      'cancel',
      'AU000002',
      '--reason',
      'Kunde verzichtet',
      '--tenant',
      tenant,
    );
    expect(cancelled.out).toBe('order AU000002 cancelled\n');
    const late = await run('order', 'deliver', 'AU000002', '--all', '--tenant', tenant);
    expect(late.code).toBe(2);
    expect(late.err).toContain('order AU000002 is cancelled');
    expect((await run('order', 'deliver', 'AU000002', '--tenant', tenant)).err).toContain(
      'give either --all or one or more --line',
    );
  });
});
