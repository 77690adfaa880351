/**
 * @module company-service
 * The company's own details as its letters and invoices need them: name and address, contact,
 * VAT id and tax number, register entry and managing directors (§35a GmbHG, §80 AktG require them
 * on business letters), and the bank account that invoices ask to be paid into (and that the EPC
 * QR code carries). And what happens when an order or invoice would take a customer above its
 * credit limit: a warning (default) or a refusal (`settings.creditLimit.mode`).
 *
 * @example
 * await updateCompanyProfile(ctx, { bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } });
 * const profile = await getCompanyProfile(ctx);
 * await updateCreditLimitSettings(ctx, { mode: 'block' });
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { appendEvents } from '../db/event-store.ts';
import { bankAccounts, tenants } from '../db/schema.ts';
import type { Db } from '../db/database.ts';
import { findTenantById, updateSettingsSection } from '../db/tenant-repository.ts';
import { compactIban, isValidIban } from '../domain/iban.ts';
import { GERMAN_STATES } from '../domain/public-holidays.ts';
import { isValidCreditorId } from '../formats/pain008.ts';
import { AppError } from './app-error.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const companyProfileSchema = z.object({
  name: text(140),
  address: z
    .object({
      street: text(140),
      postalCode: text(20),
      city: text(80),
      country: z.string().regex(/^[A-Z]{2}$/, 'expected a country code like DE'),
    })
    .nullable(),
  phone: text(40).nullable(),
  email: z.email().nullable(),
  website: text(120).nullable(),
  vatId: z
    .string()
    .regex(/^[A-Z]{2}[A-Z0-9]{2,12}$/, 'expected a VAT id like DE123456789')
    .nullable(),
  taxNumber: text(30).nullable(),
  /** E.g. "Amtsgericht Berlin-Charlottenburg HRB 123456". */
  register: text(140).nullable(),
  managingDirectors: text(200).nullable(),
  /**
   * Federal state of the seat: its public holidays move deadlines (§ 193 BGB), and it names the
   * central dunning court.
   */
  state: z.enum(GERMAN_STATES, {
    error: `expected the code of a German federal state: ${GERMAN_STATES.join(', ')}`,
  }),
  /** SEPA creditor id (Gläubiger-ID), for direct debits. */
  creditorId: z
    .string()
    .trim()
    .transform((id) => id.replace(/\s+/g, '').toUpperCase())
    .refine(isValidCreditorId, 'expected a SEPA creditor id with valid check digits, like DE98ZZZ09999999999')
    .nullable(),
  bank: z
    .object({
      iban: z.string().transform(compactIban).refine(isValidIban, 'expected an IBAN with valid check digits'),
      bic: z
        .string()
        .regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'expected a BIC of 8 or 11 characters')
        .nullable(),
      bankName: text(80).nullable(),
    })
    .nullable(),
});

export type CompanyProfile = z.output<typeof companyProfileSchema>;
export type CompanyProfileUpdate = Partial<z.input<typeof companyProfileSchema>>;

interface Letterhead {
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  taxNumber?: string | null;
  managingDirectors?: string | null;
}

export async function getCompanyProfile(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
): Promise<CompanyProfile> {
  const tenant = await findTenantById(ctx.db, ctx.tenantId);
  if (!tenant) throw new AppError('not-found', `company ${ctx.tenantId} not found`);
  const letterhead = tenant.letterhead as Letterhead;
  const [bank] = await ctx.db
    .select()
    .from(bankAccounts)
    .where(and(eq(bankAccounts.tenantId, ctx.tenantId), eq(bankAccounts.isDefault, true)));
  return {
    name: tenant.name,
    address: tenant.address
      ? {
          street: tenant.address.street,
          postalCode: tenant.address.postalCode,
          city: tenant.address.city,
          country: tenant.address.country,
        }
      : null,
    phone: letterhead.phone ?? null,
    email: letterhead.email ?? null,
    website: letterhead.website ?? null,
    vatId: tenant.vatId,
    taxNumber: letterhead.taxNumber ?? null,
    register: tenant.register,
    managingDirectors: letterhead.managingDirectors ?? null,
    state: GERMAN_STATES.find((code) => code === tenant.state) ?? 'BE',
    creditorId: tenant.creditorId,
    bank: bank ? { iban: bank.iban, bic: bank.bic, bankName: bank.bankName } : null,
  };
}

