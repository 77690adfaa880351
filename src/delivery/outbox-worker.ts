/**
 * @module outbox-worker
 * Sends what the outbox holds. Each delivery is claimed (`FOR UPDATE SKIP LOCKED`, several workers
 * may run) and its attempt recorded and committed before the SMTP conversation starts, so a crash
 * in between leaves a row in `sending`; after the lease it becomes `possibly-sent` and is not sent
 * again on its own — a person checks and resends (`outbox resend`). A temporary failure is retried
 * with exponential backoff (1, 2, 4 … minutes, at most 6 hours); a permanent one (SMTP 5xx, no
 * e-mail address) fails at once with its reason. A sent notice is marked sent, with the server's
 * message id in its event. Webhooks (signed POSTs, see webhook.ts) go through the same queue and
 * rules; they need no SMTP server. Instalment reminders (queued by the plan check, no notice) are
 * composed as they leave, from the plan as it stands that day: one paid meanwhile, or of a plan
 * that ended, is not sent (failed with the reason "not sent: …"); a sent one is an event on the
 * plan's timeline.
 *
 * @example
 * const result = await runOutboxPass(database, { transport: nodemailer.createTransport(...), from, replyTo: null });
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { tenantContext } from '../services/service-context.ts';
import {
  claimDueDeliveries,
  finishDelivery,
  insertTasks,
  markStaleAttempts,
  type OutboxRow,
  stampAttempt,
} from '../db/delivery-repository.ts';
import { appendEvents } from '../db/event-store.ts';
import { notices, webhookEndpoints } from '../db/schema.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import { buildEpcQrPayload, renderEpcQr } from '../formats/epc-qr.ts';
import { loadNoticeDocument, noticeLetter } from '../services/document-service.ts';
import {
  type InstalmentReminderPayload,
  isInstalmentReminderPayload,
  loadInstalmentReminder,
} from '../services/instalment-plan-service.ts';
import nodemailer from 'nodemailer';
import { composeInstalmentReminderEmail, composeNoticeEmail, type EmailMessage } from './notice-email.ts';
import { composePortalMessage, isPortalMessagePayload } from './portal-email.ts';
import { composeOrderEmail, isOrderEmailPayload, orderEmailSentEvent } from './order-email.ts';
import { portalLinkForNoticeEmail } from '../services/portal-link-service.ts';
import type { SmtpConfig } from './smtp-config.ts';
import { postWebhook, WebhookRejected, webhookUrlWithoutCredentials } from './webhook.ts';

export interface MailTransport {
  sendMail(message: {
    from: string;
    replyTo?: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    attachments: { filename: string; content: Buffer; contentType: string; cid?: string }[];
  }): Promise<{ messageId: string }>;
}

export interface OutboxWorkerOptions {
  /** Null: SMTP is not configured, e-mails wait in the outbox. */
  transport: MailTransport | null;
  from: string;
  replyTo: string | null;
  now?: () => Date;
  maxAttempts?: number;
  /** How long an attempt may take before a row left in `sending` counts as possibly sent. */
  leaseMs?: number;
  batchSize?: number;
  /** Only this company's deliveries (`outbox send --tenant`); the server's worker serves all. */
  tenantId?: number;
}

export interface OutboxPassResult {
  sent: number;
  retried: number;
  failed: number;
  possiblySent: number;
}

const MINUTE = 60_000;

