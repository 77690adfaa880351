import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPolicyVersion } from '../../db/tenant-repository.ts';
import { DEFAULT_BUSINESS_POLICY } from '../../domain/default-dunning-policies.ts';
import {
  anonymous,
  type ApiCaller,
  newTenantWithCallers,
  openTestApi,
  TEST_PASSWORD,
} from '../../../test/support/test-api.ts';
import { openTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';

const TODAY = '2026-03-16';
const now = () => new Date(`${TODAY}T09:00:00Z`);

function expectProblem(response: LightMyRequestResponse, status: number, code?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  if (code) expect(response.json().code).toBe(code);
  return response.json() as { code: string; detail: string; errors?: { path: string; message: string }[] };
}

const paths = (problem: { errors?: { path: string }[] }) => problem.errors?.map((e) => e.path) ?? [];

describe('settings over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: ApiCaller;
  let controller: ApiCaller;
  let viewer: ApiCaller;
  let strangerAdmin: ApiCaller;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await openTestApi(database, { now });
    ({ admin, controller, viewer } = await newTenantWithCallers(app, database, { now }));
    ({ admin: strangerAdmin } = await newTenantWithCallers(app, database, { now }));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  describe('company profile', () => {
    it('is read by everyone and changed by an admin: fields sent replace, the rest stays', async () => {
      const before = await viewer.get('/api/settings/company');
      expect(before.statusCode).toBe(200);
      expect(before.json().name).toBe(admin.ctx.tenantCode.replace(/^/, 'Test '));
      const response = await admin.put('/api/settings/company', {
        name: 'Beispiel GmbH',
        address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
        vatId: 'DE123456789',
        bank: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        name: 'Beispiel GmbH',
        vatId: 'DE123456789',
        bank: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: null },
      });
      const partial = await admin.put('/api/settings/company', { phone: '+49 30 123456' });
      expect(partial.json()).toMatchObject({ name: 'Beispiel GmbH', phone: '+49 30 123456' });
      expect((await viewer.get('/api/settings/company')).json()).toEqual(partial.json());
      // Another company's profile is its own.
      expect((await strangerAdmin.get('/api/settings/company')).json().name).not.toBe('Beispiel GmbH');
    });

    it('refuses bad values with the field named, a controller, and no login', async () => {
      const bad = expectProblem(
        await admin.put('/api/settings/company', { vatId: '123', email: 'nope' }),
        400,
        'validation',
      );
      expect(paths(bad)).toEqual(expect.arrayContaining(['vatId', 'email']));
      const iban = expectProblem(
        await admin.put('/api/settings/company', { bank: { iban: 'DE00370400440532013000' } }),
        400,
        'validation',
      );
      expect(paths(iban)).toContain('bank.iban');
      expectProblem(await controller.put('/api/settings/company', { phone: '1' }), 403, 'forbidden');
      expectProblem(await viewer.put('/api/settings/company', { phone: '1' }), 403, 'forbidden');
      expectProblem(await anonymous(app, admin.ctx).get('/api/settings/company'), 401, 'unauthenticated');
    });
  });

  describe('users', () => {
    it('adds a user who can log in, lists users, and deactivates one, who then cannot', async () => {
      const created = await admin.post('/api/users', {
        email: 'Neu@Example.test',
        name: 'Neue Kollegin',
        role: 'controller',
        password: TEST_PASSWORD,
        language: 'en',
      });
      expect(created.statusCode, created.body).toBe(201);
      const user = created.json();
      expect(user).toMatchObject({
        email: 'neu@example.test',
        role: 'controller',
        language: 'en',
        active: true,
      });
      expect(JSON.stringify(user)).not.toContain('argon');
      const login = () =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'neu@example.test', password: TEST_PASSWORD },
        });
      expect((await login()).statusCode).toBe(200);
      const listed = await admin.get('/api/users');
      expect(listed.statusCode).toBe(200);
      expect(listed.json().map((u: { id: number }) => u.id)).toContain(user.id);
      expect(listed.body).not.toContain('passwordHash');
      expectProblem(
        await admin.post('/api/users', {
          email: 'neu@example.test',
          name: 'X',
          role: 'viewer',
          password: TEST_PASSWORD,
        }),
        409,
        'conflict',
      );

      const removed = await admin.delete(`/api/users/${user.id}`);
      expect(removed.statusCode, removed.body).toBe(200);
      expect(removed.json()).toMatchObject({ id: user.id, active: false });
      expectProblem(await login(), 401);
    });

    it('refuses a bad user with the field named, non-admins, no login, yourself and another company’s user', async () => {
      const bad = expectProblem(
        await admin.post('/api/users', {
          email: 'x@example.test',
          name: 'X',
          role: 'boss',
          password: 'short',
        }),
        400,
        'validation',
      );
      expect(paths(bad)).toEqual(expect.arrayContaining(['role', 'password']));
      const user = { email: 'y@example.test', name: 'Y', role: 'viewer', password: TEST_PASSWORD };
      expectProblem(await controller.post('/api/users', user), 403, 'forbidden');
      expectProblem(await controller.get('/api/users'), 403, 'forbidden');
      expectProblem(await anonymous(app, admin.ctx).get('/api/users'), 401, 'unauthenticated');
      const me = (await admin.get('/api/auth/me')).json().user.id;
      expectProblem(await admin.delete(`/api/users/${me}`), 409, 'conflict');
      const theirs = (await strangerAdmin.get('/api/users')).json()[0].id;
      expectProblem(await admin.delete(`/api/users/${theirs}`), 404, 'not-found');
      expectProblem(await controller.delete(`/api/users/${me}`), 403, 'forbidden');
    });
  });

  describe('API tokens', () => {
    it('creates a token shown once, which works as a bearer token until it is revoked', async () => {
      const created = await admin.post('/api/tokens', { name: 'Buchhaltung', role: 'controller' });
      expect(created.statusCode, created.body).toBe(201);
      const { id, token } = created.json();
      expect(token).toMatch(/^mw_/);
      expect(created.headers['cache-control']).toBe('no-store');

      const listed = (await admin.get('/api/tokens')).json();
      expect(listed.find((t: { id: number }) => t.id === id)).toMatchObject({
        name: 'Buchhaltung',
        role: 'controller',
        revokedAt: null,
      });
      expect(JSON.stringify(listed)).not.toContain(token);
      expect(JSON.stringify(listed)).not.toContain('tokenHash');

      const bearer = { authorization: `Bearer ${token}` };
      const use = () => app.inject({ method: 'GET', url: '/api/tasks', headers: bearer });
      expect((await use()).statusCode).toBe(200);
      // A controller token cannot change settings.
      const attempt = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: bearer,
        payload: { name: 'mehr', role: 'admin' },
      });
      expectProblem(attempt, 403, 'forbidden');

      const revoked = await admin.delete(`/api/tokens/${id}`);
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(revoked.json().revokedAt).toBe(now().toISOString());
      expectProblem(await use(), 401, 'unauthenticated');
      expectProblem(await admin.delete(`/api/tokens/${id}`), 404, 'not-found');
    });

    it('refuses a bad token with the field named, non-admins, no login and another company’s token', async () => {
      const bad = expectProblem(
        await admin.post('/api/tokens', { name: '', role: 'root' }),
        400,
        'validation',
      );
      expect(paths(bad)).toEqual(expect.arrayContaining(['name', 'role']));
      expectProblem(await controller.post('/api/tokens', { name: 'x', role: 'viewer' }), 403, 'forbidden');
      expectProblem(await viewer.get('/api/tokens'), 403, 'forbidden');
      expectProblem(await anonymous(app, admin.ctx).post('/api/tokens', { name: 'x', role: 'viewer' }), 401);
      const theirs = (await strangerAdmin.post('/api/tokens', { name: 'theirs', role: 'viewer' })).json().id;
      expectProblem(await admin.delete(`/api/tokens/${theirs}`), 404, 'not-found');
      expect((await admin.get('/api/tokens')).json().map((t: { id: number }) => t.id)).not.toContain(theirs);
    });
  });

  describe('dunning policies', () => {
    it('lists the newest version of each policy with its stages, and every version of one', async () => {
      await insertPolicyVersion(admin.ctx.db, admin.ctx.tenantId, {
        key: DEFAULT_BUSINESS_POLICY.key,
        version: 2,
        document: { ...DEFAULT_BUSINESS_POLICY, version: 2, name: 'Geschäftskunden v2' },
        defaultFor: 'business',
      });
      const response = await viewer.get('/api/policies');
      expect(response.statusCode).toBe(200);
      const business = response.json().find((p: { key: string }) => p.key === DEFAULT_BUSINESS_POLICY.key);
      expect(business).toMatchObject({
        version: 2,
        name: 'Geschäftskunden v2',
        defaultFor: 'business',
        issues: [],
      });
      expect(business.stages.length).toBeGreaterThan(1);
      expect(business.stages[0]).toHaveProperty('offsetDays');
      expect(response.json()).toHaveLength(3);

      const versions = await viewer.get(`/api/policies/${DEFAULT_BUSINESS_POLICY.key}/versions`);
      expect(versions.json().map((v: { version: number }) => v.version)).toEqual([2, 1]);
      // Another company still has its first version.
      const theirs = (await strangerAdmin.get('/api/policies')).json();
      expect(theirs.find((p: { key: string }) => p.key === DEFAULT_BUSINESS_POLICY.key).version).toBe(1);
    });

    it('answers an unknown or another company’s policy with 404 and no login with 401', async () => {
      await insertPolicyVersion(strangerAdmin.ctx.db, strangerAdmin.ctx.tenantId, {
        key: 'only-theirs',
        version: 1,
        document: { ...DEFAULT_BUSINESS_POLICY, key: 'only-theirs' },
        defaultFor: null,
      });
      expect((await strangerAdmin.get('/api/policies/only-theirs/versions')).statusCode).toBe(200);
      expectProblem(await viewer.get('/api/policies/only-theirs/versions'), 404, 'not-found');
      expectProblem(await anonymous(app, admin.ctx).get('/api/policies'), 401, 'unauthenticated');
    });
  });

  describe('letter templates', () => {
    it('lists templates, saves the company’s wording, and previews unsaved wording as a PDF', async () => {
      const list = await viewer.get('/api/templates');
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'first-dunning', language: 'de', custom: false }),
        ]),
      );
      const wording = {
        subject: 'Mahnung {{customerNumber}}',
        body: 'Sehr geehrte Damen und Herren,\n\nbitte zahlen Sie {{total}} bis {{deadline}}.\n\n{{claims}}\n\n{{companyName}}',
      };
      const saved = await admin.put('/api/templates/first-dunning/de', wording);
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ ...wording, custom: true });
      expect((await viewer.get('/api/templates/first-dunning/de')).json()).toMatchObject({
        ...wording,
        custom: true,
      });
      expect((await strangerAdmin.get('/api/templates/first-dunning/de')).json().custom).toBe(false);

      const preview = await admin.post('/api/templates/first-dunning/de/preview', {
        ...wording,
        subject: 'Vorschau {{customerName}}',
      });
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.headers['content-type']).toBe('application/pdf');
      expect(preview.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      // The preview saved nothing.
      expect((await viewer.get('/api/templates/first-dunning/de')).json().subject).toBe(wording.subject);

      const placeholders = (await viewer.get('/api/templates/placeholders')).json();
      expect(placeholders.map((p: { name: string }) => p.name)).toContain('deadline');
    });

    it('refuses an unknown placeholder naming it, non-admins, no login, and an unknown template', async () => {
      const bad = { subject: 'Mahnung', body: 'Hallo {{kundenName}},\n\nbitte zahlen.' };
      const refused = expectProblem(
        await admin.put('/api/templates/first-dunning/de', bad),
        400,
        'validation',
      );
      expect(refused.detail).toContain('{{kundenName}}');
      expect(refused.errors).toEqual([
        expect.objectContaining({ path: 'body', message: expect.stringContaining('{{kundenName}}') }),
      ]);
      const previewRefused = expectProblem(
        await admin.post('/api/templates/first-dunning/de/preview', bad),
        400,
        'validation',
      );
      expect(previewRefused.errors?.[0]?.message).toContain('{{kundenName}}');
      const language = expectProblem(await viewer.get('/api/templates/first-dunning/fr'), 400, 'validation');
      expect(paths(language)).toContain('params.language');
      const missing = expectProblem(
        await admin.put('/api/templates/first-dunning/de', { subject: 'x' }),
        400,
      );
      expect(paths(missing)).toContain('body');
      const good = { subject: 'x', body: 'y' };
      expectProblem(await controller.put('/api/templates/first-dunning/de', good), 403, 'forbidden');
      expectProblem(await viewer.post('/api/templates/first-dunning/de/preview', good), 403, 'forbidden');
      expectProblem(await anonymous(app, admin.ctx).get('/api/templates'), 401, 'unauthenticated');
      expectProblem(await viewer.get('/api/templates/no-such-letter/de'), 404, 'not-found');
      // A template only another company saved is not found here.
      expect((await strangerAdmin.put('/api/templates/their-letter/de', good)).statusCode).toBe(200);
      expectProblem(await viewer.get('/api/templates/their-letter/de'), 404, 'not-found');
    });
  });

  describe('base rates', () => {
    it('lists the Basiszinssatz table to every logged-in user', async () => {
      const response = await viewer.get('/api/base-rates');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(
        expect.arrayContaining([
          { validFrom: '2026-01-01', ratePercent: '1.27' },
          { validFrom: '2013-01-01', ratePercent: '-0.13' },
        ]),
      );
      expectProblem(await anonymous(app, admin.ctx).get('/api/base-rates'), 401, 'unauthenticated');
    });
  });

  describe('webhooks', () => {
    it('adds an endpoint with its secret shown once, lists it without, and deactivates it', async () => {
      const created = await admin.post('/api/webhooks', {
        url: 'https://erp.example.test/hooks/mahnwerk',
        events: ['payment.recorded', 'notice.sent'],
      });
      expect(created.statusCode, created.body).toBe(201);
      const hook = created.json();
      expect(hook.secret.length).toBeGreaterThanOrEqual(16);
      expect(hook).toMatchObject({ active: true, events: ['payment.recorded', 'notice.sent'] });
      const listed = await admin.get('/api/webhooks');
      expect(listed.json().map((w: { id: number }) => w.id)).toContain(hook.id);
      expect(listed.body).not.toContain(hook.secret);
      expect(listed.json()[0]).not.toHaveProperty('secret');

      const removed = await admin.delete(`/api/webhooks/${hook.id}`);
      expect(removed.statusCode, removed.body).toBe(200);
      expect(removed.json()).toMatchObject({ id: hook.id, active: false });
      expect(removed.body).not.toContain(hook.secret);
    });

    it('refuses a bad endpoint with the field named, non-admins, no login and another company’s endpoint', async () => {
      const bad = expectProblem(
        await admin.post('/api/webhooks', { url: 'ftp://example.test', events: ['invoice.eaten'] }),
        400,
        'validation',
      );
      expect(paths(bad)).toEqual(expect.arrayContaining(['url', 'events.0']));
      const hook = { url: 'https://example.test/hook' };
      expectProblem(await controller.post('/api/webhooks', hook), 403, 'forbidden');
      expectProblem(await viewer.get('/api/webhooks'), 403, 'forbidden');
      expectProblem(await anonymous(app, admin.ctx).get('/api/webhooks'), 401, 'unauthenticated');
      const theirs = (await strangerAdmin.post('/api/webhooks', hook)).json().id;
      expectProblem(await admin.delete(`/api/webhooks/${theirs}`), 404, 'not-found');
      expectProblem(await controller.delete(`/api/webhooks/${theirs}`), 403, 'forbidden');
    });

    it('refuses plain http, internal hosts and credentials in the URL, naming url and repeating no password', async () => {
      for (const [url, message] of [
        ['http://erp.example.test/hook', /^expected https, got http:/],
        ['https://127.0.0.1/hook', /^host 127\.0\.0\.1 is not a public address/],
        ['https://[::1]/hook', /^host ::1 is not a public address/],
        ['https://169.254.169.254/latest/meta-data', /^host 169\.254\.169\.254 is not a public address/],
        ['https://localhost:8443/hook', /^host localhost is not a public address/],
        ['https://erp:pa55w0rd@erp.example.test/hook', /^must not contain credentials/],
      ] as const) {
        const response = await admin.post('/api/webhooks', { url });
        const problem = expectProblem(response, 400, 'validation');
        expect(problem.errors, url).toEqual([{ path: 'url', message: expect.stringMatching(message) }]);
        expect(response.body).not.toContain('pa55w0rd');
      }
      const listed = (await admin.get('/api/webhooks')).json() as { url: string }[];
      expect(listed.map((w) => w.url).filter((u) => !u.startsWith('https://erp.example.test/'))).toEqual([]);
    });
  });

  describe('policy editor', () => {
    it('checks a document without saving: errors with their field, legal warnings', async () => {
      const [policy] = (await viewer.get('/api/policies')).json();
      const broken = structuredClone(policy.document);
      broken.stages[1].offsetDays = 'soon';
      const bad = await viewer.post('/api/policies/check', broken);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('stages.1.offsetDays');
      const costly = structuredClone(policy.document);
      costly.stages[3].feeCents = 1500;
      const checked = await viewer.post('/api/policies/check', costly);
      expect(checked.statusCode).toBe(200);
      expect(checked.json().warnings).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'stages.3.feeCents' })]),
      );
      expect((await viewer.get('/api/policies')).json()[0].version).toBe(policy.version);
    });

    it('saves a new version for admins only, keeps the old one, and answers the warnings', async () => {
      const [policy] = (await viewer.get('/api/policies')).json();
      const changed = structuredClone(policy.document);
      changed.stages[3].feeCents = 1500;
      expect((await controller.put(`/api/policies/${policy.key}`, changed)).statusCode).toBe(403);
      const saved = await admin.put(`/api/policies/${policy.key}`, changed);
      expect(saved.statusCode).toBe(201);
      expect(saved.json()).toMatchObject({ key: policy.key, version: policy.version + 1 });
      expect(saved.json().warnings.length).toBeGreaterThan(0);
      const versions = (await viewer.get(`/api/policies/${policy.key}/versions`)).json();
      expect(versions.map((v: { version: number }) => v.version).slice(0, 2)).toEqual([
        policy.version + 1,
        policy.version,
      ]);
      expect(versions[1].stages[3].feeCents).toBe(policy.stages[3].feeCents);
      const wrongKey = await admin.put(`/api/policies/${policy.key}`, { ...changed, key: 'other' });
      expect(wrongKey.statusCode).toBe(400);
      expect((await strangerAdmin.put(`/api/policies/${policy.key}-x`, changed)).statusCode).toBe(404);
    });
  });
});
