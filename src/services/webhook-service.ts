/**
 * @module webhook-service
 * Webhook endpoints of a company: where which events are announced, with the secret that signs them.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { appendEvents, WEBHOOK_EVENT_TYPES } from '../db/event-store.ts';
import { webhookEndpoints } from '../db/schema.ts';
import { AppError } from './app-error.ts';
import type { ServiceContext } from './service-context.ts';

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

export async function addWebhook(
  ctx: ServiceContext,
  input: { url: string; events?: readonly string[]; secret?: string },
): Promise<WebhookEndpoint> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new AppError('validation', `url: expected an http(s) URL, got "${input.url}"`, {
      issues: [{ path: 'url', message: 'expected an http(s) URL' }],
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('validation', `url: expected http or https, got ${url.protocol}`, {
      issues: [{ path: 'url', message: `expected http or https, got ${url.protocol}` }],
    });
  }
  const unknown = (input.events ?? []).filter((e) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
  if (unknown.length > 0) {
    const message = `unknown ${unknown.join(', ')}; known are ${WEBHOOK_EVENT_TYPES.join(', ')}`;
    throw new AppError('validation', `events: ${message}`, { issues: [{ path: 'events', message }] });
  }
  const secret = input.secret ?? randomBytes(24).toString('base64url');
  if (secret.length < 16) {
    throw new AppError('validation', 'secret: at least 16 characters', {
      issues: [{ path: 'secret', message: 'at least 16 characters' }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(webhookEndpoints)
      .values({ tenantId: ctx.tenantId, url: url.toString(), secret, events: [...(input.events ?? [])] })
      .returning();
    const row = created as WebhookEndpoint;
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'webhook.added',
          entityType: 'webhook',
          entityId: row.id,
          payload: { url: row.url, events: row.events },
        },
      ],
      ctx.now(),
    );
    return row;
  });
}

export function listWebhooks(ctx: ServiceContext): Promise<WebhookEndpoint[]> {
  return ctx.db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.tenantId, ctx.tenantId))
    .orderBy(webhookEndpoints.id);
}

/** Deactivates an endpoint: deliveries still queued for it fail with a reason, none are sent. */
export async function removeWebhook(ctx: ServiceContext, id: number): Promise<WebhookEndpoint> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ active: false })
      .where(and(eq(webhookEndpoints.tenantId, ctx.tenantId), eq(webhookEndpoints.id, id)))
      .returning();
    if (!row) throw new AppError('not-found', `webhook ${id} not found`);
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [{ type: 'webhook.removed', entityType: 'webhook', entityId: id, payload: { url: row.url } }],
      ctx.now(),
    );
    return row;
  });
}

/** An endpoint as it may be shown: without the secret, which is shown once when it is added. */
export function publicWebhook(row: WebhookEndpoint) {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}