/** 1, 2, 4 … minutes after the attempt, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(6 * 60 * MINUTE, MINUTE * 2 ** Math.max(0, attempts - 1));
}

class PermanentFailure extends Error {}

function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

async function composeFor(
  database: Pick<Database, 'db' | 'forTenant'>,
  row: OutboxRow,
  now: () => Date,
): Promise<EmailMessage> {
  if (row.noticeId === null && isInstalmentReminderPayload(row.payload)) {
    return composeReminder(database, row.tenantId, row.payload, now);
  }
  if (row.noticeId === null && isPortalMessagePayload(row.payload)) return composePortalMessage(row.payload);
  if (row.noticeId === null && isOrderEmailPayload(row.payload)) {
    const composed = await composeOrderEmail(
      tenantContext(database, row.tenantId, 'outbox', now),
      row.payload,
    );
    if ('problem' in composed) throw new PermanentFailure(composed.problem);
    return composed.message;
  }
  if (row.noticeId === null) throw new PermanentFailure('the delivery names no notice');
  const ctx = tenantContext(database, row.tenantId, 'outbox', now);
  const document = await loadNoticeDocument(ctx, row.noticeId);
  if (!document.email) {
    throw new PermanentFailure(`customer ${document.customer.number} has no e-mail address`);
  }
  // The letter as archived when it first left (or archived now): a resend attaches the same bytes.
  const { pdf } = await noticeLetter(ctx, row.noticeId, document);
  // A fresh portal link per e-mail: its token is only in the message sent, never in the outbox row.
  const portalUrl = await portalLinkForNoticeEmail(ctx, row.noticeId);
  return composeNoticeEmail(document, document.email, pdf, { portalUrl });
}

/** The reminder of an instalment as the plan stands on the day it leaves, with its GiroCode. */
async function composeReminder(
  database: Pick<Database, 'db' | 'forTenant'>,
  tenantId: number,
  payload: InstalmentReminderPayload,
  now: () => Date,
): Promise<EmailMessage> {
  const ctx = tenantContext(database, tenantId, 'outbox', now);
  const today = now().toISOString().slice(0, 10) as CalendarDate;
  const reminder = await loadInstalmentReminder(ctx, payload.planId, payload.instalment, today);
  if (reminder.obsolete) throw new PermanentFailure(`not sent: ${reminder.obsolete}`);
  if (!reminder.email) {
    throw new PermanentFailure(`customer ${reminder.customer.number} has no e-mail address`);
  }
  const bank = reminder.company.bank;
  const qrPng = bank
    ? await renderEpcQr(
        buildEpcQrPayload({
          name: reminder.company.name.slice(0, 70),
          iban: bank.iban,
          bic: bank.bic,
          amountCents: reminder.instalment.openCents,
          ...(reminder.reference ? { reference: reminder.reference } : { text: reminder.text }),
        }),
        { format: 'png', size: 360 },
      )
    : null;
  return composeInstalmentReminderEmail(reminder, reminder.email, qrPng);
}

export async function runOutboxPass(
  database: Pick<Database, 'db' | 'forTenant'>,
  options: OutboxWorkerOptions,
): Promise<OutboxPassResult> {
  const now = options.now ?? (() => new Date());
  const result: OutboxPassResult = { sent: 0, retried: 0, failed: 0, possiblySent: 0 };
  result.possiblySent = await markStaleAttempts(
    database.db,
    new Date(now().getTime() - (options.leaseMs ?? 10 * MINUTE)),
    options.tenantId ?? null,
  );
  // Webhooks need no SMTP; e-mails wait for a transport.
  const kinds: OutboxRow['kind'][] = options.transport ? ['email', 'webhook'] : ['webhook'];
  // One row claimed at a time, just before its attempt: a crash leaves at most this one row in
  // `sending` (to become possibly sent), not the rest of a batch that was never attempted.
  for (let n = 0; n < (options.batchSize ?? 20); n++) {
    const [row] = await claimDueDeliveries(database.db, kinds, 1, now(), options.tenantId ?? null);
    if (!row) break;
    if (row.kind === 'webhook') {
      await deliverWebhook(database, row, now(), options.maxAttempts ?? 6, result);
      continue;
    }
    const transport = options.transport as MailTransport;
    let message: EmailMessage | undefined;
    let messageId: string;
    try {
      message = await composeFor(database, row, now);
      // The lease counts from this row's own attempt, not from the claim of the batch.
      await stampAttempt(database.db, row, now());
      const info = await transport.sendMail({
        from: options.from,
        ...(options.replyTo ? { replyTo: options.replyTo } : {}),
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments.map((a) => ({ ...a, content: Buffer.from(a.content) })),
      });
      messageId = info.messageId;
    } catch (error) {
      const reason = (error as Error).message;
      const permanent = error instanceof PermanentFailure || isPermanentSmtpError(error);
      if (permanent || row.attempts >= (options.maxAttempts ?? 6)) {
        await finishDelivery(database.db, row, {
          status: 'failed',
          lastError: reason,
          recipient: message?.to ?? null,
        });
        await taskForFailedNotice(database, row, reason, now());
        result.failed++;
      } else {
        await finishDelivery(database.db, row, {
          status: 'pending',
          lastError: reason,
          availableAt: new Date(now().getTime() + retryDelayMs(row.attempts)),
        });
        result.retried++;
      }
      continue;
    }
    // Sent: from here on nothing may lead to sending it again. If recording fails, the row stays
    // `sending` and turns `possibly-sent` after the lease — a person decides, no automatic resend.
    try {
      await markSent(database, row, message.to, messageId, now());
      result.sent++;
    } catch {
      result.possiblySent++;
    }
  }
  return result;
}

