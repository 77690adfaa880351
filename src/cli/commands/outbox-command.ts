/**
 * @module outbox-command
 * `outbox list|show|send|resend`: the deliveries waiting, sent or failed. Without an SMTP server
 * e-mails wait here and can be read and downloaded; `outbox send` delivers now through the SMTP
 * server of the environment (see README, Configuration).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { OutboxStatus } from '../../db/delivery-repository.ts';
import { runOutboxPass, smtpTransport } from '../../delivery/outbox-worker.ts';
import { SmtpConfigError, smtpConfigFromEnv } from '../../delivery/smtp-config.ts';
import {
  listDeliveries,
  OUTBOX_STATUSES,
  resendDelivery,
  showDelivery,
} from '../../services/outbox-service.ts';
import { addTenantOption, type TenantOption, withServiceContext } from '../cli-context.ts';
import { CliUsageError } from '../cli-error.ts';
import type { CliIo } from '../main.ts';
import { positiveIntegerOption } from '../parse-options.ts';
import { renderTable } from '../render-table.ts';
import { WEBHOOK_EVENT_TYPES } from '../../db/event-store.ts';
import { SIGNATURE_HEADER } from '../../delivery/webhook.ts';
import { addWebhook, listWebhooks, publicWebhook, removeWebhook } from '../../services/webhook-service.ts';

function statusesOption(value: string | undefined): OutboxStatus[] {
  if (!value) return [...OUTBOX_STATUSES];
  const statuses = value.split(',').map((s) => s.trim());
  for (const status of statuses) {
    if (!OUTBOX_STATUSES.includes(status as OutboxStatus)) {
      throw new CliUsageError(`--status: expected ${OUTBOX_STATUSES.join(', ')}, got "${status}"`);
    }
  }
  return statuses as OutboxStatus[];
}

export function registerOutboxCommand(program: Command, io: CliIo): void {
  const outbox = program.command('outbox').description('e-mails and letters waiting, sent or failed');
  addTenantOption(
    outbox
      .command('list')
      .description('deliveries, newest first')
      .option('--status <list>', `only these, comma-separated: ${OUTBOX_STATUSES.join(', ')}`)
      .option('--json', 'print JSON'),
  ).action(async (options: TenantOption & { status?: string; json?: boolean }) => {
    const statuses = statusesOption(options.status);
    const rows = await withServiceContext(io, options, 'outbox list', (ctx) => listDeliveries(ctx, statuses));
    if (options.json) {
      io.out(JSON.stringify(rows) + '\n');
      return;
    }
    if (rows.length === 0) {
      io.out('the outbox is empty\n');
      return;
    }
    io.out(
      renderTable(
        ['id', 'kind', 'notice', 'status', 'attempts', 'recipient', 'note'],
        rows.map((r) => [
          String(r.id),
          r.kind,
          r.noticeId === null ? '' : String(r.noticeId),
          r.status,
          String(r.attempts),
          r.recipient ?? '',
          r.status === 'sent' ? (r.messageId ?? '') : (r.lastError ?? ''),
        ]),
        [true, false, true, false, true, false, false],
      ) + '\n',
    );
  });
  addTenantOption(
    outbox
      .command('show')
      .description('a delivery as it is (or was) sent: recipient, subject, text; --pdf saves the letter')
      .argument('<id>', 'outbox id')
      .option('--pdf <file>', 'write the attached letter to this file'),
  ).action(async (id: string, options: TenantOption & { pdf?: string }) => {
    const outboxId = positiveIntegerOption(id, '<id>');
    const shown = await withServiceContext(io, options, 'outbox show', (ctx) => showDelivery(ctx, outboxId));
    io.out(`#${shown.row.id} ${shown.row.kind} ${shown.row.status}, ${shown.row.attempts} attempt(s)\n`);
    if (shown.row.lastError) io.out(`last error: ${shown.row.lastError}\n`);
    if (shown.problem) io.out(`cannot be sent: ${shown.problem}\n`);
    if (shown.message) {
      io.out(`To: ${shown.message.to}\nSubject: ${shown.message.subject}\n\n${shown.message.text}`);
      const attachment = shown.message.attachments[0];
      if (attachment) io.out(`\nattachment: ${attachment.filename} (${attachment.content.length} bytes)\n`);
      if (options.pdf && attachment) {
        writeFileSync(options.pdf, attachment.content);
        io.out(`${options.pdf}: written\n`);
      }
    }
  });
  addTenantOption(
    outbox.command('send').description('deliver due e-mails now through the SMTP server of the environment'),
  ).action(async (options: TenantOption) => {
    let smtp;
    try {
      smtp = smtpConfigFromEnv(process.env);
    } catch (error) {
      if (error instanceof SmtpConfigError) throw new CliUsageError(error.message);
      throw error;
    }
    if (!smtp)
      throw new CliUsageError('no SMTP server configured: set MAHNWERK_SMTP_HOST and MAHNWERK_SMTP_FROM');
    const config = smtp;
    // Only this company's deliveries, pass after pass until none is due (a pass takes at most 20).
    const result = await withServiceContext(io, options, 'outbox send', async (ctx, database) => {
      const total = { sent: 0, retried: 0, failed: 0, possiblySent: 0 };
      const transport = smtpTransport(config);
      for (;;) {
        const pass = await runOutboxPass(database, {
          transport,
          from: config.from,
          replyTo: config.replyTo,
          tenantId: ctx.tenantId,
        });
        for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += pass[key];
        if (pass.sent + pass.retried + pass.failed === 0) return total;
      }
    });
    io.out(
      `${result.sent} sent, ${result.retried} to retry, ${result.failed} failed, ${result.possiblySent} possibly sent\n`,
    );
  });
  addTenantOption(
    outbox
      .command('resend')
      .description('queue a failed or possibly-sent delivery again (after checking it did not arrive)')
      .argument('<id>', 'outbox id'),
  ).action(async (id: string, options: TenantOption) => {
    const outboxId = positiveIntegerOption(id, '<id>');
    await withServiceContext(io, options, 'outbox resend', (ctx) => resendDelivery(ctx, outboxId));
    io.out(`#${outboxId} queued again\n`);
  });
}

export function registerWebhookCommand(program: Command, io: CliIo): void {
  const webhook = program
    .command('webhook')
    .description('announce events to other systems by signed HTTP POST');
  addTenantOption(
    webhook
      .command('add')
      .description(`announce events to a URL; known events: ${WEBHOOK_EVENT_TYPES.join(', ')}`)
      .argument(
        '<url>',
        'https URL of a public host that receives POSTs (http and internal hosts: MAHNWERK_WEBHOOK_ALLOW_PRIVATE=1)',
      )
      .option('--events <list>', 'comma-separated; default: all')
      .option('--secret <text>', 'signing key (default: generated and printed once)'),
  ).action(async (url: string, options: TenantOption & { events?: string; secret?: string }) => {
    const events = options.events ? options.events.split(',').map((e) => e.trim()) : [];
    const added = await withServiceContext(io, options, 'webhook add', (ctx) =>
      addWebhook(ctx, { url, events, ...(options.secret ? { secret: options.secret } : {}) }),
    );
    io.out(`webhook ${added.id}: ${added.url}\nsecret: ${added.secret}\n`);
    io.out(
      `each POST carries the header ${SIGNATURE_HEADER}: t=<unix>,v1=<HMAC-SHA256 hex of "<t>.<body>">\n`,
    );
  });
  addTenantOption(webhook.command('list').description('endpoints and their events')).action(
    async (options: TenantOption) => {
      const rows = await withServiceContext(io, options, 'webhook list', (ctx) => listWebhooks(ctx));
      for (const r of rows.map(publicWebhook)) {
        io.out(
          `${r.id}  ${r.active ? 'active ' : 'removed'}  ${r.url}  ${r.events.length ? r.events.join(',') : 'all events'}\n`,
        );
      }
      if (rows.length === 0) io.out('no webhooks\n');
    },
  );
  addTenantOption(
    webhook.command('remove').description('stop announcing to an endpoint').argument('<id>'),
  ).action(async (id: string, options: TenantOption) => {
    const webhookId = positiveIntegerOption(id, '<id>');
    await withServiceContext(io, options, 'webhook remove', (ctx) => removeWebhook(ctx, webhookId));
    io.out(`webhook ${webhookId} removed\n`);
  });
}
