/**
 * @module main
 * The server process started by `npm start`: opens the database (PGlite in ./data or
 * MAHNWERK_DATA_DIR, PostgreSQL with DATABASE_URL; migrations run on open), makes sure the default
 * company exists, starts the daily scheduler, and serves the health check and the interest
 * calculator. The API and the web app arrive with their issue and are mounted here.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseCalendarDate } from '../domain/calendar-date.ts';
import { computeDefaultInterest, DEBTOR_KINDS } from '../domain/default-interest.ts';
import { isDomainError } from '../domain/domain-error.ts';
import { parseAmount } from '../domain/money.ts';
import { sql } from 'drizzle-orm';
import { interestToJson } from '../cli/commands/interest-command.ts';
import { type Database, openDatabaseFromEnv } from '../db/database.ts';
import { DEFAULT_TENANT_CODE, ensureTenant } from '../services/tenant-service.ts';
import { startScheduler } from './scheduler.ts';
import { smtpConfigFromEnv } from '../delivery/smtp-config.ts';
import { smtpTransport, startOutboxWorker } from '../delivery/outbox-worker.ts';

const interestQuery = z.object({
  principal: z.string(),
  from: z.string(),
  to: z.string(),
  debtor: z.enum(DEBTOR_KINDS),
  contractDate: z.string().optional(),
});

export function buildServer(database?: Database): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/health', async (_request, reply) => {
    if (!database) return { status: 'ok', service: 'mahnwerk' };
    try {
      await database.db.execute(sql`select 1`);
      return { status: 'ok', service: 'mahnwerk', database: database.description };
    } catch (error) {
      return reply
        .code(503)
        .send({ status: 'unavailable', service: 'mahnwerk', detail: (error as Error).message });
    }
  });
  app.get('/api/interest', async (request, reply) => {
    const parsed = interestQuery.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply
        .code(400)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Invalid query',
          status: 400,
          code: 'validation',
          field: issue?.path.join('.'),
          detail: issue?.message,
        });
    }
    try {
      const q = parsed.data;
      const result = computeDefaultInterest({
        principal: parseAmount(q.principal, 'EUR', 'principal'),
        from: parseCalendarDate(q.from, 'from'),
        to: parseCalendarDate(q.to, 'to'),
        debtorKind: q.debtor,
        ...(q.contractDate ? { obligationDate: parseCalendarDate(q.contractDate, 'contractDate') } : {}),
      });
      return interestToJson(result);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return reply.code(400).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Invalid query',
        status: 400,
        code: error.code,
        field: error.path,
        detail: error.message,
      });
    }
  });
  return app;
}

export async function startServer(): Promise<FastifyInstance> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const database = await openDatabaseFromEnv(`mahnwerk server on port ${port}`);
  const tenant = await ensureTenant(database.db, DEFAULT_TENANT_CODE, 'server');
  const stopScheduler = startScheduler(database, {
    runAfter: process.env.MAHNWERK_RUN_AFTER ?? '06:00',
    log,
  });
  const smtp = smtpConfigFromEnv(process.env);
  const stopOutbox = startOutboxWorker(database, {
    transport: smtp ? smtpTransport(smtp) : null,
    from: smtp?.from ?? '',
    replyTo: smtp?.replyTo ?? null,
    log,
  });
  const app = buildServer(database);
  app.addHook('onClose', async () => {
    stopScheduler();
    stopOutbox();
    await database.close();
  });
  const shutdown = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port, host });
  process.stdout.write(
    `Mahnwerk is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/health\n` +
      `database: ${database.description} · company: ${tenant.name} (${tenant.code})\n` +
      `daily dunning run after ${process.env.MAHNWERK_RUN_AFTER ?? '06:00'}; CLI commands need the server stopped while it uses the embedded database\n` +
      (smtp
        ? `e-mail through ${smtp.host}:${smtp.port} as ${smtp.from}\n`
        : 'no SMTP server configured (MAHNWERK_SMTP_HOST): e-mails wait in the outbox (mahnwerk outbox list)\n'),
  );
  return app;
}
