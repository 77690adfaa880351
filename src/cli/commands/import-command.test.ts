import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { openTestDatabase } from '../../../test/support/test-database.ts';
import { runCli } from '../../../test/support/run-cli.ts';
import { createCompany } from '../../services/tenant-service.ts';

let database: Database;
let databaseOpened = 0;

beforeAll(async () => {
  database = await openTestDatabase('pglite');
}, 60_000);
afterAll(() => database?.close());

function run(...args: string[]) {
  return runCli(args, () => {
    databaseOpened += 1;
    return Promise.resolve(database);
  });
}

function writeTemp(name: string, content: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mahnwerk-import-')), name);
  writeFileSync(file, content);
  return file;
}

/** A new company for one test (an unknown --tenant is refused). */
async function tenant(): Promise<string> {
  const code = `cli-import-${randomBytes(4).toString('hex')}`;
  await createCompany(database.db, { code, name: code }, 'test');
  return code;
}

const GOOD = [
  'Rechnungsnummer;Kundennummer;Kundenname;Kundenart;Rechnungsdatum;Brutto;Kostenstelle',
  'RE-1;K-1;Müller GmbH;gewerblich;01.02.2024;1.190,00;A',
  'RE-2;K-1;Müller GmbH;gewerblich;02.02.2024;10,00;A',
  'RE-3;K-2;Erika Mustermann;privat;03.02.2024;0,50;B',
].join('\n');

describe('mahnwerk import invoices', () => {
  it('imports a file and says how many invoices, how much and for how many customers', async () => {
    const file = writeTemp('rechnungen.csv', GOOD);
    const result = await run('import', 'invoices', file, '--tenant', await tenant());
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out.replace(/\u00a0/g, ' ')).toBe(
      'imported 3 invoices (1.200,50 €) for 2 customers (2 new)\nignored columns (not read): Kostenstelle\n',
    );
  });

  it('prints the result as JSON with --json', async () => {
    const file = writeTemp('rechnungen.csv', GOOD);
    const result = await run('import', 'invoices', file, '--tenant', await tenant(), '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      invoices: 3,
      customersCreated: 2,
      customersMatched: 0,
      totalCents: 120050,
      currency: 'EUR',
    });
  });

  it('rejects a bad file with every error as file:line:column and exit code 2', async () => {
    const file = writeTemp(
      'bad.csv',
      [
        'Rechnungsnummer;Kundennummer;Kundenname;Kundenart;Rechnungsdatum;Brutto',
        'RE-1;K-1;Müller GmbH;gewerblich;01.02.2024;1,5',
        'RE-2;K-1;Müller GmbH;sonstwie;01.02.2024;1.000',
        'RE-1;K-2;B;privat;2024-13-01;5',
      ].join('\n'),
    );
    const code = await tenant();
    const result = await run('import', 'invoices', file, '--tenant', code);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    const lines = result.err.trim().split('\n');
    expect(lines[0]).toBe(`mahnwerk: ${file} rejected with 4 errors, nothing imported`);
    expect(lines.slice(1)).toEqual([
      `mahnwerk: ${file}:3:Brutto: "1.000" is ambiguous (thousands or decimals?): write 1234 or 1234,00 or 1.234,00`,
      expect.stringMatching(
        new RegExp(`^mahnwerk: ${file}:3:Kundenart: expected privat, .* got "sonstwie"$`),
      ),
      `mahnwerk: ${file}:4:Rechnungsdatum: no such day: "2024-13-01"`,
      `mahnwerk: ${file}:4:Rechnungsnummer: the invoice number RE-1 appears also on line 2`,
    ]);
    // Nothing was imported: the corrected file goes in completely afterwards.
    const fixed = writeTemp('fixed.csv', GOOD);
    expect((await run('import', 'invoices', fixed, '--tenant', code)).out).toContain('imported 3 invoices');
  });

  it('names the file when it cannot be read, before opening the database', async () => {
    const opened = databaseOpened;
    const missing = join(tmpdir(), `mahnwerk-no-such-${randomBytes(4).toString('hex')}.csv`);
    const result = await run('import', 'invoices', missing);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`mahnwerk: ${missing}: cannot read: ENOENT\n`);
    expect(databaseOpened).toBe(opened);
  });

  it('documents the columns in --help', async () => {
    const result = await run('import', 'invoices', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Rechnungsnummer | Rechnungsnr');
    expect(result.out).toContain('Fälligkeit | Fälligkeitsdatum');
    expect(result.out).toContain('Windows-1252');
    expect(result.out).toContain('--tenant <code>');
  });
});
