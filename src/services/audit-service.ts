/**
 * @module audit-service
 * The tamper-evident record. `mahnwerk audit verify` (and the nightly scheduler) recompute a tenant's
 * event chain and name the first row that does not fit — a changed row (hash), a deleted or inserted
 * row (sequence, previous hash), or a truncated tail (head); the nightly result is itself recorded
 * as an event, so a broken chain stays visible to admins. And "who did what": the event log
 * filtered by actor, type, customer and time.
 */
import {
  appendEvents,
  GENESIS_HASH,
  hashEvent,
  readEventHead,
  readEvents,
  readEventsPage,
  type StoredEvent,
} from '../db/event-store.ts';
import type { ServiceContext } from './service-context.ts';

/** The event a verification records: the chain was intact, or where it broke. */
export const AUDIT_VERIFIED = 'audit.verified';
export const AUDIT_CHAIN_BROKEN = 'audit.chain-broken';

export interface ChainVerification {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstBroken: { seq: number; problem: string } | null;
}

export async function verifyEventChain(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
): Promise<ChainVerification> {
  const { db, tenantId } = ctx;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const broken = (seq: number, problem: string): ChainVerification => ({
    ok: false,
    checked,
    lastSeq: expectedSeq - 1,
    firstBroken: { seq, problem },
  });
  for (;;) {
    const batch = await readEvents(db, tenantId, expectedSeq - 1, 5000);
    if (batch.length === 0) break;
    for (const event of batch) {
      if (event.seq !== expectedSeq) {
        return broken(
          expectedSeq,
          `event ${expectedSeq} is missing (next stored is ${event.seq}): a row was deleted`,
        );
      }
      if (event.prevHash !== prevHash) {
        return broken(
          event.seq,
          'its previous-hash does not match the row before: a row was inserted or replaced',
        );
      }
      if (hashEvent(event) !== event.hash) {
        return broken(event.seq, 'its content does not match its hash: the row was changed');
      }
      prevHash = event.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  const head = await readEventHead(db, tenantId);
  if (head.lastSeq !== expectedSeq - 1 || head.lastHash !== prevHash) {
    return broken(
      expectedSeq,
      `the chain ends at event ${expectedSeq - 1} but its head says ${head.lastSeq}: rows at the end were deleted`,
    );
  }
  return { ok: true, checked, lastSeq: expectedSeq - 1, firstBroken: null };
}

/**
 * Verifies the chain and records the result as an event (`audit.verified`, or `audit.chain-broken`
 * with the first broken row), appended after the rows it checked.
 */
export async function verifyAndRecordEventChain(ctx: ServiceContext): Promise<ChainVerification> {
  const result = await verifyEventChain(ctx);
  await ctx.db.transaction((tx) =>
    appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: result.ok ? AUDIT_VERIFIED : AUDIT_CHAIN_BROKEN,
          entityType: 'event-chain',
          entityId: ctx.tenantId,
          payload: result.ok
            ? { checked: result.checked, lastSeq: result.lastSeq }
            : { checked: result.checked, firstBroken: result.firstBroken },
        },
      ],
      ctx.now(),
    ),
  );
  return result;
}

export interface RecordedVerification {
  at: string;
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; problem: string } | null;
}

/** The last recorded verification of the company's chain, or null when there was none yet. */
export async function lastVerification(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
): Promise<RecordedVerification | null> {
  const [event] = await readEventsPage(ctx.db, ctx.tenantId, {
    types: [AUDIT_VERIFIED, AUDIT_CHAIN_BROKEN],
    beforeSeq: null,
    limit: 1,
  });
  if (!event) return null;
  return {
    at: event.occurredAt,
    ok: event.type === AUDIT_VERIFIED,
    checked: Number(event.payload.checked ?? 0),
    firstBroken: (event.payload.firstBroken as RecordedVerification['firstBroken']) ?? null,
  };
}

export interface AuditEventFilter {
  actor?: string;
  type?: string;
  customerId?: number;
  /** Occurred at or after. */
  from?: Date;
  /** Occurred before. */
  to?: Date;
  /** Events before this sequence number (keyset paging), all when null. */
  beforeSeq: number | null;
  limit: number;
}

/** Who did what: the company's events newest first, filtered. */
export async function listAuditEvents(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  filter: AuditEventFilter,
): Promise<StoredEvent[]> {
  return readEventsPage(ctx.db, ctx.tenantId, filter);
}
