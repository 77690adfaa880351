import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { readEvents } from '../db/event-store.ts';
import { tenants } from '../db/schema.ts';
import { verifyEventChain } from './audit-service.ts';
import {
  creditLimitModeOf,
  getCompanyProfile,
  getCreditLimitSettings,
  updateCompanyProfile,
  updateCreditLimitSettings,
} from './company-service.ts';
import { updateCourtDunningSettings } from './court-dunning-service.ts';

describe('creditLimitModeOf', () => {
  it('reads the stored mode and falls back to warn for none or an unknown one', () => {
    expect(creditLimitModeOf({ creditLimit: { mode: 'block' } })).toBe('block');
    expect(creditLimitModeOf({})).toBe('warn');
    expect(creditLimitModeOf({ creditLimit: { mode: 'shout' } })).toBe('warn');
    expect(creditLimitModeOf({ creditLimit: 'block' })).toBe('warn');
  });
});

describe.each(TEST_DATABASE_KINDS)('company settings on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  it('keeps the federal state of the seat in the profile, and checks the creditor id', async () => {
    const ctx = await newTenantContext(database);
    expect((await getCompanyProfile(ctx)).state).toBe('BE');
    const moved = await updateCompanyProfile(ctx, { state: 'NW', creditorId: 'de98 zzz0 9999 9999 99' });
    expect(moved).toMatchObject({ state: 'NW', creditorId: 'DE98ZZZ09999999999' });
    const [row] = await ctx.db.select().from(tenants).where(eq(tenants.tenantId, ctx.tenantId));
    expect(row?.state).toBe('NW');
    await expect(updateCompanyProfile(ctx, { state: 'XX' as never })).rejects.toThrow(
      /state: expected the code of a German federal state/,
    );
    await expect(updateCompanyProfile(ctx, { creditorId: 'DE99ZZZ09999999999' })).rejects.toThrow(
      /creditorId: expected a SEPA creditor id with valid check digits/,
    );
  });

  it('warns by default and switches to blocking, keeping the other settings, with an event', async () => {
    const ctx = await newTenantContext(database);
    expect(await getCreditLimitSettings(ctx)).toEqual({ mode: 'warn' });
    await updateCourtDunningSettings(ctx, { nwOlgDistrict: 'hamm' });
    expect(await updateCreditLimitSettings(ctx, { mode: 'block' })).toEqual({ mode: 'block' });
    expect(await getCreditLimitSettings(ctx)).toEqual({ mode: 'block' });
    const [row] = await ctx.db.select().from(tenants).where(eq(tenants.tenantId, ctx.tenantId));
    expect(row?.settings).toEqual({
      dayCount: 'act/365',
      courtDunning: { nwOlgDistrict: 'hamm' },
      creditLimit: { mode: 'block' },
    });
    const events = await readEvents(ctx.db, ctx.tenantId, 0, 1000);
    expect(events.at(-1)).toMatchObject({
      type: 'company.updated',
      payload: { changed: ['creditLimit.mode'], mode: 'block', previous: 'warn' },
    });
    expect((await verifyEventChain(ctx)).ok).toBe(true);
  });

  it('refuses an unknown mode, naming the field', async () => {
    const ctx = await newTenantContext(database);
    await expect(updateCreditLimitSettings(ctx, { mode: 'shout' as never })).rejects.toMatchObject({
      code: 'validation',
      issues: [{ path: 'mode' }],
    });
    expect(await getCreditLimitSettings(ctx)).toEqual({ mode: 'warn' });
  });

  it('keeps the credit-limit setting when the profile changes', async () => {
    const ctx = await newTenantContext(database);
    await updateCreditLimitSettings(ctx, { mode: 'block' });
    await updateCompanyProfile(ctx, { name: 'Neuer Name GmbH' });
    expect((await getCompanyProfile(ctx)).name).toBe('Neuer Name GmbH');
    expect(await getCreditLimitSettings(ctx)).toEqual({ mode: 'block' });
  });
});
