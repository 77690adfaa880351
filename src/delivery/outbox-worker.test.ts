import { hasPoppler } from '../../test/support/poppler.ts';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newTenantContext,
  openTestDatabase,
  TEST_DATABASE_KINDS,
  type TestDatabase,
} from '../../test/support/test-database.ts';
import { claimDueDeliveries } from '../db/delivery-repository.ts';
import { findArchivedDocument } from '../db/document-archive-repository.ts';
import { noticePdf } from '../services/document-service.ts';
import { notices, outbox } from '../db/schema.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { verifyEventChain } from '../services/audit-service.ts';
import { updateCompanyProfile } from '../services/company-service.ts';
import { createCustomer } from '../services/customer-service.ts';
import { runDunning } from '../services/dunning-run-service.ts';
import { createInvoice } from '../services/invoice-service.ts';
import { approveNotices } from '../services/notice-service.ts';
import type { ServiceContext } from '../services/service-context.ts';
import { createRequire } from 'node:module';
import jsqrModule from 'jsqr';
import { readEvents } from '../db/event-store.ts';
import {
  createInstalmentPlan,
  decideInstalmentPlans,
  type InstalmentPlanView,
} from '../services/instalment-plan-service.ts';
import { recordPayment } from '../services/payment-service.ts';
import { retryDelayMs, runOutboxPass } from './outbox-worker.ts';

const jsQR = jsqrModule.default;

/** The text of the QR code in a PNG image. */
function readQr(bytes: Buffer): string | null {
  const { PNG } = createRequire(import.meta.url)('pngjs') as {
    PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } };
  };
  const png = PNG.sync.read(bytes);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

