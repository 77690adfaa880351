import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../../../test/support/run-cli.ts';
import { buildProgram, type CliIo } from '../main.ts';

const run = (...args: string[]): Promise<CliRun> => runCli(args);
const silentIo: CliIo = { out: () => undefined, err: () => undefined };

/** `mahnwerk interest --json` for 1000.00 from 16 Jan to 16 Jul 2024, with extra options. */
async function interestJson(...extra: string[]) {
  const result = await run(
    'interest',
    '--principal',
    '1000.00',
    '--from',
    '2024-01-16',
    '--to',
    '2024-07-16',
    '--debtor',
    'business',
    '--json',
    ...extra,
  );
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as {
    currency: string;
    principalCents: number;
    interestCents: number;
    flatFeeCents: number;
    segments: {
      from: string;
      to: string;
      days: number;
      baseRatePercent: string | null;
      ratePercent: string;
      principalCents: number;
      interestCents: number;
    }[];
  };
}

/** Splits a table row into its cells (columns are separated by at least two spaces). */
const cells = (line: string | undefined) => (line ?? '').trim().split(/ {2,}/);

const tempDir = mkdtempSync(join(tmpdir(), 'mahnwerk-interest-test-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

describe('mahnwerk interest --json', () => {
  it('§288 Abs. 2 BGB: prints the documented JSON shape for a business debtor', async () => {
    const json = await interestJson();
    expect(json).toMatchObject({
      currency: 'EUR',
      principalCents: 100000,
      interestCents: 6282, // 5774 + 508
      flatFeeCents: 4000, // §288 Abs. 5 BGB
      segments: [
        {
          from: '2024-01-16',
          to: '2024-06-30',
          days: 167,
          baseRatePercent: '3.62',
          ratePercent: '12.62',
          principalCents: 100000,
          interestCents: 5774, // 100000 × 12.62 % × 167/365 = 5774.08 → 5774
        },
        {
          from: '2024-07-01',
          to: '2024-07-15',
          days: 15,
          baseRatePercent: '3.37',
          ratePercent: '12.37',
          principalCents: 100000,
          interestCents: 508, // 100000 × 12.37 % × 15/365 = 508.36 → 508
        },
      ],
    });
    expect(json.segments).toHaveLength(2);
  });

  it('§288 Abs. 1 BGB: a consumer pays base rate + 5 pp and no flat fee', async () => {
    const result = await run(
      'interest',
      ...[
        '--principal',
        '1000.00',
        '--from',
        '2024-01-16',
        '--to',
        '2024-07-16',
        '--debtor',
        'consumer',
        '--json',
      ],
    );
    const json = JSON.parse(result.out);
    // 100000 × 8.62 % × 167/365 = 3943.95 → 3944; 100000 × 8.37 % × 15/365 = 343.97 → 344
    expect(json.segments.map((s: { interestCents: number }) => s.interestCents)).toEqual([3944, 344]);
    expect(json.interestCents).toBe(4288);
    expect(json.flatFeeCents).toBe(0);
  });

  it('interest accrues for days from <= d < to: `to` of a segment is its last interest day', async () => {
    const one = await run(
      'interest',
      ...[
        '--principal',
        '1000.00',
        '--from',
        '2024-03-01',
        '--to',
        '2024-03-02',
        '--debtor',
        'business',
        '--json',
      ],
    );
    const json = JSON.parse(one.out);
    // one day: 100000 × 12.62 % × 1/365 = 34.58 → 35
    expect(json.segments).toEqual([
      expect.objectContaining({ from: '2024-03-01', to: '2024-03-01', days: 1, interestCents: 35 }),
    ]);
    const none = await run(
      'interest',
      ...[
        '--principal',
        '1000.00',
        '--from',
        '2024-03-01',
        '--to',
        '2024-03-01',
        '--debtor',
        'business',
        '--json',
      ],
    );
    expect(JSON.parse(none.out)).toMatchObject({ interestCents: 0, segments: [] });
  });

  it('§289 BGB: --payment DATE:AMOUNT lowers the principal from that day', async () => {
    const json = await interestJson('--payment', '2024-03-01:300.00');
    expect(json.segments.map((s) => [s.from, s.to, s.days, s.principalCents, s.interestCents])).toEqual([
      ['2024-01-16', '2024-02-29', 45, 100000, 1556], // 100000 × 12.62 % × 45/365 = 1555.89 → 1556
      ['2024-03-01', '2024-06-30', 122, 70000, 2953], // 70000 × 12.62 % × 122/365 = 2952.73 → 2953
      ['2024-07-01', '2024-07-15', 15, 70000, 356], // 70000 × 12.37 % × 15/365 = 355.85 → 356
    ]);
    expect(json.interestCents).toBe(4865); // 1556 + 2953 + 356
    expect(json.principalCents).toBe(100000);
  });

  it('--payment is repeatable', async () => {
    const json = await interestJson('--payment', '2024-03-01:300.00', '--payment', '2024-05-01:200,00');
    expect(json.segments.map((s) => [s.from, s.principalCents, s.interestCents])).toEqual([
      ['2024-01-16', 100000, 1556], // 100000 × 12.62 % × 45/365 = 1555.89 → 1556
      ['2024-03-01', 70000, 1476], // 70000 × 12.62 % × 61/365 = 1476.37 → 1476
      ['2024-05-01', 50000, 1055], // 50000 × 12.62 % × 61/365 = 1054.55 → 1055
      ['2024-07-01', 50000, 254], // 50000 × 12.37 % × 15/365 = 254.18 → 254
    ]);
    expect(json.interestCents).toBe(4341); // 1556 + 1476 + 1055 + 254
  });

  it('§288 Abs. 2 BGB a. F.: --contract-date before 2014-07-29 gives + 8 pp and no flat fee', async () => {
    const json = await interestJson('--contract-date', '2014-07-28');
    expect(json.segments.map((s) => [s.ratePercent, s.interestCents])).toEqual([
      ['11.62', 5317], // 100000 × (3.62 + 8 = 11.62 %) × 167/365 = 5316.55 → 5317
      ['11.37', 467], // 100000 × (3.37 + 8 = 11.37 %) × 15/365 = 467.26 → 467
    ]);
    expect(json.interestCents).toBe(5784);
    expect(json.flatFeeCents).toBe(0);
  });

  it('Art. 229 §34 EGBGB: --contract-date 2014-07-29 already gives + 9 pp and the flat fee', async () => {
    const json = await interestJson('--contract-date', '2014-07-29');
    expect(json.interestCents).toBe(6282); // 5774 + 508, as without --contract-date
    expect(json.flatFeeCents).toBe(4000);
  });

  it('§288 Abs. 3 BGB: --rate sets a contractual rate (ERPNext: 100.00 at 10 % for 15 days = 0.41)', async () => {
    const result = await run(
      'interest',
      ...['--principal', '100.00', '--from', '2024-01-01', '--to', '2024-01-16', '--debtor', 'consumer'],
      ...['--rate', '10', '--json'],
    );
    const json = JSON.parse(result.out);
    // 10000 × 10 % × 15/365 = 41.10 → 41
    expect(json).toMatchObject({
      interestCents: 41,
      segments: [{ days: 15, baseRatePercent: null, ratePercent: '10.00', interestCents: 41 }],
    });
  });

  it('§288 Abs. 3 BGB: with --rate the period is not split at a change of the Basiszinssatz', async () => {
    const json = await interestJson('--rate', '10', '--from', '2024-06-16');
    // 100000 × 10 % × 30/365 = 821.92 → 822
    expect(json.segments.map((s) => [s.from, s.to, s.days, s.interestCents])).toEqual([
      ['2024-06-16', '2024-07-15', 30, 822],
    ]);
  });

  it('--day-count act/act and 30E/360 change the year fraction', async () => {
    const args = ['--rate', '10', '--from', '2023-12-02', '--to', '2024-01-31'];
    // act/365: 100000 × 10 % × 60/365 = 1643.84 → 1644
    expect((await interestJson(...args)).interestCents).toBe(1644);
    // act/act: 100000 × 10 % × (30/365 + 30/366) = 821.92 + 819.67 = 1641.59 → 1642
    expect((await interestJson(...args, '--day-count', 'act/act')).interestCents).toBe(1642);
    // 30E/360, 1 Feb – 1 Mar 2024 = 30 days: 100000 × 10 % × 30/360 = 833.33 → 833 (act/365: 29 days → 795)
    const thirty = await interestJson(
      '--rate',
      '10',
      '--from',
      '2024-02-01',
      '--to',
      '2024-03-01',
      '--day-count',
      '30E/360',
    );
    expect(thirty.interestCents).toBe(833);
    expect(thirty.segments[0]?.days).toBe(29);
  });

  it('§247 BGB: --base-rates FILE adds and replaces Basiszinssatz rows', async () => {
    const file = join(tempDir, 'base-rates.csv');
    writeFileSync(file, 'valid_from,rate_percent\n2024-04-01,5.00\n2024-07-01,4.00\n');
    const json = await interestJson('--base-rates', file);
    expect(
      json.segments.map((s) => [s.from, s.to, s.baseRatePercent, s.ratePercent, s.interestCents]),
    ).toEqual([
      ['2024-01-16', '2024-03-31', '3.62', '12.62', 2628], // 100000 × 12.62 % × 76/365 = 2627.73 → 2628
      ['2024-04-01', '2024-06-30', '5.00', '14.00', 3490], // 100000 × 14 % × 91/365 = 3490.41 → 3490
      ['2024-07-01', '2024-07-15', '4.00', '13.00', 534], // 100000 × 13 % × 15/365 = 534.25 → 534
    ]);
    expect(json.interestCents).toBe(6652); // 2628 + 3490 + 534
  });
});

describe('mahnwerk interest table output', () => {
  const args = [
    'interest',
    '--principal',
    '1000.00',
    '--from',
    '2024-01-16',
    '--to',
    '2024-07-16',
    '--debtor',
    'business',
  ];

  it('--lang de (the default) prints a German table with the explanation', async () => {
    const { code, out } = await run(...args);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Verzugszinsen nach §288 Abs. 2 BGB: Basiszinssatz + 9 Prozentpunkte');
    expect(cells(lines[3])).toEqual([
      'von',
      'bis',
      'Tage',
      'Basiszins',
      'Zinssatz',
      'Hauptforderung',
      'Zinsen',
    ]);
    expect(cells(lines[5])).toEqual([
      '16.01.2024',
      '30.06.2024',
      '167',
      '3,62 %',
      '12,62 %',
      '1.000,00\u00a0€',
      '57,74\u00a0€',
    ]);
    expect(cells(lines[6])).toEqual([
      '01.07.2024',
      '15.07.2024',
      '15',
      '3,37 %',
      '12,37 %',
      '1.000,00\u00a0€',
      '5,08\u00a0€',
    ]);
    expect(out).toContain('Zinsen gesamt: 62,82\u00a0€\n');
    expect(out).toContain('Verzugspauschale nach §288 Abs. 5 BGB: 40,00\u00a0€\n');
  });

  it('--lang en prints an English table', async () => {
    const { code, out } = await run(...args, '--lang', 'en');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Default interest under §288(2) BGB: base rate + 9 percentage points');
    expect(cells(lines[3])).toEqual(['from', 'to', 'days', 'base rate', 'rate', 'principal', 'interest']);
    expect(cells(lines[5])).toEqual([
      '16 Jan 2024',
      '30 Jun 2024',
      '167',
      '3.62 %',
      '12.62 %',
      '€1,000.00',
      '€57.74',
    ]);
    expect(cells(lines[6])).toEqual([
      '1 Jul 2024',
      '15 Jul 2024',
      '15',
      '3.37 %',
      '12.37 %',
      '€1,000.00',
      '€5.08',
    ]);
    expect(out).toContain('Total interest: €62.82\n');
    expect(out).toContain('Flat-rate late payment fee under §288(5) BGB: €40.00\n');
  });
});

describe('mahnwerk interest: bad input → exit code 2 and one line naming the option', () => {
  const valid = { principal: '1000.00', from: '2024-01-16', to: '2024-07-16', debtor: 'business' };
  const argsOf = (o: Record<string, string>, ...extra: string[]) => [
    'interest',
    ...Object.entries(o).flatMap(([key, value]) => [`--${key}`, value]),
    ...extra,
  ];

  it.each([
    ['unknown debtor kind', argsOf({ ...valid, debtor: 'government' }), '--debtor'],
    ['to before from', argsOf({ ...valid, to: '2024-01-15' }), '--to'],
    ['malformed amount', argsOf({ ...valid, principal: '1.000,00' }), '--principal'],
    ['amount with three decimals', argsOf({ ...valid, principal: '10.001' }), '--principal'],
    ['negative principal', argsOf(valid, '--principal=-5.00'), '--principal'],
    ['malformed date', argsOf({ ...valid, from: '16.01.2024' }), '--from'],
    ['payment without amount', argsOf(valid, '--payment', '2024-03-01'), '--payment'],
    ['payment with a bad amount', argsOf(valid, '--payment', '2024-03-01:abc'), '--payment'],
    ['payment with a bad date', argsOf(valid, '--payment', '2024-02-30:10.00'), '--payment'],
    ['payment of zero', argsOf(valid, '--payment', '2024-03-01:0.00'), '--payment'],
    ['payment not before --to', argsOf(valid, '--payment', '2024-07-16:10.00'), '--payment'],
    ['payments exceeding the principal', argsOf(valid, '--payment', '2024-03-01:1000.01'), '--payment'],
    ['malformed rate', argsOf(valid, '--rate', 'ten'), '--rate'],
    ['negative rate', argsOf(valid, '--rate=-1'), '--rate'],
    ['unknown day count', argsOf(valid, '--day-count', 'act/360'), '--day-count'],
    ['unknown language', argsOf(valid, '--lang', 'fr'), '--lang'],
    ['first day before the base rate table', argsOf({ ...valid, from: '2001-12-01' }), '--from'],
    [
      'missing base rate file',
      argsOf(valid, '--base-rates', '/nonexistent/mahnwerk-base-rates.csv'),
      '--base-rates',
    ],
    [
      'missing required option',
      argsOf({ from: valid.from, to: valid.to, debtor: valid.debtor }),
      '--principal',
    ],
  ])('%s', async (_name, args, option) => {
    const { code, out, err } = await run(...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.endsWith('\n')).toBe(true);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toContain(option);
  });
});

describe('mahnwerk --help', () => {
  function commandPaths(command: Command, prefix: string[] = []): string[][] {
    return command.commands.flatMap((sub) => {
      const path = [...prefix, sub.name()];
      return [path, ...commandPaths(sub, path)];
    });
  }

  const paths = commandPaths(buildProgram(silentIo));

  it('knows the interest and policy commands', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining(['interest', 'policy', 'policy check', 'policy show-default']),
    );
  });

  it.each(paths.map((p) => [p.join(' '), p] as const))(
    'mahnwerk %s --help prints usage and exits 0',
    async (_name, path) => {
      const { code, out, err } = await run(...path, '--help');
      expect(code).toBe(0);
      expect(err).toBe('');
      // A command with an alias shows it after a bar: `payment|payments`.
      expect(out).toMatch(new RegExp(`^Usage: mahnwerk ${path.join(' ')}(\\|[a-z-]+)? `));
    },
  );

  it('mahnwerk --help exits 0', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: mahnwerk /);
  });
});
