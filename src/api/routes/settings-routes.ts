/**
 * @module settings-routes
 * The company's settings: its profile for letters and invoices, users, API tokens, webhooks (only
 * admins see and change these), and what everyone may read — dunning policies, letter templates
 * (admins change them; a preview renders unsaved wording), the Basiszinssatz table and whether
 * orders and invoices above a customer's credit limit are warned about or refused.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import { latestPolicies, type PolicyRow, policyVersions } from '../../db/tenant-repository.ts';
import { GERMAN_BASE_RATES } from '../../domain/base-rates.ts';
import { isDomainError } from '../../domain/domain-error.ts';
import { validateDunningPolicy } from '../../domain/dunning-policy.ts';
import { formatPercent } from '../../domain/percent.ts';
import { TEMPLATE_PLACEHOLDERS } from '../../documents/letter-templates.ts';
import { AppError } from '../../services/app-error.ts';
import {
  createApiToken,
  createUser,
  deactivateUser,
  listApiTokens,
  listUsers,
  MIN_PASSWORD_LENGTH,
  revokeApiToken,
  ROLES,
} from '../../services/auth-service.ts';
import {
  CREDIT_LIMIT_MODES,
  creditLimitSettingsSchema,
  getCompanyProfile,
  getCreditLimitSettings,
  updateCompanyProfile,
  updateCreditLimitSettings,
} from '../../services/company-service.ts';
import { GERMAN_STATES } from '../../domain/public-holidays.ts';
import {
  getTemplate,
  isKnownTemplate,
  listTemplates,
  previewTemplatePdf,
  saveTemplate,
  type StoredTemplate,
} from '../../services/template-service.ts';
import { addWebhook, listWebhooks, publicWebhook, removeWebhook } from '../../services/webhook-service.ts';
import { WEBHOOK_EVENT_TYPES } from '../../db/event-store.ts';
import { callerOf } from '../access.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { idParams } from '../params.ts';
import { serviceContext } from '../api-deps.ts';
import { sendFile } from '../send-file.ts';
import { checkPolicy, savePolicyVersion } from '../../services/policy-service.ts';

const admin = { access: 'admin' } as const;
const nullableText = (max: number) => z.string().trim().min(1).max(max).nullable();

const companySchema = z.object({
  name: z.string(),
  address: z
    .object({ street: z.string(), postalCode: z.string(), city: z.string(), country: z.string() })
    .nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  vatId: z.string().nullable(),
  taxNumber: z.string().nullable(),
  register: z.string().nullable().describe('e.g. Amtsgericht Berlin-Charlottenburg HRB 123456'),
  managingDirectors: z.string().nullable(),
  state: z.string().describe('federal state of the seat (BE, NW …): holidays and the central dunning court'),
  creditorId: z.string().nullable().describe('SEPA creditor id'),
  bank: z
    .object({ iban: z.string(), bic: z.string().nullable(), bankName: z.string().nullable() })
    .nullable(),
});

/** What a client may send: fields left out stay, null clears one; the service checks the rest. */
const companyUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(140),
    address: z
      .object({
        street: z.string().trim().min(1).max(140),
        postalCode: z.string().trim().min(1).max(20),
        city: z.string().trim().min(1).max(80),
        country: z.string().regex(/^[A-Z]{2}$/, 'expected a country code like DE'),
      })
      .nullable(),
    phone: nullableText(40),
    email: z.email().nullable(),
    website: nullableText(120),
    vatId: z
      .string()
      .regex(/^[A-Z]{2}[A-Z0-9]{2,12}$/, 'expected a VAT id like DE123456789')
      .nullable(),
    taxNumber: nullableText(30),
    register: nullableText(140),
    managingDirectors: nullableText(200),
    state: z.enum(GERMAN_STATES),
    creditorId: nullableText(35),
    bank: z
      .object({
        iban: z.string().min(15).max(42),
        bic: z.string().nullable().default(null),
        bankName: nullableText(80).default(null),
      })
      .nullable(),
  })
  .partial();

const userSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  language: z.enum(['de', 'en']),
  active: z.boolean(),
  createdAt: z.string(),
});

const tokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  role: z.enum(ROLES),
  prefix: z.string().describe('the first characters of the token, to recognise it'),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

const stageSchema = z.record(z.string(), z.unknown());

const policySchema = z.object({
  key: z.string(),
  name: z.string().nullable(),
  version: z.number(),
  defaultFor: z.string().nullable().describe('consumer, business, or null (only by customer assignment)'),
  createdAt: z.string(),
  approval: z.enum(['manual', 'automatic']).nullable(),
  stages: z.array(stageSchema).describe('with defaults filled in; empty when the document does not validate'),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
  document: z.record(z.string(), z.unknown()).describe('as stored'),
});