async function deliverWebhook(
  database: Pick<Database, 'db' | 'forTenant'>,
  row: OutboxRow,
  at: Date,
  maxAttempts: number,
  result: OutboxPassResult,
): Promise<void> {
  const payload = row.payload as { endpointId?: number; event?: Record<string, unknown> };
  const [endpoint] = await database.db
    .select()
    .from(webhookEndpoints)
    .where(
      and(eq(webhookEndpoints.tenantId, row.tenantId), eq(webhookEndpoints.id, payload.endpointId ?? -1)),
    );
  try {
    if (!endpoint || !endpoint.active) throw new WebhookRejected('the endpoint was removed', true);
    const body = JSON.stringify({ id: `${row.tenantId}-${row.id}`, ...payload.event });
    const answer = await postWebhook(endpoint.url, endpoint.secret, body, at);
    await finishDelivery(database.db, row, {
      status: 'sent',
      messageId: answer,
      recipient: webhookUrlWithoutCredentials(endpoint.url),
      sentAt: at,
      lastError: null,
    });
    result.sent++;
  } catch (error) {
    const reason = (error as Error).message;
    const permanent = error instanceof WebhookRejected && error.permanent;
    if (permanent || row.attempts >= maxAttempts) {
      await finishDelivery(database.db, row, {
        status: 'failed',
        lastError: reason,
        recipient: endpoint ? webhookUrlWithoutCredentials(endpoint.url) : null,
      });
      result.failed++;
    } else {
      await finishDelivery(database.db, row, {
        status: 'pending',
        lastError: reason,
        availableAt: new Date(at.getTime() + retryDelayMs(row.attempts)),
      });
      result.retried++;
    }
  }
}

/** A notice whose e-mail could not be delivered must not count as received unnoticed: a person gets a task. */
async function taskForFailedNotice(
  database: Pick<Database, 'db' | 'forTenant'>,
  row: OutboxRow,
  reason: string,
  at: Date,
): Promise<void> {
  if (row.noticeId === null) return;
  const [notice] = await database.db
    .select({ customerId: notices.customerId })
    .from(notices)
    .where(and(eq(notices.tenantId, row.tenantId), eq(notices.id, row.noticeId)));
  if (!notice) return;
  await insertTasks(database.db, [
    {
      tenantId: row.tenantId,
      customerId: notice.customerId,
      noticeId: row.noticeId,
      kind: 'delivery-failed',
      title: `e-mail of notice ${row.noticeId} failed: ${reason}`.slice(0, 300),
      dueOn: at.toISOString().slice(0, 10),
    },
  ]);
}

async function markSent(
  database: Pick<Database, 'db' | 'forTenant'>,
  row: OutboxRow,
  recipient: string,
  messageId: string,
  at: Date,
): Promise<void> {
  await database.db.transaction(async (tx) => {
    await finishDelivery(tx, row, { status: 'sent', messageId, recipient, sentAt: at, lastError: null });
    if (row.noticeId === null && isOrderEmailPayload(row.payload)) {
      const sent = orderEmailSentEvent(row.payload, { recipient, messageId, outboxId: row.id });
      await appendEvents(tx, row.tenantId, 'delivery', [sent], at);
      return;
    }
    if (row.noticeId === null && isInstalmentReminderPayload(row.payload)) {
      const reminder = row.payload;
      await appendEvents(
        tx,
        row.tenantId,
        'delivery',
        [
          {
            type: 'instalment-plan.reminder-sent',
            entityType: 'instalment-plan',
            entityId: reminder.planId,
            customerId: reminder.customerId,
            payload: {
              instalment: reminder.instalment,
              dueDate: reminder.dueDate,
              recipient,
              messageId,
              outboxId: row.id,
            },
          },
        ],
        at,
      );
      return;
    }
    if (row.noticeId === null) return;
    const [notice] = await tx
      .update(notices)
      .set({ status: 'sent' })
      .where(
        and(eq(notices.tenantId, row.tenantId), eq(notices.id, row.noticeId), eq(notices.status, 'approved')),
      )
      .returning({ customerId: notices.customerId });
    await appendEvents(
      tx,
      row.tenantId,
      'delivery',
      [
        {
          type: 'notice.sent',
          entityType: 'notice',
          entityId: row.noticeId,
          customerId: notice?.customerId ?? null,
          payload: { channel: 'email', recipient, messageId, outboxId: row.id },
        },
      ],
      at,
    );
  });
}

/** Runs passes every `intervalMs` until stopped; a pass never overlaps the previous one. */
export function startOutboxWorker(
  database: Pick<Database, 'db' | 'forTenant'>,
  options: OutboxWorkerOptions & { intervalMs?: number; log: (line: string) => void },
): () => void {
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const result = await runOutboxPass(database, options);
      if (result.sent + result.failed + result.retried + result.possiblySent > 0) {
        options.log(
          `outbox: ${result.sent} sent, ${result.retried} to retry, ${result.failed} failed, ${result.possiblySent} possibly sent`,
        );
      }
    } catch (error) {
      options.log(`outbox pass failed: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 30_000);
  void tick();
  return () => clearInterval(timer);
}

/** The transport for an SMTP configuration (nodemailer: STARTTLS when offered, TLS with `secure`). */
export function smtpTransport(config: SmtpConfig): MailTransport {
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    // Well below the 10-minute lease: an attempt that hangs ends as a failure, not as possibly sent.
    connectionTimeout: 60_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
  });
}
