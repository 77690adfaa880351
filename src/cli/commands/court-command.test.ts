import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import { readEventsOf } from '../../db/event-store.ts';
import { updateCompanyProfile } from '../../services/company-service.ts';
import { createCustomer, findCustomerOrFail } from '../../services/customer-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';

describe.each(TEST_DATABASE_KINDS)('court commands on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-court-cli-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) => runCli(args, () => Promise.resolve(database));

  /** A company in `state` with customer K-1 and invoices RE-1 (due 31 Jan 2025) and RE-2 (due 31 Dec 2025). */
  async function company(state = 'BY') {
    const ctx = await newTenantContext(database, { state });
    await updateCompanyProfile(ctx, {
      name: 'Muster Handel GmbH',
      address: { street: 'Hauptstraße 1', postalCode: '50667', city: 'Köln', country: 'DE' },
      managingDirectors: 'Max Muster',
    });
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Spät GmbH',
      debtorKind: 'business',
      address: { street: 'Marienplatz 8', postalCode: '80331', city: 'München', country: 'DE' },
    });
    for (const [number, dueDate] of [
      ['RE-1', '2025-01-31'],
      ['RE-2', '2025-12-31'],
    ] as const) {
      await createInvoice(ctx, {
        customerNumber: 'K-1',
        number,
        issuedOn: '2025-01-02',
        paymentTerms: { kind: 'fixed-date', dueDate },
        lines: [{ description: 'Ware', unitPrice: '1000.00' }],
      });
    }
    return ctx;
  }

  it('previews the application without recording anything, leaving out claims not in default', async () => {
    const ctx = await company();
    const customer = await findCustomerOrFail(ctx.db, ctx.tenantId, 'K-1');
    const before = (await readEventsOf(ctx.db, ctx.tenantId, customer.id)).length;
    const preview = await run(
      'court',
      'prepare',
      'K-1',
      '--date',
      '2025-04-01',
      '--claim-kind',
      'goods',
      '--tenant',
      ctx.tenantCode,
    );
    expect(preview.err).toBe('');
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('Amtsgericht Coburg');
    expect(preview.out).toMatch(
      /1\s+Kaufvertrag \(11\)\s+Rechnung Nr\. RE-1 vom 02\.01\.2025\s+2025-02-01\s+1190,00\s+9 Pp\. ab 2025-02-01/,
    );
    expect(preview.out).toContain('trial court    Amtsgericht 80331 München (value 1190,00)');
    expect(preview.out).toMatch(/left out: RE-2: am 01\.04\.2025 nicht im Verzug/);
    expect((await readEventsOf(ctx.db, ctx.tenantId, customer.id)).length).toBe(before);
  });

  it('writes the JSON and the PDF and records the export on the customer’s timeline', async () => {
    const ctx = await company();
    const json = join(dir, `${ctx.tenantCode}.json`);
    const pdf = join(dir, `${ctx.tenantCode}.pdf`);
    const result = await run(
      'court',
      'prepare',
      'K-1',
      '--date',
      '2025-04-01',
      '--invoices',
      'RE-1',
      '--expenses',
      '2.50',
      '--json',
      json,
      '--pdf',
      pdf,
      '--tenant',
      ctx.tenantCode,
    );
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`${json}: Mahnantrag data for K-1 (RE-1) as of 2025-04-01`);
    const data = JSON.parse(readFileSync(json, 'utf8'));
    expect(data).toMatchObject({
      format: 'mahnwerk/mahnantrag@1',
      stand: '2025-04-01',
      mahngericht: { name: 'Amtsgericht Coburg' },
      hauptforderungen: [{ rechnungsnummer: 'RE-1', katalognummer: null, anspruch: 'Sonstiger Anspruch' }],
      auslagen: { euro: '2.50', cent: 250 },
    });
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const customer = await findCustomerOrFail(ctx.db, ctx.tenantId, 'K-1');
    const events = (await readEventsOf(ctx.db, ctx.tenantId, customer.id)).filter(
      (e) => e.type === 'court-dunning.prepared',
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({
      invoiceNumbers: ['RE-1'],
      formats: ['json', 'pdf'],
      expensesCents: 250,
    });
  });

  it('refuses a claim not in default by name, and bad options with the option named', async () => {
    const ctx = await company();
    const refused = await run(
      'court',
      'prepare',
      'K-1',
      '--date',
      '2025-04-01',
      '--invoices',
      'RE-1,RE-2',
      '--tenant',
      ctx.tenantCode,
    );
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/mahnwerk: .*invoice RE-2 is not in default on 2025-04-01/);
    const kindError = await run(
      'court',
      'prepare',
      'K-1',
      '--claim-kind',
      'lease',
      '--tenant',
      ctx.tenantCode,
    );
    expect(kindError).toMatchObject({
      code: 2,
      err: expect.stringContaining('--claim-kind: expected invoice, goods, services'),
    });
    const dateError = await run('court', 'prepare', 'K-1', '--date', '1.4.2025', '--tenant', ctx.tenantCode);
    expect(dateError.err).toContain('--date: expected a date as YYYY-MM-DD');
    const folder = await run(
      'court',
      'prepare',
      'K-1',
      '--json',
      join(dir, 'missing', 'x.json'),
      '--tenant',
      ctx.tenantCode,
    );
    expect(folder).toMatchObject({ code: 2, err: expect.stringContaining('--json: folder') });
    const expenses = await run(
      'court',
      'prepare',
      'K-1',
      '--date',
      '2025-04-01',
      '--expenses',
      'abc',
      '--tenant',
      ctx.tenantCode,
    );
    expect(expenses).toMatchObject({ code: 2, err: expect.stringContaining('expenses') });
  });

  it('asks a company in NRW for its OLG district, then picks the court by it', async () => {
    const ctx = await company('NW');
    const missing = await run('court', 'prepare', 'K-1', '--date', '2025-04-01', '--tenant', ctx.tenantCode);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('settings.courtDunning.nwOlgDistrict');
    expect(missing.err).toContain('mahnwerk court settings --olg-district');
    const shown = await run('court', 'settings', '--tenant', ctx.tenantCode);
    expect(shown.out).toContain('missing        settings.courtDunning.nwOlgDistrict');
    const set = await run('court', 'settings', '--olg-district', 'koeln', '--tenant', ctx.tenantCode);
    expect(set.code).toBe(0);
    expect(set.out).toContain('Amtsgericht Euskirchen');
    const again = await run('court', 'prepare', 'K-1', '--date', '2025-04-01', '--tenant', ctx.tenantCode);
    expect(again.out).toContain('Amtsgericht Euskirchen');
    const wrong = await run('court', 'settings', '--olg-district', 'aachen', '--tenant', ctx.tenantCode);
    expect(wrong).toMatchObject({
      code: 2,
      err: expect.stringContaining('--olg-district: expected hamm, duesseldorf, koeln or none'),
    });
    const cleared = await run(
      'court',
      'settings',
      '--olg-district',
      'none',
      '--json',
      '--tenant',
      ctx.tenantCode,
    );
    expect(JSON.parse(cleared.out)).toMatchObject({ nwOlgDistrict: null, court: null });
  });
});
