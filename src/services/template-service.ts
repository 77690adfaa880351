/**
 * @module template-service
 * Letter templates per company and language: the company's own wording where it saved one, the
 * shipped wording otherwise. Saving validates (unknown placeholders are refused) and is recorded;
 * a preview renders a sample letter with wording not saved yet.
 */
import { and, eq, sql } from 'drizzle-orm';
import { appendEvents } from '../db/event-store.ts';
import { letterTemplates } from '../db/schema.ts';
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import { isDomainError } from '../domain/domain-error.ts';
import {
  DEFAULT_TEMPLATE_KEYS,
  defaultTemplate,
  type LetterTemplate,
  validateTemplate,
} from '../documents/letter-templates.ts';
import { renderNoticePdf } from '../documents/notice-pdf.ts';
import { AppError } from './app-error.ts';
import { getCompanyProfile } from './company-service.ts';
import type { ServiceContext } from './service-context.ts';

export interface StoredTemplate extends LetterTemplate {
  key: string;
  language: 'de' | 'en';
  /** Whether the company changed the shipped wording. */
  custom: boolean;
}

export async function getTemplate(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  key: string,
  language: 'de' | 'en',
): Promise<StoredTemplate> {
  const [row] = await ctx.db
    .select()
    .from(letterTemplates)
    .where(
      and(
        eq(letterTemplates.tenantId, ctx.tenantId),
        eq(letterTemplates.key, key),
        eq(letterTemplates.language, language),
      ),
    );
  if (row) return { key, language, subject: row.subject, body: row.body, custom: true };
  return { key, language, ...defaultTemplate(key, language), custom: false };
}

export async function listTemplates(ctx: ServiceContext): Promise<StoredTemplate[]> {
  const out: StoredTemplate[] = [];
  for (const key of DEFAULT_TEMPLATE_KEYS) {
    for (const language of ['de', 'en'] as const) out.push(await getTemplate(ctx, key, language));
  }
  return out;
}

/** Whether the company saved its own wording of `key` or Mahnwerk ships one. */
export async function isKnownTemplate(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  key: string,
  language: 'de' | 'en',
): Promise<boolean> {
  return DEFAULT_TEMPLATE_KEYS.includes(key) || (await getTemplate(ctx, key, language)).custom;
}

/** Refuses a bad key or wording with every problem named (an unknown placeholder, a stray brace). */
function checkTemplate(key: string, language: 'de' | 'en', template: LetterTemplate): void {
  if (!/^[a-z0-9-]{1,80}$/.test(key)) {
    throw new AppError(
      'validation',
      `template key: expected lower-case letters, digits and "-", got "${key}"`,
    );
  }
  try {
    validateTemplate(template, `${key} (${language})`);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new AppError('validation', error.message, { issues: error.issues, cause: error });
  }
}

export async function saveTemplate(
  ctx: ServiceContext,
  key: string,
  language: 'de' | 'en',
  template: LetterTemplate,
): Promise<StoredTemplate> {
  checkTemplate(key, language, template);
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(letterTemplates)
      .values({ tenantId: ctx.tenantId, key, language, ...template, updatedBy: ctx.actor })
      .onConflictDoUpdate({
        target: [letterTemplates.tenantId, letterTemplates.key, letterTemplates.language],
        set: { subject: template.subject, body: template.body, updatedBy: ctx.actor, updatedAt: sql`now()` },
      });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'template.saved',
          entityType: 'template',
          entityId: `${key}:${language}`,
          payload: { ...template },
        },
      ],
      ctx.now(),
    );
  });
  return { key, language, ...template, custom: true };
}

/**
 * A sample letter with `template` (saved or not) for a made-up customer with two overdue invoices,
 * on the company's letterhead: what the wording will look like, before it is saved.
 */
export async function previewTemplatePdf(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  key: string,
  language: 'de' | 'en',
  template: LetterTemplate,
  today: CalendarDate,
): Promise<Uint8Array> {
  checkTemplate(key, language, template);
  const company = await getCompanyProfile(ctx);
  const items = [
    { number: 'RE-MUSTER-1', ageDays: 44, grossCents: 119_000, paidCents: 0 },
    { number: 'RE-MUSTER-2', ageDays: 30, grossCents: 47_600, paidCents: 23_800 },
  ].map((i) => ({
    invoiceNumber: i.number,
    issuedOn: addDays(today, -i.ageDays),
    dueDate: addDays(today, -i.ageDays + 14),
    grossCents: i.grossCents,
    openPrincipalCents: i.grossCents - i.paidCents,
    openCostsCents: 0,
    interestCents: 0,
    interestPaidCents: 0,
    flatFeeCents: 0,
    totalCents: i.grossCents - i.paidCents,
    interestSegments: [],
  }));
  const feeCents = 250;
  return renderNoticePdf({
    company,
    customer: {
      number: 'K-MUSTER',
      name: language === 'de' ? 'Musterkunde GmbH' : 'Sample Customer Ltd',
      address: { street: 'Musterstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      language,
      vatId: null,
    },
    notice: {
      id: 0,
      issuedOn: today,
      paymentDeadline: addDays(today, 14),
      currency: 'EUR',
      feeCents,
      feeWaivedBecause: null,
      totalCents: items.reduce((sum, i) => sum + i.totalCents, feeCents),
      announcesEscalation: false,
    },
    items,
    template,
  });
}
