/**
 * @module tenant-service
 * Creating a company (tenant) with what it needs to work at once: number sequences and the
 * dunning policies Mahnwerk ships.
 */
import { appendEvent } from '../db/event-store.ts';
import {
  findTenantByCode,
  insertNumberSequences,
  insertPolicyVersion,
  insertTenant,
  type TenantRow,
} from '../db/tenant-repository.ts';
import type { Db } from '../db/database.ts';
import type { PostalAddress } from '../db/schema.ts';
import {
  DEFAULT_BUSINESS_POLICY,
  DEFAULT_CONSUMER_POLICY,
  DEFAULT_KEY_ACCOUNT_POLICY,
} from '../domain/default-dunning-policies.ts';
import { validateDunningPolicy } from '../domain/dunning-policy.ts';
import { isGermanState } from '../domain/public-holidays.ts';
import { AppError } from './app-error.ts';

export const DEFAULT_TENANT_CODE = 'default';
/** The name the default company starts with, until `mahnwerk company set --name` changes it. */
export const DEFAULT_COMPANY_NAME = 'Meine Firma GmbH';

export const NUMBER_PREFIXES = [
  { kind: 'customer', prefix: 'K' },
  { kind: 'invoice', prefix: 'RE' },
  { kind: 'order', prefix: 'AU' },
  { kind: 'credit-note', prefix: 'GS' },
] as const;

export interface CreateTenantInput {
  code: string;
  name: string;
  state?: string;
  address?: PostalAddress;
}

export async function createTenant(db: Db, input: CreateTenantInput, actor: string): Promise<TenantRow> {
  const state = input.state ?? 'BE';
  if (!isGermanState(state)) throw new AppError('validation', `state: unknown federal state "${state}"`);
  return db.transaction(async (tx) => {
    const tenant = await insertTenant(tx, {
      code: input.code,
      name: input.name,
      state,
      address: input.address ?? null,
      settings: { dayCount: 'act/365' },
    });
    await insertNumberSequences(tx, tenant.tenantId, NUMBER_PREFIXES);
    const shipped = [
      { input: DEFAULT_BUSINESS_POLICY, defaultFor: 'business' },
      { input: DEFAULT_CONSUMER_POLICY, defaultFor: 'consumer' },
      { input: DEFAULT_KEY_ACCOUNT_POLICY, defaultFor: null },
    ];
    for (const { input: policyInput, defaultFor } of shipped) {
      const { policy } = validateDunningPolicy(policyInput);
      await insertPolicyVersion(tx, tenant.tenantId, {
        key: policy.key,
        version: policy.version,
        document: policyInput as unknown as Record<string, unknown>,
        defaultFor,
      });
    }
    await appendEvent(tx, tenant.tenantId, actor, {
      type: 'tenant.created',
      entityType: 'tenant',
      entityId: tenant.tenantId,
      payload: { code: tenant.code, name: tenant.name, state },
    });
    return tenant;
  });
}

/** A company's code: what `--tenant` names it by. */
const TENANT_CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** A new company by hand (`mahnwerk company create`): its code must be free and well-formed. */
export async function createCompany(db: Db, input: CreateTenantInput, actor: string): Promise<TenantRow> {
  if (!TENANT_CODE.test(input.code)) {
    throw new AppError(
      'validation',
      `code: expected 1 to 40 lower-case letters, digits or "-", starting with a letter or digit, got "${input.code}"`,
    );
  }
  if (!input.name.trim()) throw new AppError('validation', 'name: must not be empty');
  if (await findTenantByCode(db, input.code)) {
    throw new AppError('conflict', `code: a company with code "${input.code}" exists already`);
  }
  return createTenant(db, { ...input, name: input.name.trim() }, actor);
}

/** The tenant with `code`, created with defaults on first use. */
export async function ensureTenant(db: Db, code: string, actor: string): Promise<TenantRow> {
  const existing = await findTenantByCode(db, code);
  if (existing) return existing;
  try {
    return await createTenant(
      db,
      { code, name: code === DEFAULT_TENANT_CODE ? DEFAULT_COMPANY_NAME : code },
      actor,
    );
  } catch (error) {
    const raced = await findTenantByCode(db, code); // another process created it at the same moment
    if (raced) return raced;
    throw error;
  }
}
