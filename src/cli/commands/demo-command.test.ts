import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../../test/support/test-database.ts';
import type { DemoSummary } from '../../services/demo-service.ts';
import { runCli } from '../../../test/support/run-cli.ts';

describe.each(TEST_DATABASE_KINDS)('mahnwerk demo on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  const run = (...args: string[]) => runCli(['demo', ...args], () => Promise.resolve(database));

  const newTenant = () => `demo-${randomBytes(4).toString('hex')}`;
  const small = ['--customers', '8', '--invoices', '30', '--today', '2025-06-30'];

  it('prints a short summary and what to run next', async () => {
    const tenant = newTenant();
    const result = await run(...small, '--tenant', tenant);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Demo data for company "${tenant}" as of 2025-06-30 (seed 1):`);
    expect(result.out).toMatch(/customers {2}8 \(6 businesses, 2 consumers\)/);
    expect(result.out).toMatch(/invoices {3}30 over €[\d,]+\.\d\d: \d+ paid/);
    expect(result.out).toContain(`next: mahnwerk run dunning --date 2025-06-30 --tenant ${tenant}\n`);
    expect(result.out.split('\n').length).toBeLessThanOrEqual(9);
  }, 60_000);

  it('prints one JSON object with --json, and nothing on stderr', async () => {
    const tenant = newTenant();
    const result = await run(...small, '--seed', '7', '--tenant', tenant, '--json');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out) as DemoSummary & { tenant: string };
    expect(summary).toMatchObject({ tenant, today: '2025-06-30', seed: 7, customers: 8, invoices: 30 });
    expect(summary.openCents).toBe(summary.invoicedCents - summary.paidCents);
  }, 60_000);

  it('refuses a company that has customers already, with exit code 2', async () => {
    const tenant = newTenant();
    expect((await run(...small, '--tenant', tenant)).code).toBe(0);
    const again = await run(...small, '--tenant', tenant);
    expect(again.code).toBe(2);
    expect(again.out).toBe('');
    expect(again.err).toBe(
      'mahnwerk: the company has customers already; a demo needs an empty company (try --tenant demo)\n',
    );
  }, 60_000);

  it.each([
    [['--customers', '0'], '--customers'],
    [['--customers', '1.5'], '--customers'],
    [['--customers', '100000'], '--customers'],
    [['--invoices', 'many'], '--invoices'],
    [['--customers', '10', '--invoices', '9'], '--invoices'],
    [['--seed', '-1'], '--seed'],
    [['--today', '2025-02-30'], '--today'],
    [['--today', '30.06.2025'], '--today'],
  ])('rejects %j with one line naming %s and exit code 2', async (args, option) => {
    const result = await run(...args, '--tenant', newTenant());
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.startsWith(`mahnwerk: ${option}: `)).toBe(true);
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
  });
});
