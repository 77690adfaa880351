import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../../test/support/test-database.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';

/** A Sparkasse-style MT940 file: a transfer naming RE-1, one naming nothing, and a card payment. */
const MT940 = [
  ':20:STARTUMSE',
  ':25:10050000/0123456789',
  ':28C:00001/001',
  ':60F:C250110EUR1000,00',
  ':61:2501100110CR119,00NTRFNONREF',
  ':86:166?00GUTSCHRIFT?20SVWZ+Rechnung RE-1 Danke?32Zahler AG?31DE02120300000000202051',
  ':61:2501100110CR50,00NTRFNONREF',
  ':86:166?00GUTSCHRIFT?20SVWZ+Abschlag?32Unbekannt GmbH',
  ':61:2501100110DR20,00NTRFNONREF',
  ':86:106?00KARTENZAHLUNG?20Tankstelle?32ARAL AG',
  ':62F:C250110EUR1149,00',
  '-',
].join('\r\n');

describe.each(TEST_DATABASE_KINDS)('statement commands on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-statement-cli-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) => runCli(args, () => Promise.resolve(database));

  it('prints a statement as normalised JSON without touching the database', async () => {
    const path = join(dir, 'parse.sta');
    writeFileSync(path, MT940);
    const { code, out } = await runCli(['statement', 'parse', path, '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed.format).toBe('mt940');
    expect(parsed.statements[0]).toMatchObject({
      account: { iban: '10050000/0123456789', currency: 'EUR' },
      openingBalanceCents: 1000_00,
      closingBalanceCents: 1149_00,
    });
    expect(parsed.statements[0].entries[0]).toMatchObject({
      bookingDate: '2025-01-10',
      amountCents: 119_00,
      direction: 'credit',
      reversal: false,
      transactions: [{ remittance: ['Rechnung RE-1 Danke'], counterparty: { name: 'Zahler AG' } }],
    });
    const table = await runCli(['statement', 'parse', path]);
    expect(table.out).toMatch(/Zahler AG/);
  });

  it('rejects a broken file with its line and exit code 2', async () => {
    const path = join(dir, 'broken.sta');
    writeFileSync(path, MT940.replace(':61:2501100110CR50,00', ':61:2513100110CR50,00'));
    const { code, err } = await runCli(['statement', 'parse', path]);
    expect(code).toBe(2);
    expect(err).toMatch(/broken\.sta:7: /);
  });

  it('imports a statement, books what it recognises and lets a person assign the rest', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: '20001', name: 'Zahler AG', debtorKind: 'business' });
    for (const number of ['RE-1', 'RE-2']) {
      await createInvoice(ctx, {
        customerNumber: '20001',
        number,
        issuedOn: '2025-01-02',
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Leistung', unitPrice: '100.00' }],
      });
    }
    const path = join(dir, `import-${kind}.sta`);
    writeFileSync(path, MT940);
    const imported = await run('import', 'statement', path, '--tenant', ctx.tenantCode);
    expect(imported.err).toBe('');
    expect(imported.out).toMatch(/3 entries read, 3 new/);
    expect(imported.out).toMatch(
      /booked 1 \(119,00\s€\), 0 returns, 0 for review, 1 parked \(payer unknown\), 1 not receivables/,
    );

    const again = await run('import', 'statement', path, '--tenant', ctx.tenantCode);
    expect(again.out).toMatch(/imported before; nothing added/);

    const review = await run('payments', 'review', '--tenant', ctx.tenantCode, '--json');
    const queue = JSON.parse(review.out);
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ status: 'parked', amountCents: 50_00, payerName: 'Unbekannt GmbH' });

    const assigned = await run('payments', 'assign', String(queue[0].id), 'RE-2', '--tenant', ctx.tenantCode);
    expect(assigned.code).toBe(0);
    expect(assigned.out).toMatch(/booked as payment \d+/);
    expect((await run('payments', 'review', '--tenant', ctx.tenantCode)).out).toBe('nothing to review\n');

    const wrongId = await run('payments', 'assign', 'abc', 'RE-2', '--tenant', ctx.tenantCode);
    expect(wrongId.code).toBe(2);
    expect(wrongId.err).toMatch(/expected the number shown by payments review/);
  });
});
