/**
 * @module template-service
 * Letter templates per company and language: the company's own wording where it saved one, the
 * shipped wording otherwise. Saving validates (unknown placeholders are refused) and is recorded.
 */
import { and, eq, sql } from 'drizzle-orm';
import { appendEvents } from '../db/event-store.ts';
import { letterTemplates } from '../db/schema.ts';
import { isDomainError } from '../domain/domain-error.ts';
import {
  DEFAULT_TEMPLATE_KEYS,
  defaultTemplate,
  type LetterTemplate,
  validateTemplate,
} from '../documents/letter-templates.ts';
import { AppError } from './app-error.ts';
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

export async function saveTemplate(
  ctx: ServiceContext,
  key: string,
  language: 'de' | 'en',
  template: LetterTemplate,
): Promise<StoredTemplate> {
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
