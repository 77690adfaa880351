/**
 * @module event-store
 * The append-only event log, hash-chained per tenant (GoBD: a change to a recorded entry must be
 * detectable). Each row stores sha256(previous hash + canonical content); the head row per tenant
 * is locked while appending, so concurrent writers of one tenant queue up and the chain stays linear.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, inArray, is, lt, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { bulkInsert } from './bulk-insert.ts';
import type { Db } from './database.ts';
import { eventHeads, events, outbox, webhookEndpoints } from './schema.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface NewEvent {
  type: string;
  entityType: string;
  entityId: string | number;
  customerId?: number | null;
  payload?: Record<string, unknown>;
}

export interface StoredEvent {
  tenantId: number;
  seq: number;
  /** ISO 8601 in UTC with milliseconds, as hashed. */
  occurredAt: string;
  actor: string;
  type: string;
  entityType: string;
  entityId: string;
  customerId: number | null;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: the same content always gives the same text (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashEvent(event: Omit<StoredEvent, 'hash'>): string {
  const content = canonicalJson([
    event.tenantId,
    event.seq,
    event.occurredAt,
    event.actor,
    event.type,
    event.entityType,
    event.entityId,
    event.customerId,
    event.payload,
  ]);
  return createHash('sha256').update(event.prevHash).update('\n').update(content).digest('hex');
}

/** Appends events in the caller's transaction; returns them with their sequence numbers and hashes. */
export async function appendEvents(
  tx: Db,
  tenantId: number,
  actor: string,
  newEvents: readonly NewEvent[],
  occurredAt: Date = new Date(),
): Promise<StoredEvent[]> {
  if (newEvents.length === 0) return [];
  // The head's row lock holds only inside a transaction: appended outside one (a login), two events
  // would read the same head and fork the chain.
  if (!is(tx, PgTransaction)) {
    return tx.transaction((inner) => appendEvents(inner, tenantId, actor, newEvents, occurredAt));
  }
  await tx.insert(eventHeads).values({ tenantId, lastSeq: 0, lastHash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx
    .select({ lastSeq: eventHeads.lastSeq, lastHash: eventHeads.lastHash })
    .from(eventHeads)
    .where(eq(eventHeads.tenantId, tenantId))
    .for('update');
  let seq = head?.lastSeq ?? 0;
  let prevHash = head?.lastHash ?? GENESIS_HASH;
  const at = occurredAt.toISOString();
  const stored: StoredEvent[] = newEvents.map((e) => {
    seq += 1;
    const base = {
      tenantId,
      seq,
      occurredAt: at,
      actor,
      type: e.type,
      entityType: e.entityType,
      entityId: String(e.entityId),
      customerId: e.customerId ?? null,
      payload: e.payload ?? {},
      prevHash,
    };
    const hash = hashEvent(base);
    prevHash = hash;
    return { ...base, hash };
  });
  await bulkInsert(tx, events, stored, { returning: false });
  await tx
    .update(eventHeads)
    .set({ lastSeq: seq, lastHash: prevHash })
    .where(eq(eventHeads.tenantId, tenantId));
  await enqueueWebhooks(tx, tenantId, stored);
  return stored;
}

/** The event types announced to webhooks: a notice went out, money came in or was returned, a claim left. */
export const WEBHOOK_EVENT_TYPES = [
  'notice.sent',
  'payment.recorded',
  'payment.reversed',
  'claim.handed-over',
  'statement.imported',
] as const;

const ANNOUNCED = new Set<string>(WEBHOOK_EVENT_TYPES);

/**
 * Queues one webhook delivery per subscribed endpoint and event, in the event's own transaction
 * (a transactional outbox: no event is announced that did not happen, none is lost).
 */
async function enqueueWebhooks(tx: Db, tenantId: number, stored: readonly StoredEvent[]): Promise<void> {
  const announced = stored.filter((e) => ANNOUNCED.has(e.type));
  if (announced.length === 0) return;
  const endpoints = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.active, true)));
  const rows = endpoints.flatMap((endpoint) =>
    announced
      .filter((e) => endpoint.events.length === 0 || endpoint.events.includes(e.type))
      .map((e) => ({
        tenantId,
        kind: 'webhook' as const,
        noticeId: null,
        dedupeKey: `webhook:${endpoint.id}:${e.seq}`,
        payload: {
          endpointId: endpoint.id,
          event: {
            seq: e.seq,
            type: e.type,
            occurredAt: e.occurredAt,
            entityType: e.entityType,
            entityId: e.entityId,
            customerId: e.customerId,
            payload: e.payload,
          },
        },
      })),
  );
  if (rows.length > 0) await tx.insert(outbox).values(rows).onConflictDoNothing();
}

