import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { appendEvents } from '../db/event-store.ts';
import { openTestDatabase, newTenantContext, TEST_DATABASE_KINDS } from '../../test/support/test-database.ts';
import {
  lastVerification,
  listAuditEvents,
  verifyAndRecordEventChain,
  verifyEventChain,
} from './audit-service.ts';
import type { ServiceContext } from './service-context.ts';

describe.each(TEST_DATABASE_KINDS)('event chain on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  async function tenantWithEvents(count: number): Promise<ServiceContext> {
    const ctx = await newTenantContext(database);
    await ctx.db.transaction((tx) =>
      appendEvents(
        tx,
        ctx.tenantId,
        'test',
        Array.from({ length: count }, (_, i) => ({
          type: 'test.happened',
          entityType: 'thing',
          entityId: i,
          payload: { n: i, nested: { b: 2, a: [1, 'x'] } },
        })),
      ),
    );
    return ctx;
  }

  it('verifies an untouched chain, the tenant creation included', async () => {
    const ctx = await tenantWithEvents(25);
    expect(await verifyEventChain(ctx)).toEqual({ ok: true, checked: 26, lastSeq: 26, firstBroken: null });
  });

  it('keeps the chain whole when events are appended at once outside a transaction (logins)', async () => {
    const ctx = await newTenantContext(database);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        appendEvents(database.db, ctx.tenantId, 'test', [
          { type: 'user.logged-in', entityType: 'user', entityId: i },
        ]),
      ),
    );
    expect(await verifyEventChain(ctx)).toEqual({ ok: true, checked: 13, lastSeq: 13, firstBroken: null });
  });

  it('keeps each tenant its own chain', async () => {
    const a = await tenantWithEvents(3);
    const b = await tenantWithEvents(5);
    expect((await verifyEventChain(a)).checked).toBe(4);
    expect((await verifyEventChain(b)).checked).toBe(6);
  });

  it('names the first changed row when a payload is edited in the database (GoBD)', async () => {
    const ctx = await tenantWithEvents(10);
    await ctx.db.execute(
      sql`update events set payload = jsonb_set(payload, '{n}', '99') where tenant_id = ${ctx.tenantId} and seq = 7`,
    );
    const result = await verifyEventChain(ctx);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: 7 });
    expect(result.firstBroken?.problem).toContain('changed');
  });

  it('names a deleted row', async () => {
    const ctx = await tenantWithEvents(10);
    await ctx.db.execute(sql`delete from events where tenant_id = ${ctx.tenantId} and seq = 4`);
    expect((await verifyEventChain(ctx)).firstBroken).toMatchObject({ seq: 4 });
  });

  it('detects an inserted row even when its own hash is right', async () => {
    const ctx = await tenantWithEvents(6);
    // Shift the tail up and forge a row at 3 that hashes correctly on its own but breaks the link.
    await ctx.db.execute(
      sql`update events set seq = seq + 100 where tenant_id = ${ctx.tenantId} and seq >= 3`,
    );
    await ctx.db.execute(
      sql`update events set seq = seq - 99 where tenant_id = ${ctx.tenantId} and seq >= 103`,
    );
    await ctx.db.execute(
      sql`insert into events (tenant_id, seq, occurred_at, actor, type, entity_type, entity_id, payload, prev_hash, hash)
          values (${ctx.tenantId}, 3, now(), 'intruder', 'test.forged', 'thing', 'x', '{}', ${'f'.repeat(64)}, ${'e'.repeat(64)})`,
    );
    const result = await verifyEventChain(ctx);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.seq).toBe(3);
  });

  it('detects rows deleted at the end of the chain', async () => {
    const ctx = await tenantWithEvents(8);
    await ctx.db.execute(sql`delete from events where tenant_id = ${ctx.tenantId} and seq > 6`);
    const result = await verifyEventChain(ctx);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.problem).toContain('end');
  });

  it('detects two rows swapped in order (their sequence numbers exchanged)', async () => {
    const ctx = await tenantWithEvents(6);
    const swap = (from: number, to: number) =>
      ctx.db.execute(sql`update events set seq = ${to} where tenant_id = ${ctx.tenantId} and seq = ${from}`);
    await swap(3, 1003);
    await swap(4, 3);
    await swap(1003, 4);
    const result = await verifyEventChain(ctx);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.seq).toBe(3);
  });

  it('records each verification as an event, the broken one with its first broken row', async () => {
    const ctx = await tenantWithEvents(3);
    expect(await lastVerification(ctx)).toBeNull();
    expect(await verifyAndRecordEventChain(ctx)).toMatchObject({ ok: true, checked: 4 });
    expect(await lastVerification(ctx)).toMatchObject({ ok: true, checked: 4, firstBroken: null });
    // The recorded verification is part of the chain and verifies in its turn.
    expect(await verifyEventChain(ctx)).toMatchObject({ ok: true, checked: 5 });
    await ctx.db.execute(sql`delete from events where tenant_id = ${ctx.tenantId} and seq = 2`);
    expect(await verifyAndRecordEventChain(ctx)).toMatchObject({ ok: false });
    expect(await lastVerification(ctx)).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  });

  it('lists who did what, filtered by actor, type, customer and time, newest first', async () => {
    const ctx = await newTenantContext(database);
    const append = (actor: string, type: string, customerId: number | null, at: string) =>
      ctx.db.transaction((tx) =>
        appendEvents(
          tx,
          ctx.tenantId,
          actor,
          [{ type, entityType: 'thing', entityId: 1, customerId }],
          new Date(at),
        ),
      );
    await append('user:anna@example.test', 'invoice.created', 7, '2026-03-01T10:00:00Z');
    await append('user:bob@example.test', 'payment.recorded', 7, '2026-03-02T10:00:00Z');
    await append('user:anna@example.test', 'dispute.opened', 8, '2026-03-03T10:00:00Z');
    const list = async (filter: Partial<Parameters<typeof listAuditEvents>[1]>) =>
      (await listAuditEvents(ctx, { beforeSeq: null, limit: 50, ...filter })).map((e) => e.type);
    expect(await list({ actor: 'user:anna@example.test' })).toEqual(['dispute.opened', 'invoice.created']);
    expect(await list({ type: 'payment.recorded' })).toEqual(['payment.recorded']);
    expect(await list({ customerId: 7 })).toEqual(['payment.recorded', 'invoice.created']);
    expect(
      await list({ from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') }),
    ).toEqual(['payment.recorded']);
    const [newest] = await listAuditEvents(ctx, { beforeSeq: null, limit: 1 });
    expect(await list({ beforeSeq: newest?.seq ?? 0, limit: 1 })).toEqual(['payment.recorded']);
  });
});
