import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';
import { recordPayment } from '../../services/payment-service.ts';
import { newTenantContext, openTestDatabase } from '../../../test/support/test-database.ts';
import { registerGdprCommand } from './gdpr-command.ts';

/** `mahnwerk gdpr …` with this command alone (main.ts registers it beside the others). */
async function gdpr(database: Database, args: string[]): Promise<string> {
  let out = '';
  const program = new Command('mahnwerk').exitOverride();
  registerGdprCommand(program, {
    out: (t) => void (out += t),
    err: () => {},
    database: async () => database,
  });
  program.commands.forEach((c) => c.commands.forEach((s) => s.exitOverride()));
  await program.parseAsync(['node', 'mahnwerk', 'gdpr', ...args]);
  return out;
}

describe('mahnwerk gdpr', () => {
  let database: Database;
  let dir: string;
  let tenant: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-gdpr-'));
    const ctx = await newTenantContext(database);
    tenant = ctx.tenantCode;
    await createCustomer(ctx, {
      number: 'K-9',
      name: 'Hans Beispiel',
      debtorKind: 'consumer',
      phone: '0171 1',
    });
    await createInvoice(ctx, {
      customerNumber: 'K-9',
      number: 'RE-9',
      issuedOn: '2025-02-03',
      lines: [{ description: 'Wartung', unitPrice: '100.00' }],
    });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the retention periods with their end and what is open', async () => {
    const out = await gdpr(database, ['retention', 'K-9', '--date', '2026-03-16', '--tenant', tenant]);
    expect(out).toContain(
      'booking-records: 1 record(s), latest 2025-02-03, kept until 2033-12-31 (8 years, § 147',
    );
    expect(out).toContain('open: 1 open invoice(s)');
  });

  it('writes the export to a file', async () => {
    const file = join(dir, 'k9.json');
    const out = await gdpr(database, ['export', 'K-9', '--out', file, '--tenant', tenant]);
    expect(out).toContain(`${file}: all data of customer K-9`);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.data.customer).toMatchObject({ number: 'K-9', phone: '0171 1' });
  });

  it('erases only with --yes, and refuses while the invoice is open', async () => {
    const dry = await gdpr(database, ['erase', 'K-9', '--tenant', tenant]);
    expect(dry).toContain('nothing erased: run again with --yes');
    await expect(gdpr(database, ['erase', 'K-9', '--yes', '--tenant', tenant])).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('erases what no rule keeps once the claim is paid, and says what stays until when', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Anna Beispiel',
      debtorKind: 'consumer',
      email: 'a@example.test',
    });
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-1',
      issuedOn: '2025-02-03',
      lines: [{ description: 'Wartung', unitPrice: '100.00' }],
    });
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2025-02-10',
      amount: '119.00',
      invoiceNumbers: ['RE-1'],
    });
    const out = await gdpr(database, [
      'erase',
      'K-1',
      '--yes',
      '--date',
      '2026-03-16',
      '--tenant',
      ctx.tenantCode,
    ]);
    expect(out).toContain('customer K-1: erased (contacts 0, portalLinks 0, tasks 0');
    expect(out).toContain('until 2033-12-31');
  });
});