/** Changes the fields given (null clears one) and records the change as an event. */
export async function updateCompanyProfile(
  ctx: ServiceContext,
  update: CompanyProfileUpdate,
): Promise<CompanyProfile> {
  const current = await getCompanyProfile(ctx);
  const next = parseInput(companyProfileSchema, { ...current, ...update }, 'company');
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(tenants)
      .set({
        name: next.name,
        address: next.address,
        vatId: next.vatId,
        register: next.register,
        state: next.state,
        creditorId: next.creditorId,
        letterhead: {
          phone: next.phone,
          email: next.email,
          website: next.website,
          taxNumber: next.taxNumber,
          managingDirectors: next.managingDirectors,
        },
      })
      .where(eq(tenants.tenantId, ctx.tenantId));
    await tx
      .delete(bankAccounts)
      .where(and(eq(bankAccounts.tenantId, ctx.tenantId), eq(bankAccounts.isDefault, true)));
    if (next.bank) {
      await tx.insert(bankAccounts).values({ tenantId: ctx.tenantId, ...next.bank, isDefault: true });
    }
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'company.updated',
          entityType: 'company',
          entityId: ctx.tenantId,
          payload: { changed: Object.keys(update) },
        },
      ],
      ctx.now(),
    );
  });
  return next;
}

// ---------------------------------------------------------------------------------------------
// Credit limit

/** `warn`: the order or invoice is made, with a warning and an event; `block`: it is refused. */
export const CREDIT_LIMIT_MODES = ['warn', 'block'] as const;
export type CreditLimitMode = (typeof CREDIT_LIMIT_MODES)[number];
export const DEFAULT_CREDIT_LIMIT_MODE: CreditLimitMode = 'warn';

export const creditLimitSettingsSchema = z.object({ mode: z.enum(CREDIT_LIMIT_MODES) });
export type CreditLimitSettings = z.output<typeof creditLimitSettingsSchema>;

/** The mode stored in a tenant's settings document; the default when none (or an unknown one) is stored. */
export function creditLimitModeOf(settings: Record<string, unknown>): CreditLimitMode {
  const mode = (settings.creditLimit as { mode?: unknown } | undefined)?.mode;
  return CREDIT_LIMIT_MODES.find((m) => m === mode) ?? DEFAULT_CREDIT_LIMIT_MODE;
}

/** The credit-limit settings; `db` may be a transaction (the check of an order reads them in its own). */
export async function getCreditLimitSettings(ctx: {
  db: Db;
  tenantId: number;
}): Promise<CreditLimitSettings> {
  const tenant = await findTenantById(ctx.db, ctx.tenantId);
  if (!tenant) throw new AppError('not-found', `company ${ctx.tenantId} not found`);
  return { mode: creditLimitModeOf(tenant.settings) };
}

/** Sets the credit-limit mode, keeping the other settings; records the change. */
export async function updateCreditLimitSettings(
  ctx: ServiceContext,
  raw: z.input<typeof creditLimitSettingsSchema>,
): Promise<CreditLimitSettings> {
  const input = parseInput(creditLimitSettingsSchema, raw, 'credit limit settings');
  await ctx.db.transaction(async (tx) => {
    const before = await updateSettingsSection(tx, ctx.tenantId, 'creditLimit', { mode: input.mode });
    if (!before) throw new AppError('not-found', `company ${ctx.tenantId} not found`);
    const previous = creditLimitModeOf({ creditLimit: before });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'company.updated',
          entityType: 'company',
          entityId: ctx.tenantId,
          payload: { changed: ['creditLimit.mode'], mode: input.mode, previous },
        },
      ],
      ctx.now(),
    );
  });
  return { mode: input.mode };
}