/** A real SMTP server on a free port; `reply` decides the answer to each message. */
async function startSmtp(reply: () => Error | null = () => null) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const error = reply();
        if (error) return callback(error);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return { received, transport, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

describe.each(TEST_DATABASE_KINDS)('sending the outbox on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'mahnwerk-outbox-'));
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A payment reminder (e-mail) approved for customer K-1, whose invoice RE-7 fell due on 16 Nov. */
  async function approvedReminder(
    email: string | null = 'buchhaltung@kunde.example',
  ): Promise<ServiceContext> {
    const ctx = await newTenantContext(database, { now: () => new Date('2026-11-24T08:00:00Z') });
    await updateCompanyProfile(ctx, {
      name: 'Mahnwerk Test GmbH',
      address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
      bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null },
    });
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Kunde GmbH',
      debtorKind: 'business',
      ...(email ? { email } : {}),
      address: { street: 'Weg 1', postalCode: '20095', city: 'Hamburg', country: 'DE' },
    });
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-7',
      issuedOn: '2026-11-02',
      paymentTerms: { kind: 'net', days: 14 },
      lines: [{ description: 'Leistung', unitPrice: '100.00' }],
    });
    await runDunning(ctx, database, { date: '2026-11-24' as CalendarDate });
    expect(await approveNotices(ctx, { all: true })).toBe(1);
    return ctx;
  }

  const outboxOf = (ctx: ServiceContext) =>
    ctx.db.select().from(outbox).where(eq(outbox.tenantId, ctx.tenantId));

  it('sends the reminder with its letter attached, and marks it sent with the message id', async () => {
    const ctx = await approvedReminder();
    const smtp = await startSmtp();
    try {
      const result = await runOutboxPass(database, {
        transport: smtp.transport,
        from: 'Mahnwerk Test GmbH <buchhaltung@mahnwerk.example>',
        replyTo: 'forderungen@mahnwerk.example',
      });
      expect(result).toMatchObject({ sent: 1, failed: 0, retried: 0 });
      expect(smtp.received).toHaveLength(1);
      const mail = await simpleParser(smtp.received[0]!.raw);
      expect(smtp.received[0]!.to).toEqual(['buchhaltung@kunde.example']);
      expect(mail.subject).toBe('Zahlungserinnerung');
      expect(mail.replyTo?.text).toBe('forderungen@mahnwerk.example');
      expect(mail.text).toMatch(/RE-7\s+fällig 16\.11\.2026\s+119,00\s€/);
      expect(mail.html).toContain('<table');
      expect(mail.attachments).toHaveLength(1);
      const attachment = mail.attachments[0]!;
      expect(attachment.contentType).toBe('application/pdf');
      expect(attachment.filename).toBe('Zahlungserinnerung K-1.pdf');
      expect(attachment.content.subarray(0, 5).toString()).toBe('%PDF-');
      // The letter sent is the letter archived, and later downloads return it byte for byte.
      const [sentNotice] = await ctx.db.select().from(notices).where(eq(notices.tenantId, ctx.tenantId));
      const archived = await findArchivedDocument(ctx.db, ctx.tenantId, 'notice', sentNotice!.id);
      expect(archived?.sha256).toBe(createHash('sha256').update(attachment.content).digest('hex'));
      expect(Buffer.from(await noticePdf(ctx, sentNotice!.id)).equals(attachment.content)).toBe(true);

      const [row] = await outboxOf(ctx);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, recipient: 'buchhaltung@kunde.example' });
      expect(row?.messageId).toMatch(/@/);
      const [notice] = await ctx.db.select().from(notices).where(eq(notices.tenantId, ctx.tenantId));
      expect(notice?.status).toBe('sent');
      expect((await verifyEventChain(ctx)).ok).toBe(true);

      // A second pass sends nothing again.
      expect(
        (
          await runOutboxPass(database, {
            transport: smtp.transport,
            from: 'x@mahnwerk.example',
            replyTo: null,
          })
        ).sent,
      ).toBe(0);
      expect(smtp.received).toHaveLength(1);

      if (hasPoppler()) {
        const file = join(dir, `reminder-${kind}.pdf`);
        writeFileSync(file, attachment.content);
        const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
        expect(text).toMatch(/Zahlungserinnerung/);
        expect(text).toMatch(/RE-7/);
      }
    } finally {
      await smtp.close();
    }
  });

  it('sends only the company asked for (outbox send --tenant)', async () => {
    const first = await approvedReminder('erste@kunde.example');
    const second = await approvedReminder('zweite@kunde.example');
    const smtp = await startSmtp();
    try {
      const options = { transport: smtp.transport, from: 'test@mahnwerk.example', replyTo: null };
      expect(await runOutboxPass(database, { ...options, tenantId: first.tenantId })).toMatchObject({
        sent: 1,
      });
      expect(smtp.received.map((m) => m.to)).toEqual([['erste@kunde.example']]);
      expect((await outboxOf(second)).map((row) => row.status)).toEqual(['pending']);
      expect(await runOutboxPass(database, { ...options, tenantId: second.tenantId })).toMatchObject({
        sent: 1,
      });
      expect(smtp.received.map((m) => m.to)).toEqual([['erste@kunde.example'], ['zweite@kunde.example']]);
    } finally {
      await smtp.close();
    }
  });

  it('retries a temporary refusal later, and gives up at once on a permanent one', async () => {
    const ctx = await approvedReminder();
    let answer: Error | null = smtpError(451, 'try again later');
    const smtp = await startSmtp(() => answer);
    // A little after the outbox row was written (it is due from the moment it was queued).
    const now = new Date(Date.now() + 60_000);
    try {
      const first = await runOutboxPass(database, {
        transport: smtp.transport,
        from: 'a@mahnwerk.example',
        replyTo: null,
        now: () => now,
      });
      expect(first.retried).toBe(1);
      const [waiting] = await outboxOf(ctx);
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
      expect(waiting?.lastError).toMatch(/try again later/);
      expect(waiting?.availableAt.getTime()).toBe(now.getTime() + retryDelayMs(1));
      // Not due before its time.
      expect(
        (
          await runOutboxPass(database, {
            transport: smtp.transport,
            from: 'a@mahnwerk.example',
            replyTo: null,
            now: () => now,
          })
        ).retried,
      ).toBe(0);

      answer = smtpError(550, 'mailbox unavailable');
      const later = new Date(now.getTime() + retryDelayMs(1));
      const second = await runOutboxPass(database, {
        transport: smtp.transport,
        from: 'a@mahnwerk.example',
        replyTo: null,
        now: () => later,
      });
      expect(second.failed).toBe(1);
      const [failed] = await outboxOf(ctx);
      expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
      expect(failed?.lastError).toMatch(/mailbox unavailable/);
    } finally {
      await smtp.close();
    }
  });

  it('fails a notice for a customer without e-mail address, and keeps e-mails waiting without SMTP', async () => {
    const ctx = await approvedReminder(null);
    expect(
      await runOutboxPass(database, { transport: null, from: 'a@mahnwerk.example', replyTo: null }),
    ).toMatchObject({ sent: 0 });
    expect((await outboxOf(ctx))[0]?.status).toBe('pending');
    const smtp = await startSmtp();
    try {
      await runOutboxPass(database, { transport: smtp.transport, from: 'a@mahnwerk.example', replyTo: null });
      const [row] = await outboxOf(ctx);
      expect(row).toMatchObject({ status: 'failed', lastError: 'customer K-1 has no e-mail address' });
    } finally {
      await smtp.close();
    }
  });

  it('never resends an attempt a crash interrupted, but reports it as possibly sent', async () => {
    const ctx = await approvedReminder();
    const started = new Date(Date.now() + 60_000);
    // A worker claims the delivery and dies before it can record the outcome.
    const claimed = await claimDueDeliveries(database.db, ['email'], 100, started);
    expect(claimed.some((row) => row.tenantId === ctx.tenantId)).toBe(true);
    const smtp = await startSmtp();
    try {
      const later = new Date(started.getTime() + 11 * 60_000);
      const pass = await runOutboxPass(database, {
        transport: smtp.transport,
        from: 'a@mahnwerk.example',
        replyTo: null,
        now: () => later,
      });
      expect(pass.possiblySent).toBeGreaterThanOrEqual(1);
      const [row] = await ctx.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.tenantId, ctx.tenantId)));
      expect(row?.status).toBe('possibly-sent');
      expect(smtp.received.filter((m) => m.to.includes('buchhaltung@kunde.example'))).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });

  it('claims one delivery at a time: a crash during a send leaves only that one in sending', async () => {
    const ctx = await approvedReminder();
    for (const n of [2, 3]) {
      await createCustomer(ctx, {
        number: `K-${n}`,
        name: `Kunde ${n} GmbH`,
        debtorKind: 'business',
        email: `k${n}@kunde.example`,
        address: { street: 'Weg 1', postalCode: '20095', city: 'Hamburg', country: 'DE' },
      });
      await createInvoice(ctx, {
        customerNumber: `K-${n}`,
        number: `RE-${n}0`,
        issuedOn: '2026-11-02',
        paymentTerms: { kind: 'net', days: 14 },
        lines: [{ description: 'Leistung', unitPrice: '100.00' }],
      });
    }
    await runDunning(ctx, database, { date: '2026-11-24' as CalendarDate });
    expect(await approveNotices(ctx, { all: true })).toBe(2);
    // The process "dies" in its first SMTP conversation: sendMail never answers until released.
    let inSend = () => undefined as void;
    const sending = new Promise<void>((resolve) => (inSend = resolve));
    let die = (_: Error) => undefined as void;
    let calls = 0;
    const pass = runOutboxPass(database, {
      transport: {
        sendMail: () => {
          calls++;
          if (calls > 1) return Promise.reject(new Error('SMTP down'));
          inSend();
          return new Promise((_, reject) => (die = reject));
        },
      },
      from: 'a@mahnwerk.example',
      replyTo: null,
      tenantId: ctx.tenantId,
    });
    await sending;
    const statuses = (await outboxOf(ctx)).map((r) => r.status).sort();
    expect(statuses).toEqual(['pending', 'pending', 'sending']);
    die(new Error('released by the test'));
    expect(await pass).toMatchObject({ sent: 0, retried: 3 });
  });
});

