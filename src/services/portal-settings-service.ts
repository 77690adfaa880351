/**
 * @module portal-settings-service
 * The company's settings for the customer portal (section `portal` of the settings document): how
 * long a link lasts and whether it needs a code sent by e-mail, how long a reported payment pauses
 * dunning, how far a promise may reach, the limits within which a proposed instalment plan is
 * accepted on its own, where the credit controller is told of portal actions, and the address the
 * links point to. Every field has a default, so a company that never opened the settings has a
 * working portal.
 */
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { appendEvents } from '../db/event-store.ts';
import { findTenantById, updateSettingsSection } from '../db/tenant-repository.ts';
import { AppError } from './app-error.ts';
import { parseInput, patchSchema } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

/** Where the portal links point when neither the company nor `MAHNWERK_PUBLIC_URL` says. */
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

export const portalSettingsSchema = z.object({
  linkValidityDays: z.number().int().min(1).max(365).default(60).describe('days a new link stays valid'),
  requireCode: z
    .boolean()
    .default(false)
    .describe('new links also ask for a one-time code sent to the customer’s e-mail address'),
  reportedPaymentHoldDays: z
    .number()
    .int()
    .min(1)
    .max(30)
    .default(7)
    .describe('days dunning of an invoice pauses after the customer says it is paid'),
  promiseMaxDays: z
    .number()
    .int()
    .min(1)
    .max(90)
    .default(30)
    .describe('how many days ahead a customer may promise to pay'),
  maxMonths: z
    .number()
    .int()
    .min(1)
    .max(36)
    .default(6)
    .describe('most monthly instalments a customer may propose'),
  minInstalmentCents: z
    .number()
    .int()
    .min(0)
    .max(100_000_000)
    .default(5000)
    .describe('least amount of one instalment, in cents'),
  autoAccept: z
    .boolean()
    .default(true)
    .describe('a plan within the limits is agreed at once; otherwise every proposal waits for approval'),
  linksInNoticeEmails: z
    .boolean()
    .default(true)
    .describe('every reminder and notice e-mail carries a personal portal link of its own'),
  notificationEmail: z
    .email()
    .nullable()
    .default(null)
    .describe('where the credit controller is told of each portal action by e-mail (besides the task)'),
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null)
    .describe(
      'the address customers reach Mahnwerk at; default MAHNWERK_PUBLIC_URL, else http://localhost:3000',
    ),
});

export type PortalSettings = z.output<typeof portalSettingsSchema>;

/** The stored section with defaults for what is missing; a value that no longer validates falls back to its default. */
export function portalSettingsOf(settings: Record<string, unknown>): PortalSettings {
  const stored = (settings.portal ?? {}) as Record<string, unknown>;
  const defaults = portalSettingsSchema.parse({});
  const result: Record<string, unknown> = { ...defaults };
  for (const [key, field] of Object.entries(portalSettingsSchema.shape)) {
    if (!(key in stored)) continue;
    const parsed = (field as z.ZodType).safeParse(stored[key]);
    if (parsed.success) result[key] = parsed.data;
  }
  return result as PortalSettings;
}

export async function getPortalSettings(ctx: { db: Db; tenantId: number }): Promise<PortalSettings> {
  const tenant = await findTenantById(ctx.db, ctx.tenantId);
  if (!tenant) throw new AppError('not-found', `company ${ctx.tenantId} not found`);
  return portalSettingsOf(tenant.settings);
}

/** A change of the settings given (see `patchSchema`: no default fills in what was not sent). */
export const portalSettingsPatchSchema = patchSchema(portalSettingsSchema);

/** Changes the fields given, keeping the others; records which changed. */
export async function updatePortalSettings(
  ctx: ServiceContext,
  raw: z.input<typeof portalSettingsPatchSchema>,
): Promise<PortalSettings> {
  const patch = parseInput(portalSettingsPatchSchema, raw, 'portal settings');
  const given = Object.fromEntries(Object.entries(patch).filter(([key]) => key in (raw as object)));
  await ctx.db.transaction(async (tx) => {
    const before = await updateSettingsSection(tx, ctx.tenantId, 'portal', given);
    if (!before) throw new AppError('not-found', `company ${ctx.tenantId} not found`);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'company.updated',
          entityType: 'company',
          entityId: ctx.tenantId,
          payload: { changed: Object.keys(given).map((key) => `portal.${key}`) },
        },
      ],
      ctx.now(),
    );
  });
  return getPortalSettings(ctx);
}

/** The base of the portal links: the company's setting, else `MAHNWERK_PUBLIC_URL`, else localhost. */
export function publicBaseUrl(settings: PortalSettings, env: Record<string, string | undefined>): string {
  return (settings.publicUrl ?? env.MAHNWERK_PUBLIC_URL ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, '');
}
