import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { bulkInsert, COPY_MIN_ROWS } from './bulk-insert.ts';
import { customers, events } from './schema.ts';

describe.each(TEST_DATABASE_KINDS)('bulkInsert on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  const customerRows = (tenantId: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      tenantId,
      number: `K${String(i).padStart(6, '0')}`,
      // Tabs, newlines, backslashes and quotes must arrive as written, whichever path is taken.
      name: i % 7 === 0 ? `Müller\t& Söhne\\GmbH\n"${i}"` : `Kunde ${i}`,
      debtorKind: (i % 2 === 0 ? 'business' : 'consumer') as 'business' | 'consumer',
      email: i % 3 === 0 ? null : `k${i}@example.test`,
      address: { street: 'Weg 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      ibans: i % 5 === 0 ? ['DE89370400440532013000', 'DE02120300000000202051'] : [],
    }));

  it.each([10, COPY_MIN_ROWS + 7])(
    'stores %i rows and returns them in the order given, with ids and defaults',
    async (count) => {
      const ctx = await newTenantContext(database);
      const rows = customerRows(ctx.tenantId, count);
      const stored = await database.db.transaction((tx) =>
        bulkInsert(tx, customers, rows, { returning: true }),
      );
      expect(stored).toHaveLength(count);
      stored.forEach((row, i) => {
        const given = rows[i] as (typeof rows)[number];
        expect(row.number).toBe(given.number);
        expect(row.name).toBe(given.name);
        expect(row.email).toBe(given.email);
        expect(row.ibans).toEqual(given.ibans);
        expect(row.address).toEqual(given.address);
        expect(row.language).toBe('de');
        expect(row.createdAt).toBeInstanceOf(Date);
        expect(typeof row.id).toBe('number');
      });
      expect(new Set(stored.map((r) => r.id)).size).toBe(count);
    },
  );

  it('copies rows without returning them, JSON payloads intact', async () => {
    const ctx = await newTenantContext(database);
    const count = COPY_MIN_ROWS + 1;
    const rows = Array.from({ length: count }, (_, i) => ({
      tenantId: ctx.tenantId,
      seq: 1_000_000 + i, // beyond the events the tenant was created with
      occurredAt: '2026-11-24T10:00:00.000Z',
      actor: 'test',
      type: 'test.copied',
      entityType: 'test',
      entityId: String(i),
      customerId: null,
      payload: { text: 'Zeile\t1\nZeile 2 \\ "zitiert"', n: i },
      prevHash: 'x',
      hash: `h${i}`,
    }));
    await database.db.transaction((tx) => bulkInsert(tx, events, rows, { returning: false }));
    const stored = await database.db.query.events.findMany({
      where: (e, { and, eq }) => and(eq(e.tenantId, ctx.tenantId), eq(e.type, 'test.copied')),
      orderBy: (e, { asc }) => asc(e.seq),
    });
    expect(stored).toHaveLength(count);
    expect(stored[count - 1]?.payload).toEqual({ text: 'Zeile\t1\nZeile 2 \\ "zitiert"', n: count - 1 });
  });
});