const languageSchema = z.enum(['de', 'en']);
const templateParams = z.object({
  key: z.string().regex(/^[a-z0-9-]{1,80}$/, 'expected lower-case letters, digits and "-"'),
  language: languageSchema,
});
const templateBody = z.object({ subject: z.string().max(500), body: z.string().max(20_000) });
const templateSchema = z.object({
  key: z.string(),
  language: languageSchema,
  subject: z.string(),
  body: z.string(),
  custom: z.boolean().describe('the company changed the shipped wording'),
});

const webhookSchema = z.object({
  id: z.number(),
  url: z.string(),
  events: z.array(z.string()).describe('empty: every announced event type'),
  active: z.boolean(),
  createdAt: z.string(),
});

function policyJson(row: PolicyRow): z.infer<typeof policySchema> {
  const document = row.document;
  const base = {
    key: row.key,
    name: typeof document.name === 'string' ? document.name : null,
    version: row.version,
    defaultFor: row.defaultFor,
    createdAt: row.createdAt.toISOString(),
    document,
  };
  try {
    const { policy } = validateDunningPolicy(document);
    return { ...base, approval: policy.approval, stages: policy.stages, issues: [] };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const issues = error.issues.length > 0 ? [...error.issues] : [{ path: '', message: error.message }];
    return { ...base, approval: null, stages: [], issues };
  }
}

function templateJson(t: StoredTemplate): z.infer<typeof templateSchema> {
  return { key: t.key, language: t.language, subject: t.subject, body: t.body, custom: t.custom };
}

