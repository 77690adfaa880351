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
import { addDays } from '../../domain/calendar-date.ts';
import { formatMoney } from '../../domain/format-money.ts';
import { Money } from '../../domain/money.ts';
import { nextTargetDay } from '../../formats/pain008.ts';
import { validatePain008 } from '../../formats/schemas/validate-pain008.ts';
import { updateCompanyProfile } from '../../services/company-service.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';
import { localToday } from '../parse-options.ts';

// The command works on the real clock: the dates follow today.
const today = localToday();
const collectionDate = nextTargetDay(addDays(today, 6));
/** Amounts as the command prints them (German, with a non-breaking space before €). */
const eur = (cents: number) => formatMoney(Money.of(cents, 'EUR'), 'de');

describe.each(TEST_DATABASE_KINDS)('sepa commands on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-sepa-cli-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) => runCli(args, () => Promise.resolve(database));

  /** A company collecting by direct debit, a consumer K-1 and a business K-2, an invoice of 119.00 € each. */
  async function company(): Promise<string> {
    const ctx = await newTenantContext(database);
    await updateCompanyProfile(ctx, {
      creditorId: 'DE98ZZZ09999999999',
      bank: { iban: 'DE89370400440532013000', bic: null, bankName: null },
    });
    await createCustomer(ctx, { number: 'K-1', name: 'Jürgen Müller', debtorKind: 'consumer' });
    await createCustomer(ctx, { number: 'K-2', name: 'Schmidt Logistik AG', debtorKind: 'business' });
    for (const [customerNumber, number] of [
      ['K-1', 'RE-1'],
      ['K-2', 'RE-2'],
    ] as const) {
      await createInvoice(ctx, {
        customerNumber,
        number,
        issuedOn: addDays(today, -40),
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Wartung', unitPrice: '100.00' }],
      });
    }
    return ctx.tenantCode;
  }

  it('adds, lists and revokes mandates, and exports a pain.008 file per scheme with a summary', async () => {
    const tenant = await company();
    const signed = addDays(today, -60);
    const added = await run(
      'sepa',
      'mandate',
      'add',
      '--customer',
      'K-1',
      '--reference',
      'M-K1',
      '--signed',
      signed,
      '--iban',
      'DE02 1203 0000 0000 2020 51',
      '--tenant',
      tenant,
    );
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toMatch(/^mandate \d+ M-K1 recorded for K-1: CORE, recurring, DE02120300000000202051/);
    const b2b = await run(
      'sepa',
      'mandate',
      'add',
      '--customer',
      'K-2',
      '--reference',
      'M-K2',
      '--signed',
      signed,
      '--iban',
      'DE02500105170137075030',
      '--bic',
      'INGDDEFFXXX',
      '--scheme',
      'B2B',
      '--tenant',
      tenant,
    );
    expect(b2b.code).toBe(0);

    const bad = await run(
      'sepa',
      'mandate',
      'add',
      '--customer',
      'K-1',
      '--reference',
      'M_K1',
      '--signed',
      signed,
      '--iban',
      'DE02120300000000202051',
      '--scheme',
      'B2B',
      '--tenant',
      tenant,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('reference');
    expect(
      (
        await run(
          'sepa',
          'mandate',
          'add',
          '--customer',
          'K-1',
          '--reference',
          'X',
          '--signed',
          '1.1.2026',
          '--iban',
          'DE02120300000000202051',
          '--tenant',
          tenant,
        )
      ).err,
    ).toBe('mahnwerk: --signed: expected a date as YYYY-MM-DD, got "1.1.2026"\n');

    const listed = await run('sepa', 'mandate', 'list', '--tenant', tenant);
    expect(listed.out).toContain('M-K1');
    expect(listed.out).toContain('M-K2');
    const json = JSON.parse(
      (await run('sepa', 'mandate', 'list', '--customer', 'K-2', '--json', '--tenant', tenant)).out,
    );
    expect(json).toMatchObject([{ reference: 'M-K2', scheme: 'B2B', bic: 'INGDDEFFXXX', status: 'active' }]);

    const out = join(dir, `${tenant}-lastschrift.xml`);
    const exported = await run('sepa', 'export', '--date', collectionDate, '-o', out, '--tenant', tenant);
    expect(exported).toMatchObject({ code: 0, err: '' });
    const core = out.replace(/\.xml$/, '-core.xml');
    const b2bFile = out.replace(/\.xml$/, '-b2b.xml');
    expect(exported.out).toContain(
      `${core}: CORE, collection on ${collectionDate}, 1 direct debit, ${eur(119_00)}`,
    );
    expect(exported.out).toContain(
      `${b2bFile}: B2B, collection on ${collectionDate}, 1 direct debit, ${eur(119_00)}`,
    );
    expect(exported.out).toContain(`FRST          1  ${eur(119_00)}`);
    expect(exported.out).toContain(`total: 2 direct debits, ${eur(238_00)}`);
    for (const path of [core, b2bFile]) {
      expect(await validatePain008(readFileSync(path, 'utf8'))).toEqual({ valid: true, errors: [] });
    }
    const messageId = /message (MW-\d{8}-\d{5})\)/.exec(exported.out)?.[1] ?? '';
    expect(readFileSync(core, 'utf8')).toContain(`<MsgId>${messageId}</MsgId>`);

    // Nothing twice; a lost file is written again as it was.
    expect(
      (await run('sepa', 'export', '--date', collectionDate, '--json', '-o', out, '--tenant', tenant)).out,
    ).toBe(`${JSON.stringify({ collectionDate, files: [], warnings: [], skipped: [] })}\n`);
    const again = join(dir, `${tenant}-again.xml`);
    expect((await run('sepa', 'file', messageId, '-o', again, '--tenant', tenant)).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(core, 'utf8'));

    const id = String(json[0].id);
    const revoked = await run('sepa', 'mandate', 'revoke', id, '--tenant', tenant);
    expect(revoked.out).toContain(`mandate M-K2 of K-2 revoked from ${today}`);
    expect(revoked.out).toMatch(
      /warning: MW-\d{8}-\d{5}-1 \(119,00\s€ on .*\) was exported already: ask the bank to recall it/,
    );
    expect((await run('sepa', 'mandate', 'revoke', id, '--tenant', tenant)).code).toBe(2);
  });

  it('refuses bad options before exporting anything', async () => {
    const tenant = await company();
    expect((await run('sepa', 'export', '--date', '2026-13-01', '--tenant', tenant)).code).toBe(2);
    const nowhere = await run(
      'sepa',
      'export',
      '--date',
      collectionDate,
      '-o',
      join(dir, 'missing', 'x.xml'),
      '--tenant',
      tenant,
    );
    expect(nowhere).toMatchObject({ code: 2, err: expect.stringContaining('-o: cannot write into') });
    const nothing = await run(
      'sepa',
      'export',
      '--date',
      collectionDate,
      '-o',
      join(dir, `${tenant}.xml`),
      '--tenant',
      tenant,
    );
    expect(nothing.out).toContain(`nothing to collect on ${collectionDate}`);
    expect(existsSync(join(dir, `${tenant}.xml`))).toBe(false);
  });
});
