/**
 * @module main
 * The server process started by `npm start`: opens the database (PGlite in ./data or
 * MAHNWERK_DATA_DIR, PostgreSQL with DATABASE_URL; migrations run on open), makes sure the default
 * company and its first admin exist, starts the daily scheduler and the outbox worker, and serves
 * the API (/api, OpenAPI at /api/openapi.json, docs at /api/docs) and the built web app (web/dist):
 * the company's app at / and the customer portal's page at /portal.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { LOG_REDACT_PATHS, registerApi } from '../api/app.ts';
import { sendProblem } from '../api/problem.ts';
import { type Database, openDatabaseFromEnv } from '../db/database.ts';
import { tenantContext } from '../services/service-context.ts';
import { smtpConfigFromEnv } from '../delivery/smtp-config.ts';
import { smtpTransport, startOutboxWorker } from '../delivery/outbox-worker.ts';
import { ensureFirstAdmin } from '../services/auth-service.ts';
import { createDemoData, DEMO_DEFAULTS } from '../services/demo-service.ts';
import { countCustomers } from '../db/customer-repository.ts';
import { DEFAULT_TENANT_CODE, ensureTenant } from '../services/tenant-service.ts';
import { localToday } from '../cli/parse-options.ts';
import { startScheduler } from './scheduler.ts';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface ServerOptions {
  now?: () => Date;
  /** Folder of the built web app; served at / when it holds an index.html. */
  webDist?: string;
  /** Where the log lines go (JSON, one per line); standard output by default. */
  logStream?: NodeJS.WritableStream;
}

/**
 * The server's log: JSON lines at `MAHNWERK_LOG_LEVEL` (default `warn`: unhandled errors with the
 * reference the client was given, nothing per request; `info` logs every request, `silent` nothing),
 * credentials redacted (`LOG_REDACT_PATHS`).
 */
export function serverLogger(stream?: NodeJS.WritableStream, level = process.env.MAHNWERK_LOG_LEVEL) {
  return { level: level || 'warn', redact: LOG_REDACT_PATHS, ...(stream ? { stream } : {}) };
}

export async function buildServer(database: Database, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: serverLogger(options.logStream),
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.MAHNWERK_TRUST_PROXY === '1',
  });
  const now = options.now ?? (() => new Date());
  app.get('/health', async (_request, reply) => {
    try {
      await database.db.execute(sql`select 1`);
      return { status: 'ok', service: 'mahnwerk', database: database.description };
    } catch (error) {
      return reply
        .code(503)
        .send({ status: 'unavailable', service: 'mahnwerk', detail: (error as Error).message });
    }
  });
  await registerApi(app, { database, now });
  const webDist = options.webDist ?? WEB_DIST;
  const hasWeb = existsSync(`${webDist}/index.html`);
  const hasPortal = existsSync(`${webDist}/portal.html`);
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // The customer portal is a page set of its own: /portal and /portal/… are portal.html (never the company's app).
    const isPortal = path === '/portal' || path.startsWith('/portal/');
    // The web app routes in the browser: any other page is its index.html.
    if (
      hasWeb &&
      request.method === 'GET' &&
      !path.startsWith('/api/') &&
      !path.startsWith('/portal-api/') &&
      !path.includes('.') &&
      (!isPortal || hasPortal)
    ) {
      return reply.sendFile(isPortal ? 'portal.html' : 'index.html');
    }
    return sendProblem(reply, 404, 'not-found', `no route ${request.method} ${path}`);
  });
  return app;
}

/** How often the outbox is sent: `MAHNWERK_OUTBOX_INTERVAL_MS` (1 s to 1 h), else every 30 s. */
export function outboxIntervalMs(value: string | undefined): number {
  if (value === undefined || value === '') return 30_000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1000 || ms > 3_600_000) {
    throw new Error(
      `MAHNWERK_OUTBOX_INTERVAL_MS: expected milliseconds from 1000 to 3600000, got "${value}"`,
    );
  }
  return ms;
}

/** Start-up line on the second wall between companies (row-level security, PostgreSQL only). */
export function rowLevelSecurityLine(database: Pick<Database, 'description' | 'rowLevelSecurity'>): string {
  if (database.rowLevelSecurity) return 'row-level security: on (each company sees its own rows only)\n';
  if (database.description.startsWith('pglite:')) return '';
  return (
    'WARNING row-level security is not in effect: the database role is a superuser or has BYPASSRLS;\n' +
    '  companies are kept apart by the queries alone. Connect as the role that owns the database (README).\n'
  );
}

export async function startServer(argv: readonly string[] = process.argv.slice(2)): Promise<FastifyInstance> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const database = await openDatabaseFromEnv(`mahnwerk server on port ${port}`);
  const tenant = await ensureTenant(database.db, DEFAULT_TENANT_CODE, 'server');
  const ctx = tenantContext(database, tenant.tenantId, 'server');
  const admin = await ensureFirstAdmin(ctx, {
    email: process.env.MAHNWERK_ADMIN_EMAIL,
    password: process.env.MAHNWERK_ADMIN_PASSWORD,
  });
  if (argv.includes('--demo') && (await countCustomers(database.db, tenant.tenantId)) === 0) {
    const demo = await createDemoData(ctx, { ...DEMO_DEFAULTS, today: localToday() });
    log(`demo data loaded: ${JSON.stringify(demo)}`);
  }
  const stopScheduler = startScheduler(database, {
    runAfter: process.env.MAHNWERK_RUN_AFTER ?? '06:00',
    log,
  });
  const smtp = smtpConfigFromEnv(process.env);
  const stopOutbox = startOutboxWorker(database, {
    intervalMs: outboxIntervalMs(process.env.MAHNWERK_OUTBOX_INTERVAL_MS),
    transport: smtp ? smtpTransport(smtp) : null,
    from: smtp?.from ?? '',
    replyTo: smtp?.replyTo ?? null,
    log,
  });
  const app = await buildServer(database);
  app.addHook('onClose', async () => {
    stopScheduler();
    stopOutbox();
    await database.close();
  });
  const shutdown = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port, host });
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/`;
  process.stdout.write(
    `Mahnwerk is running at ${url}  (API docs: ${url}api/docs)\n` +
      `database: ${database.description} · company: ${tenant.name} (${tenant.code})\n` +
      (admin
        ? admin.generated
          ? `first start: log in as ${admin.email} with the password ${admin.password}\n` +
            '  (shown only now; change it under Settings, or set MAHNWERK_ADMIN_PASSWORD before the first start)\n'
          : `first start: log in as ${admin.email} with the password from MAHNWERK_ADMIN_PASSWORD\n`
        : '') +
      (existsSync(`${WEB_DIST}/index.html`) ? '' : 'web app not built: run `npm run build:web`\n') +
      rowLevelSecurityLine(database) +
      `daily dunning run after ${process.env.MAHNWERK_RUN_AFTER ?? '06:00'}; CLI commands need the server stopped while it uses the embedded database\n` +
      (smtp
        ? `e-mail through ${smtp.host}:${smtp.port} as ${smtp.from}\n`
        : 'no SMTP server configured (MAHNWERK_SMTP_HOST): e-mails wait in the outbox (mahnwerk outbox list)\n'),
  );
  return app;
}