export function settingsRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/settings/company',
    {
      schema: {
        tags: ['settings'],
        summary: 'The company profile: name, address, ids, register, letterhead and bank account',
        response: { 200: companySchema },
      },
    },
    async (request) => getCompanyProfile(serviceContext(request, deps)),
  );

  app.put(
    '/api/settings/company',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Change the company profile: fields sent replace, fields left out stay, null clears one',
        body: companyUpdateSchema,
        response: { 200: companySchema },
      },
    },
    async (request) => updateCompanyProfile(serviceContext(request, deps), request.body),
  );

  const creditLimitSchema = z.object({
    mode: z
      .enum(CREDIT_LIMIT_MODES)
      .describe(
        'warn: an order or invoice above the limit is made, with a warning and an event; block: refused',
      ),
  });

  app.get(
    '/api/settings/credit-limit',
    {
      schema: {
        tags: ['settings'],
        summary:
          'What happens to an order or invoice above the customer’s credit limit: warn (default) or block',
        response: { 200: creditLimitSchema },
      },
    },
    async (request) => getCreditLimitSettings(serviceContext(request, deps)),
  );

  app.put(
    '/api/settings/credit-limit',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Warn about (warn) or refuse (block) orders and invoices above the customer’s credit limit',
        body: creditLimitSettingsSchema,
        response: { 200: creditLimitSchema },
      },
    },
    async (request) => updateCreditLimitSettings(serviceContext(request, deps), request.body),
  );

  app.get(
    '/api/users',
    {
      config: admin,
      schema: { tags: ['settings'], summary: 'The company’s users', response: { 200: z.array(userSchema) } },
    },
    async (request) => listUsers(serviceContext(request, deps)),
  );

  app.post(
    '/api/users',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Add a user with a first password',
        body: z.object({
          email: z.email().max(200),
          name: z.string().trim().min(1).max(200),
          role: z.enum(ROLES),
          password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
          language: languageSchema.optional(),
        }),
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const user = await createUser(serviceContext(request, deps), request.body);
      return reply.code(201).send(user);
    },
  );

  app.delete(
    '/api/users/:id',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Deactivate a user and end their sessions (not yourself); the user stays in the history',
        params: idParams,
        response: { 200: userSchema },
      },
    },
    async (request) =>
      deactivateUser(serviceContext(request, deps), request.params.id, callerOf(request).user?.id ?? null),
  );

  app.get(
    '/api/tokens',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'API tokens, revoked ones included; never with their secret',
        response: { 200: z.array(tokenSchema) },
      },
    },
    async (request) => listApiTokens(serviceContext(request, deps)),
  );

  app.post(
    '/api/tokens',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Create an API token; the token is in this answer only, never again',
        body: z.object({ name: z.string().trim().min(1).max(100), role: z.enum(ROLES) }),
        response: {
          201: tokenSchema.extend({ token: z.string().describe('send as Authorization: Bearer <token>') }),
        },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(serviceContext(request, deps), request.body);
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Revoke an API token: it stops working at once',
        params: idParams,
        response: { 200: tokenSchema },
      },
    },
    async (request) => revokeApiToken(serviceContext(request, deps), request.params.id),
  );

  app.get(
    '/api/policies',
    {
      schema: {
        tags: ['settings'],
        summary: 'The newest version of each dunning policy, with its stages',
        response: { 200: z.array(policySchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      return (await latestPolicies(ctx.db, ctx.tenantId)).map(policyJson);
    },
  );

  app.get(
    '/api/policies/:key/versions',
    {
      schema: {
        tags: ['settings'],
        summary:
          'Every version of a dunning policy, newest first (a notice names the version it was made with)',
        params: z.object({ key: z.string().max(40) }),
        response: { 200: z.array(policySchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const rows = await policyVersions(ctx.db, ctx.tenantId, request.params.key);
      if (rows.length === 0) throw new AppError('not-found', `policy ${request.params.key} not found`);
      return rows.map(policyJson);
    },
  );

  app.post(
    '/api/policies/check',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['settings'],
        summary:
          'Validate a policy document without saving: every error with its field, then the legal warnings',
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (request) => {
      const { policy, warnings } = checkPolicy(request.body);
      return { policy, warnings };
    },
  );

  app.put(
    '/api/policies/:key',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary:
          'Save a policy document as the next version (older versions stay, notices name theirs); answers the legal warnings',
        params: z.object({ key: z.string().max(40) }),
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const [existing] = await policyVersions(ctx.db, ctx.tenantId, request.params.key);
      if (!existing) throw new AppError('not-found', `policy ${request.params.key} not found`);
      const saved = await savePolicyVersion(ctx, request.params.key, request.body);
      const [row] = await policyVersions(ctx.db, ctx.tenantId, request.params.key);
      return reply.code(201).send({ ...policyJson(row as PolicyRow), warnings: saved.warnings });
    },
  );

  app.get(
    '/api/templates',
    {
      schema: {
        tags: ['settings'],
        summary: 'Letter templates in both languages: the company’s wording or the shipped one',
        response: { 200: z.array(templateSchema) },
      },
    },
    async (request) => (await listTemplates(serviceContext(request, deps))).map(templateJson),
  );

  app.get(
    '/api/templates/placeholders',
    {
      schema: {
        tags: ['settings'],
        summary: 'The placeholders a template may use, e.g. {{deadline}}',
        response: { 200: z.array(z.object({ name: z.string(), description: z.string() })) },
      },
    },
    async () => Object.entries(TEMPLATE_PLACEHOLDERS).map(([name, description]) => ({ name, description })),
  );

  app.get(
    '/api/templates/:key/:language',
    {
      schema: {
        tags: ['settings'],
        summary: 'One letter template',
        params: templateParams,
        response: { 200: templateSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const { key, language } = request.params;
      if (!(await isKnownTemplate(ctx, key, language))) {
        throw new AppError('not-found', `template ${key} (${language}) not found`);
      }
      return templateJson(await getTemplate(ctx, key, language));
    },
  );

  app.put(
    '/api/templates/:key/:language',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Save the company’s wording of a template; an unknown placeholder is refused, naming it',
        params: templateParams,
        body: templateBody,
        response: { 200: templateSchema },
      },
    },
    async (request) => {
      const { key, language } = request.params;
      return templateJson(await saveTemplate(serviceContext(request, deps), key, language, request.body));
    },
  );

  app.post(
    '/api/templates/:key/:language/preview',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'A sample letter (PDF) with this wording, not saved, for a made-up customer',
        params: templateParams,
        body: templateBody,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const { key, language } = request.params;
      const pdf = await previewTemplatePdf(ctx, key, language, request.body, localToday(ctx.now()));
      return sendFile(reply, pdf, 'application/pdf', `${key}-${language}-preview.pdf`, 'inline');
    },
  );

  app.get(
    '/api/base-rates',
    {
      schema: {
        tags: ['settings'],
        summary: 'The Basiszinssatz (§247 BGB): each rate holds from its day until the next row',
        response: { 200: z.array(z.object({ validFrom: z.string(), ratePercent: z.string() })) },
      },
    },
    async () =>
      GERMAN_BASE_RATES.map((r) => ({ validFrom: r.validFrom, ratePercent: formatPercent(r.rate) })),
  );

  app.get(
    '/api/webhooks',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Webhook endpoints, without their secrets',
        response: { 200: z.array(webhookSchema) },
      },
    },
    async (request) => (await listWebhooks(serviceContext(request, deps))).map(publicWebhook),
  );

  app.post(
    '/api/webhooks',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Add a webhook endpoint; the signing secret is in this answer only',
        body: z.object({
          url: z
            .url({ protocol: /^https?$/ })
            .max(2000)
            .describe(
              'https to a public host, without user:password@; plain http and private addresses only when the server sets MAHNWERK_WEBHOOK_ALLOW_PRIVATE=1',
            ),
          events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).max(WEBHOOK_EVENT_TYPES.length).default([]),
          secret: z.string().min(16).max(200).optional().describe('default: a random one'),
        }),
        response: {
          201: webhookSchema.extend({ secret: z.string().describe('key of the HMAC-SHA256 signature') }),
        },
      },
    },
    async (request, reply) => {
      const row = await addWebhook(serviceContext(request, deps), request.body);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...publicWebhook(row), secret: row.secret });
    },
  );

  app.delete(
    '/api/webhooks/:id',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Deactivate a webhook endpoint; deliveries still queued for it are not sent',
        params: idParams,
        response: { 200: webhookSchema },
      },
    },
    async (request) => publicWebhook(await removeWebhook(serviceContext(request, deps), request.params.id)),
  );
}