export async function appendEvent(
  tx: Db,
  tenantId: number,
  actor: string,
  event: NewEvent,
): Promise<StoredEvent> {
  const [stored] = await appendEvents(tx, tenantId, actor, [event]);
  return stored as StoredEvent;
}

const isoOccurredAt = sql<string>`to_char(${events.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const eventColumns = {
  tenantId: events.tenantId,
  seq: events.seq,
  occurredAt: isoOccurredAt,
  actor: events.actor,
  type: events.type,
  entityType: events.entityType,
  entityId: events.entityId,
  customerId: events.customerId,
  payload: events.payload,
  prevHash: events.prevHash,
  hash: events.hash,
};

/** Events of a tenant in order, from `afterSeq` on, at most `limit`. */
export async function readEvents(
  db: Db,
  tenantId: number,
  afterSeq: number,
  limit: number,
): Promise<StoredEvent[]> {
  return db
    .select(eventColumns)
    .from(events)
    .where(and(eq(events.tenantId, tenantId), gt(events.seq, afterSeq)))
    .orderBy(asc(events.seq))
    .limit(limit);
}

export async function readEventsOf(db: Db, tenantId: number, customerId: number): Promise<StoredEvent[]> {
  return db
    .select(eventColumns)
    .from(events)
    .where(and(eq(events.tenantId, tenantId), eq(events.customerId, customerId)))
    .orderBy(asc(events.seq));
}

export async function readEventHead(
  db: Db,
  tenantId: number,
): Promise<{ lastSeq: number; lastHash: string }> {
  const [head] = await db
    .select({ lastSeq: eventHeads.lastSeq, lastHash: eventHeads.lastHash })
    .from(eventHeads)
    .where(eq(eventHeads.tenantId, tenantId));
  return head ?? { lastSeq: 0, lastHash: GENESIS_HASH };
}

/** A customer's events newest first, `limit` of them before `beforeSeq` (all when null). */
export async function readEventsOfCustomerPage(
  db: Db,
  tenantId: number,
  customerId: number,
  beforeSeq: number | null,
  limit: number,
): Promise<StoredEvent[]> {
  const conditions = [eq(events.tenantId, tenantId), eq(events.customerId, customerId)];
  if (beforeSeq !== null) conditions.push(lt(events.seq, beforeSeq));
  return db
    .select(eventColumns)
    .from(events)
    .where(and(...conditions))
    .orderBy(desc(events.seq))
    .limit(limit);
}

export interface EventPageFilter {
  type?: string;
  /** Any of these types (the audit log's "who did what"). */
  types?: readonly string[];
  entityType?: string;
  entityId?: string;
  customerId?: number;
  actor?: string;
  /** Occurred at or after this instant. */
  from?: Date;
  /** Occurred before this instant. */
  to?: Date;
  /** Keyset: events before this sequence number (all when null). */
  beforeSeq: number | null;
  limit: number;
}

/** A company's events newest first, filtered by type, entity, customer, actor or time. */
export async function readEventsPage(
  db: Db,
  tenantId: number,
  filter: EventPageFilter,
): Promise<StoredEvent[]> {
  const conditions = [eq(events.tenantId, tenantId)];
  if (filter.type !== undefined) conditions.push(eq(events.type, filter.type));
  if (filter.entityType !== undefined) conditions.push(eq(events.entityType, filter.entityType));
  if (filter.entityId !== undefined) conditions.push(eq(events.entityId, filter.entityId));
  if (filter.customerId !== undefined) conditions.push(eq(events.customerId, filter.customerId));
  if (filter.types !== undefined) conditions.push(inArray(events.type, [...filter.types]));
  if (filter.actor !== undefined) conditions.push(eq(events.actor, filter.actor));
  if (filter.from !== undefined) conditions.push(gte(events.occurredAt, filter.from.toISOString()));
  if (filter.to !== undefined) conditions.push(lt(events.occurredAt, filter.to.toISOString()));
  if (filter.beforeSeq !== null) conditions.push(lt(events.seq, filter.beforeSeq));
  return db
    .select(eventColumns)
    .from(events)
    .where(and(...conditions))
    .orderBy(desc(events.seq))
    .limit(filter.limit);
}
