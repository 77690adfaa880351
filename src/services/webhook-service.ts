/**
 * @module webhook-service
 * Webhook endpoints of a company: where which events are announced, with the secret that signs them.
 * The API and the CLI add endpoints only through here, so the rules on where webhooks may go (see
 * delivery/webhook.ts) are checked in one place; delivery checks them again, after DNS resolution.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { appendEvents, WEBHOOK_EVENT_TYPES } from '../db/event-store.ts';
import { webhookEndpoints } from '../db/schema.ts';
import {
  allowsPrivateWebhookTargets,
  webhookUrlProblem,
  webhookUrlWithoutCredentials,
} from '../delivery/webhook.ts';
import { AppError } from './app-error.ts';
import type { ServiceContext } from './service-context.ts';

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

/** The URL an endpoint may be added with, or a validation error naming `url`. */
function parseWebhookUrl(text: string): URL {
  const allowPrivate = allowsPrivateWebhookTargets();
  const invalid = (message: string) =>
    new AppError('validation', `url: ${message}`, { issues: [{ path: 'url', message }] });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not echoed: what was typed may hold a password or token.
    throw invalid(`expected an ${allowPrivate ? 'http(s)' : 'https'} URL`);
  }
  const problem = webhookUrlProblem(url, allowPrivate);
  if (problem) throw invalid(problem);
  return url;
}

/**
 * The URL as the event log keeps it, which every user of the company may read: without
 * credentials (endpoints added before they were refused) and without the query, where receivers
 * often expect a token.
 */
function urlForEvents(text: string): string {
  try {
    const url = new URL(text);
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}

/**
 * Adds an endpoint. Only `https:` to a public host (no literal private, loopback or link-local
 * address, not `localhost`) unless MAHNWERK_WEBHOOK_ALLOW_PRIVATE=1; never with credentials in it.
 */
export async function addWebhook(
  ctx: ServiceContext,
  input: { url: string; events?: readonly string[]; secret?: string },
): Promise<WebhookEndpoint> {
  const url = parseWebhookUrl(input.url);
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
          payload: { url: urlForEvents(row.url), events: row.events },
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
      [
        {
          type: 'webhook.removed',
          entityType: 'webhook',
          entityId: id,
          payload: { url: urlForEvents(row.url) },
        },
      ],
      ctx.now(),
    );
    return row;
  });
}

/** An endpoint as it may be shown: without the secret, which is shown once when it is added. */
export function publicWebhook(row: WebhookEndpoint) {
  return {
    id: row.id,
    url: webhookUrlWithoutCredentials(row.url),
    events: row.events,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}
