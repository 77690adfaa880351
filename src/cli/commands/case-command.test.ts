import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

describe.each(TEST_DATABASE_KINDS)('case, writeoff and settle commands on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-case-cli-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) => runCli(args, () => Promise.resolve(database));

  /** RE-1 … RE-3 of 119.00 € each for business customer 20001, due 16 Jan 2025. */
  async function company(): Promise<string> {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, { number: '20001', name: 'Zahler AG', debtorKind: 'business' });
    for (const number of ['RE-1', 'RE-2', 'RE-3']) {
      await createInvoice(ctx, {
        customerNumber: '20001',
        number,
        issuedOn: '2025-01-02',
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Leistung', unitPrice: '100.00' }],
      });
    }
    return ctx.tenantCode;
  }

  it('hands claims over, writes the case file, books the agency’s report and closes with a write-off', async () => {
    const tenant = await company();
    const handed = await run(
      'case',
      'handover',
      '20001',
      '--agency',
      'Inkasso Nord GmbH',
      '--invoices',
      'RE-1,RE-2',
      '--reference',
      'IN-1',
      '--date',
      '2025-03-01',
      '--tenant',
      tenant,
    );
    expect(handed.err).toBe('');
    expect(handed.code).toBe(0);
    const caseId = /^case (\d+) · 20001 Zahler AG · agency Inkasso Nord GmbH \(IN-1\) · handed-over/.exec(
      handed.out,
    )?.[1];
    expect(caseId).toBeDefined();
    expect(handed.out).toMatch(/RE-1 +2025-01-16 +119,00\s€/);

    const file = await run(
      'case',
      'file',
      caseId as string,
      '--out',
      join(dir, kind),
      '--date',
      '2025-03-01',
      '--tenant',
      tenant,
    );
    expect(file.code).toBe(0);
    const [pdf, json, csv] = file.out.trim().split('\n');
    expect(existsSync(pdf as string)).toBe(true);
    expect(JSON.parse(readFileSync(json as string, 'utf8')).claims).toHaveLength(2);
    expect(readFileSync(csv as string, 'utf8')).toContain('RE-2;2025-01-02;2025-01-16;119,00;119,00;');

    const paid = await run(
      'case',
      'remittance',
      caseId as string,
      '--collected',
      '100.00',
      '--debtor-costs',
      '20.00',
      '--retained',
      '30.00',
      '--date',
      '2025-04-01',
      '--tenant',
      tenant,
    );
    expect(paid.code).toBe(0);
    expect(paid.out).toMatch(/2025-04-01 +100,00\s€ +20,00\s€ +30,00\s€ +70,00\s€/);

    const bad = await run(
      'case',
      'close',
      caseId as string,
      '--returned',
      '--write-off',
      'x',
      '--tenant',
      tenant,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--returned and --write-off/);
    const closed = await run(
      'case',
      'close',
      caseId as string,
      '--write-off',
      'insolvent',
      '--date',
      '2025-05-01',
      '--tenant',
      tenant,
    );
    expect(closed.code).toBe(0);
    expect(closed.out).toMatch(/closed since 2025-05-01/);
    expect(closed.out).toMatch(/RE-1 .*written-off/);
    const listed = await run('case', 'list', '--tenant', tenant, '--json');
    expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ status: 'closed', claims: 2 })]);
  });

  it('writes off and settles from the command line, and names a wrong invoice', async () => {
    const tenant = await company();
    const settled = await run(
      'settle',
      '20001',
      '--invoices',
      'RE-3',
      '--amount',
      '80.00',
      '--reason',
      'Vergleich',
      '--date',
      '2025-01-10',
      '--tenant',
      tenant,
    );
    expect(settled.code).toBe(0);
    expect(settled.out).toMatch(/booked 80,00\s€ \(payment \d+\)/);
    expect(settled.out).toMatch(/RE-3 +39,00\s€ +0,00\s€ +0,00\s€ +6,23\s€/);
    const wrong = await run('writeoff', '20001', '--invoices', 'RE-9', '--reason', 'weg', '--tenant', tenant);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/invoiceNumbers\.0: RE-9 is not an open invoice of customer 20001/);
    const written = await run(
      'writeoff',
      '20001',
      '--reason',
      'Firma erloschen',
      '--date',
      '2025-06-01',
      '--tenant',
      tenant,
    );
    expect(written.code).toBe(0);
    expect(written.out).toMatch(/RE-1 +119,00\s€/);
    expect(written.out).toMatch(/RE-2 +119,00\s€/);
  });
});
