import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/support/run-cli.ts';
import { newTenantContext, openTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { readEvents } from '../db/event-store.ts';
import { webhookEndpoints } from '../db/schema.ts';
import { ALLOW_PRIVATE_WEBHOOKS_ENV } from '../delivery/webhook.ts';
import { isAppError } from './app-error.ts';
import { addWebhook, listWebhooks, publicWebhook, removeWebhook } from './webhook-service.ts';

describe('webhook endpoints', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(() => database?.close());
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  async function refusal(url: string) {
    const ctx = await newTenantContext(database);
    const error = await addWebhook(ctx, { url }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isAppError(error)) throw new Error(`${url} was accepted`);
    expect(error.code).toBe('validation');
    expect(error.issues.map((i) => i.path)).toEqual(['url']);
    expect(await listWebhooks(ctx)).toEqual([]);
    return error.message;
  }

  it.each([
    [
      'http://erp.example/hook',
      /^url: expected https, got http: \(plain http only with MAHNWERK_WEBHOOK_ALLOW_PRIVATE=1\)$/,
    ],
    ['ftp://erp.example/hook', /^url: expected https, got ftp:$/],
    ['https://127.0.0.1/hook', /^url: host 127\.0\.0\.1 is not a public address/],
    ['https://2130706433/hook', /^url: host 127\.0\.0\.1 is not a public address/],
    ['https://10.20.30.40/hook', /^url: host 10\.20\.30\.40 is not a public address/],
    ['https://172.16.5.4/hook', /^url: host 172\.16\.5\.4 is not a public address/],
    ['https://192.168.0.10/hook', /^url: host 192\.168\.0\.10 is not a public address/],
    ['https://100.64.1.1/hook', /^url: host 100\.64\.1\.1 is not a public address/],
    ['https://169.254.169.254/latest/meta-data', /^url: host 169\.254\.169\.254 is not a public address/],
    ['https://0.0.0.0/hook', /^url: host 0\.0\.0\.0 is not a public address/],
    ['https://[::1]/hook', /^url: host ::1 is not a public address/],
    ['https://[::]/hook', /^url: host :: is not a public address/],
    ['https://[fd00::1]/hook', /^url: host fd00::1 is not a public address/],
    ['https://[fe80::1]/hook', /^url: host fe80::1 is not a public address/],
    ['https://[ff02::1]/hook', /^url: host ff02::1 is not a public address/],
    ['https://[::ffff:127.0.0.1]/hook', /^url: host ::ffff:7f00:1 is not a public address/],
    ['https://[::ffff:192.168.1.1]/hook', /^url: host ::ffff:c0a8:101 is not a public address/],
    ['https://localhost/hook', /^url: host localhost is not a public address/],
    ['https://LOCALHOST./hook', /^url: host localhost is not a public address/],
    ['https://api.localhost/hook', /^url: host api\.localhost is not a public address/],
  ])('refuses %s, naming the field url', async (url, message) => {
    expect(await refusal(url)).toMatch(message);
  });

  it('refuses credentials in the URL without repeating them, and says where they belong instead', async () => {
    const message = await refusal('https://erp:pa55w0rd@erp.example/hook');
    expect(message).toBe(
      "url: must not contain credentials (user:password@): the receiver checks the Mahnwerk-Signature header, made with the endpoint's secret, instead",
    );
    expect(await refusal('https://:pa55w0rd@erp.example/hook')).not.toContain('pa55w0rd');
    expect(await refusal('not a url, pa55w0rd')).toBe('url: expected an https URL');
  });

  it('allows plain http and internal hosts only with the explicit opt-in, never credentials', async () => {
    vi.stubEnv(ALLOW_PRIVATE_WEBHOOKS_ENV, '1');
    const ctx = await newTenantContext(database);
    for (const url of ['http://127.0.0.1:8080/hook', 'https://[fd00::1]/hook', 'http://erp.internal/hook']) {
      expect((await addWebhook(ctx, { url })).url).toBe(url);
    }
    expect(await refusal('http://erp:pa55w0rd@127.0.0.1/hook')).toMatch(/^url: must not contain credentials/);
    expect(await refusal('ftp://127.0.0.1/hook')).toBe('url: expected http or https, got ftp:');
    vi.stubEnv(ALLOW_PRIVATE_WEBHOOKS_ENV, 'yes');
    expect(await refusal('http://127.0.0.1:8080/hook')).toMatch(/^url: expected https, got http:/);
  });

  it('keeps the query token out of the event log, which every user of the company reads', async () => {
    const ctx = await newTenantContext(database);
    const row = await addWebhook(ctx, { url: 'https://erp.example/hooks/mahnwerk?token=qu3ry-t0ken' });
    expect(publicWebhook(row).url).toBe('https://erp.example/hooks/mahnwerk?token=qu3ry-t0ken');
    await removeWebhook(ctx, row.id);
    const events = await readEvents(ctx.db, ctx.tenantId, 0, 100);
    const mine = events.filter((e) => e.entityType === 'webhook');
    expect(mine.map((e) => [e.type, e.payload])).toEqual([
      ['webhook.added', { url: 'https://erp.example/hooks/mahnwerk?…', events: [] }],
      ['webhook.removed', { url: 'https://erp.example/hooks/mahnwerk?…' }],
    ]);
  });

  it('shows and records an endpoint stored with credentials before they were refused without them', async () => {
    const ctx = await newTenantContext(database);
    const [stored] = await ctx.db
      .insert(webhookEndpoints)
      .values({
        tenantId: ctx.tenantId,
        url: 'https://erp:pa55w0rd@erp.example/hook',
        secret: 'test-secret-0123456789',
      })
      .returning();
    const listed = (await listWebhooks(ctx)).map(publicWebhook);
    expect(listed.map((w) => w.url)).toEqual(['https://erp.example/hook']);
    await removeWebhook(ctx, stored!.id);
    const events = await readEvents(ctx.db, ctx.tenantId, 0, 100);
    expect(JSON.stringify(events)).not.toContain('pa55w0rd');

    const cli = await runCli(['webhook', 'list', '--tenant', ctx.tenantCode], () =>
      Promise.resolve(database),
    );
    expect(cli.out).toMatch(/^\d+ {2}removed {2}https:\/\/erp\.example\/hook {2}all events\n$/);
  });

  it('refuses the same URLs on the command line, with exit code 2 and the field named', async () => {
    const ctx = await newTenantContext(database);
    const run = (...args: string[]) =>
      runCli(['webhook', ...args, '--tenant', ctx.tenantCode], () => Promise.resolve(database));
    const withPassword = await run('add', 'https://erp:pa55w0rd@erp.example/hook');
    expect(withPassword.code).toBe(2);
    expect(withPassword.err).toMatch(/url: must not contain credentials/);
    expect(withPassword.err + withPassword.out).not.toContain('pa55w0rd');
    const loopback = await run('add', 'https://127.0.0.1/hook');
    expect(loopback.code).toBe(2);
    expect(loopback.err).toMatch(/url: host 127\.0\.0\.1 is not a public address/);
    const added = await run('add', 'https://erp.example/hook', '--events', 'payment.recorded');
    expect(added.code, added.err).toBe(0);
    expect((await run('list')).out).toMatch(/active {3}https:\/\/erp\.example\/hook {2}payment\.recorded/);
  });
});
