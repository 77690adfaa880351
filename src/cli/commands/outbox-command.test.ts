import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.ts';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../../test/support/test-database.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { createCustomer } from '../../services/customer-service.ts';
import { runDunning } from '../../services/dunning-run-service.ts';
import { createInvoice } from '../../services/invoice-service.ts';
import { approveNotices } from '../../services/notice-service.ts';

describe.each(TEST_DATABASE_KINDS)('outbox commands on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => database?.close());

  const run = (...args: string[]) => runCli(args, () => Promise.resolve(database));

  it('lists what waits without SMTP, shows the message as it will be sent, and refuses to resend a pending one', async () => {
    const ctx = await newTenantContext(database);
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Kunde GmbH',
      debtorKind: 'business',
      email: 'ap@kunde.example',
    });
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-7',
      issuedOn: '2026-11-02',
      paymentTerms: { kind: 'net', days: 14 },
      lines: [{ description: 'Leistung', unitPrice: '100.00' }],
    });
    await runDunning(ctx, database, { date: '2026-11-24' as CalendarDate });
    await approveNotices(ctx, { all: true });

    const list = await run('outbox', 'list', '--tenant', ctx.tenantCode, '--json');
    const rows = JSON.parse(list.out) as { id: number; kind: string; status: string }[];
    expect(rows.map((r) => `${r.kind} ${r.status}`)).toEqual(['email pending']);
    const shown = await run('outbox', 'show', String(rows[0]!.id), '--tenant', ctx.tenantCode);
    expect(shown.out).toMatch(/To: ap@kunde\.example\nSubject: Zahlungserinnerung/);
    expect(shown.out).toMatch(/attachment: Zahlungserinnerung K-1\.pdf/);

    const resend = await run('outbox', 'resend', String(rows[0]!.id), '--tenant', ctx.tenantCode);
    expect(resend.code).toBe(2);
    expect(resend.err).toMatch(/is pending; only failed or possibly-sent entries are resent/);
    const bad = await run('outbox', 'list', '--status', 'lost', '--tenant', ctx.tenantCode);
    expect(bad.err).toMatch(/--status: expected pending, sending, sent, failed, possibly-sent, got "lost"/);
  });
});
