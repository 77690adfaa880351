/**
 * `mahnwerk company create` and `company list`, and what `--tenant` does with a code that names no
 * company: only the default company is made on first use; a typo is an error, not a new empty company.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { findTenantByCode } from '../../db/tenant-repository.ts';
import { runCli } from '../../../test/support/run-cli.ts';
import { openTestDatabase } from '../../../test/support/test-database.ts';

describe('company create / list and --tenant', () => {
  let database: Database;
  const run = (...args: string[]) => runCli(args, async () => database);
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(() => database?.close());

  it('refuses an unknown --tenant with a hint, and makes nothing', async () => {
    const code = `typo-${randomBytes(3).toString('hex')}`;
    const result = await run('notices', 'list', '--tenant', code);
    expect(result.code).not.toBe(0);
    expect(result.err).toContain(`no company with code "${code}"`);
    expect(result.err).toContain(`mahnwerk company create ${code} --name`);
    expect(await findTenantByCode(database.db, code)).toBeUndefined();
  });

  it('creates a company that --tenant then works on, and lists it', async () => {
    const code = `nord-${randomBytes(3).toString('hex')}`;
    const created = await run('company', 'create', code, '--name', 'Nordlicht GmbH', '--state', 'HH');
    expect(created.err).toBe('');
    expect(created.out).toContain(`company "Nordlicht GmbH" created; work on it with --tenant ${code}`);
    const shown = await run('company', 'show', '--json', '--tenant', code);
    expect(JSON.parse(shown.out)).toMatchObject({ name: 'Nordlicht GmbH', state: 'HH' });
    const listed = await run('company', 'list', '--json');
    expect(JSON.parse(listed.out)).toContainEqual({ code, name: 'Nordlicht GmbH', state: 'HH' });
    const again = await run('company', 'create', code, '--name', 'Other');
    expect(again.code).not.toBe(0);
    expect(again.err).toContain(`a company with code "${code}" exists already`);
  });

  it('names the field of a bad code or state', async () => {
    const bad = await run('company', 'create', 'Has Spaces', '--name', 'X');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/code: expected 1 to 40 lower-case letters/);
    const state = await run(
      'company',
      'create',
      `s-${randomBytes(3).toString('hex')}`,
      '--name',
      'X',
      '--state',
      'XX',
    );
    expect(state.code).not.toBe(0);
    expect(state.err).toContain('state: unknown federal state "XX"');
  });
});