describe.each(TEST_DATABASE_KINDS)('instalment reminders by e-mail on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  /** K-1 (e-mail, German) agreed a plan for RE-7 on 5 Jan 2027: 3 monthly instalments from 1 Feb; reminders 5 days ahead. */
  async function planWithReminder(): Promise<{ ctx: ServiceContext; plan: InstalmentPlanView }> {
    const ctx = await newTenantContext(database, { now: () => new Date('2027-01-28T06:00:00Z') });
    await updateCompanyProfile(ctx, {
      name: 'Mahnwerk Test GmbH',
      address: { street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin', country: 'DE' },
      bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null },
    });
    await createCustomer(ctx, {
      number: 'K-1',
      name: 'Kunde GmbH',
      debtorKind: 'business',
      email: 'buchhaltung@kunde.example',
      address: { street: 'Weg 1', postalCode: '20095', city: 'Hamburg', country: 'DE' },
    });
    await createInvoice(ctx, {
      customerNumber: 'K-1',
      number: 'RE-7',
      issuedOn: '2026-12-01',
      paymentTerms: { kind: 'net', days: 14 },
      lines: [{ description: 'Leistung', unitPrice: '1000.00' }],
    });
    const plan = await createInstalmentPlan(ctx, {
      customerNumber: 'K-1',
      agreedOn: '2027-01-05',
      count: 3,
      firstDueDate: '2027-02-01',
      rhythm: { months: 1 },
      interestRatePercent: '5',
    });
    expect((await decideInstalmentPlans(ctx, '2027-01-28' as CalendarDate)).reminders).toBe(1);
    return { ctx, plan };
  }

  it('sends the reminder with amount, due date, reference, bank account and the GiroCode, and records it on the timeline', async () => {
    const { ctx, plan } = await planWithReminder();
    const smtp = await startSmtp();
    try {
      const result = await runOutboxPass(database, {
        transport: smtp.transport,
        from: 'Mahnwerk Test GmbH <buchhaltung@mahnwerk.example>',
        replyTo: null,
        tenantId: ctx.tenantId,
        now: () => new Date('2027-01-28T06:05:00Z'),
      });
      expect(result).toMatchObject({ sent: 1, failed: 0 });
      expect(smtp.received.map((m) => m.to)).toEqual([['buchhaltung@kunde.example']]);
      const mail = await simpleParser(smtp.received[0]!.raw);
      const first = plan.instalments[0]!;
      const amount = (first.amountCents / 100).toFixed(2).replace('.', ',');
      expect(mail.subject).toBe('Erinnerung: Rate 1 von 3 fällig am 01.02.2027');
      expect(mail.text).toContain(`Ratenzahlungsvereinbarung Nr. ${plan.id} vom 05.01.2027`);
      expect(mail.text?.replace(/\u00a0/g, ' ')).toContain(
        `Bitte überweisen Sie ${amount} € bis zum 01.02.2027.`,
      );
      expect(mail.text).toContain('IBAN: DE89 3704 0044 0532 0130 00');
      // One invoice: its ISO 11649 creditor reference.
      expect(mail.text).toMatch(/Verwendungszweck: RF\d\d/);
      // The HTML shows the attached image inline (mailparser turns the cid: link into a data: URL).
      expect(smtp.received[0]!.raw.toString()).toContain('src=3D"cid:girocode@mahnwerk"');
      expect(mail.html).toMatch(/<img src="data:image\/png;base64,/);
      const qr = mail.attachments.find((a) => a.contentType === 'image/png');
      expect(qr?.cid).toBe('girocode@mahnwerk');
      const payload = readQr(qr!.content)?.split('\n') ?? [];
      expect(payload.slice(0, 7)).toEqual([
        'BCD',
        '002',
        '1',
        'SCT',
        'COBADEFFXXX',
        'Mahnwerk Test GmbH',
        'DE89370400440532013000',
      ]);
      expect(payload[7]).toBe(`EUR${(first.amountCents / 100).toFixed(2)}`);
      expect(payload[9]).toMatch(/^RF\d\d/);

      const [row] = (await outboxOf(ctx)).filter((r) => r.noticeId === null);
      expect(row).toMatchObject({ status: 'sent', recipient: 'buchhaltung@kunde.example' });
      const sent = (await readEvents(ctx.db, ctx.tenantId, 0, 10_000)).filter(
        (e) => e.type === 'instalment-plan.reminder-sent',
      );
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ entityType: 'instalment-plan', entityId: String(plan.id) });
      expect(sent[0]?.payload).toMatchObject({ instalment: 1, recipient: 'buchhaltung@kunde.example' });
      expect((await verifyEventChain(ctx)).ok).toBe(true);
    } finally {
      await smtp.close();
    }
  });

  it('does not send a reminder for an instalment paid before it could leave', async () => {
    const { ctx, plan } = await planWithReminder();
    await recordPayment(ctx, {
      customerNumber: 'K-1',
      receivedOn: '2027-01-28',
      amount: (plan.instalments[0]!.amountCents / 100).toFixed(2),
    });
    const smtp = await startSmtp();
    try {
      const result = await runOutboxPass(database, {
        transport: smtp.transport,
        from: 'a@mahnwerk.example',
        replyTo: null,
        tenantId: ctx.tenantId,
        now: () => new Date('2027-01-28T07:00:00Z'),
      });
      expect(result).toMatchObject({ sent: 0, failed: 1 });
      expect(smtp.received).toHaveLength(0);
      const [row] = (await outboxOf(ctx)).filter((r) => r.noticeId === null);
      expect(row).toMatchObject({ status: 'failed', lastError: 'not sent: instalment 1 is paid' });
    } finally {
      await smtp.close();
    }
  });

  const outboxOf = (ctx: ServiceContext) =>
    ctx.db.select().from(outbox).where(eq(outbox.tenantId, ctx.tenantId));
});
