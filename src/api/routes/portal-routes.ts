/**
 * @module portal-routes
 * The customer self-service portal's API under /portal-api, apart from the company's /api: its own
 * authentication (a portal session — one customer of one company, nothing else; no company session
 * or API token counts here, and a portal session counts nowhere under /api), rate limits per client
 * address, and CSRF protection (the session cookie is HttpOnly, SameSite=Strict and sent only to
 * /portal-api; a change made with it also needs `x-portal-csrf`). The link's token travels only in
 * the body of POST /portal-api/session, never in a path or query, so no request log holds it.
 *
 * Also the company's side, under /api with the usual roles: a customer's portal links (create,
 * list, revoke), the portal settings, and proposed instalment plans (list, approve, reject).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { portalContextOf } from '../../services/portal-context.ts';
import {
  authenticatePortalSession,
  createPortalLink,
  endPortalSession,
  listPortalLinks,
  openPortalLink,
  type PortalCaller,
  revokePortalLinks,
  samePortalCsrfToken,
} from '../../services/portal-link-service.ts';
import {
  approvePlanProposal,
  approveProposalSchema,
  listPlanProposals,
  planProposalSchema,
  proposeInstalmentPlan,
  rejectPlanProposal,
  rejectProposalSchema,
} from '../../services/portal-plan-service.ts';
import {
  billingEmailSchema,
  disputeInvoice,
  MAX_ATTACHMENT_BYTES,
  PORTAL_DISPUTE_REASONS,
  portalDisputeSchema,
  portalInvoicePdf,
  portalNoticePdf,
  portalOverview,
  portalPromiseSchema,
  promiseToPay,
  reportPaidAlready,
  reportPaidSchema,
  updateBillingEmail,
} from '../../services/portal-service.ts';
import {
  getPortalSettings,
  portalSettingsPatchSchema,
  portalSettingsSchema,
  updatePortalSettings,
} from '../../services/portal-settings-service.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { serviceContext } from '../api-deps.ts';
import { idParams, rowId } from '../params.ts';
import { sendProblem } from '../problem.ts';
import { sendFile } from '../send-file.ts';
import { customerOr404 } from './customer-routes.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `public`: a portal route that needs no portal session (only the session exchange). */
    portal?: 'public';
  }
  interface FastifyRequest {
    /** The customer of the portal session, on /portal-api routes. */
    portalCaller: PortalCaller | null;
  }
}

export const PORTAL_COOKIE = 'mahnwerk_portal';
export const PORTAL_API = '/portal-api';
/** The header a change made with the portal cookie must carry. */
export const PORTAL_CSRF_HEADER = 'x-portal-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const byAddress = (request: FastifyRequest) => request.ip;
/** Per client address: the session exchange (token and code guessing), reads, and changes. */
const LIMITS = {
  session: { max: 20, timeWindow: '15 minutes', keyGenerator: byAddress },
  read: { max: 120, timeWindow: '1 minute', keyGenerator: byAddress },
  change: { max: 20, timeWindow: '10 minutes', keyGenerator: byAddress },
};

function overTls(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

function portalCallerOf(request: FastifyRequest): PortalCaller {
  if (!request.portalCaller) throw new Error(`route ${request.routeOptions.url} has no portal caller`);
  return request.portalCaller;
}

const day = z.iso.date();
const problemNote =
  'Errors are problem+json. A refused token or code is 401 with `errors[0].path` `token` or `code` and ' +
  '`errors[0].message` one of unknown, expired, revoked, wrong, too-many-attempts, no-code.';

const sessionBody = z.object({
  token: z.string().min(1).max(200).describe('the token from the link’s fragment (after #)'),
  code: z
    .string()
    .regex(/^\d{6}$/, 'six digits')
    .optional()
    .describe('the one-time code from the e-mail, when the link asks for one'),
  mode: z
    .enum(['cookie', 'bearer'])
    .default('cookie')
    .describe('cookie (browsers): an HttpOnly cookie; bearer: the session secret in the answer'),
});

const sessionAnswer = z.union([
  z.object({
    status: z.literal('session'),
    expiresAt: z.string().describe('ISO instant; open the link again afterwards'),
    csrfToken: z.string().describe(`send in ${PORTAL_CSRF_HEADER} with every change made with the cookie`),
    sessionToken: z.string().optional().describe('only with mode bearer: send as `Authorization: Bearer …`'),
  }),
  z.object({
    status: z.literal('code-required'),
    sentTo: z.string().describe('the masked address the code went to; send it back as `code`'),
  }),
]);

const overviewSchema = z.object({
  asOf: day,
  company: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
  customer: z.object({
    number: z.string(),
    name: z.string(),
    language: z.enum(['de', 'en']).describe('the language to show the portal in'),
    email: z.string().nullable().describe('the billing e-mail address'),
  }),
  invoices: z
    .array(
      z.object({
        id: z.number(),
        number: z.string(),
        issuedOn: day,
        dueDate: day,
        currency: z.string(),
        grossCents: z.number(),
        openCents: z.number().describe('owed today: principal, costs and default interest'),
        overdue: z.boolean(),
        disputed: z.boolean(),
        inInstalmentPlan: z.boolean(),
        reportedPaid: z.boolean().describe('reported paid; we are looking for the payment'),
        promisedBy: day.nullable(),
      }),
    )
    .describe('open invoices, oldest due first'),
  amountDue: z.object({
    totalCents: z.number().describe('open invoices not disputed, not in a plan and not reported paid'),
    currency: z.literal('EUR'),
    invoiceNumbers: z.array(z.string()),
    reference: z.string().nullable().describe('RF creditor reference (one invoice)'),
    text: z.string().nullable().describe('the transfer text when there is no RF reference'),
    bank: z
      .object({
        accountHolder: z.string(),
        iban: z.string(),
        bic: z.string().nullable(),
        bankName: z.string().nullable(),
      })
      .nullable(),
    epcQr: z
      .object({
        payload: z.string().describe('the EPC069-12 payload'),
        pngDataUrl: z.string().describe('the GiroCode as data:image/png;base64,…'),
      })
      .nullable(),
  }),
  documents: z.array(
    z.object({
      kind: z.enum(['invoice', 'notice']),
      id: z.number(),
      title: z.string(),
      date: day,
      href: z.string().describe('GET it with the portal session: the PDF'),
    }),
  ),
  payments: z.array(
    z.object({
      id: z.number(),
      receivedOn: day,
      amountCents: z.number(),
      currency: z.string(),
      reversed: z.boolean(),
    }),
  ),
  disputes: z.array(
    z.object({
      id: z.number(),
      invoiceNumber: z.string(),
      openedOn: day,
      reason: z.string(),
      resolvedOn: day.nullable(),
      resolution: z.string().nullable(),
      attachments: z.array(z.object({ fileName: z.string(), mimeType: z.string(), sizeBytes: z.number() })),
    }),
  ),
  promises: z.array(
    z.object({ invoiceNumber: z.string(), madeOn: day, payBy: day, amountCents: z.number() }),
  ),
  reportedPayments: z.array(
    z.object({
      invoiceNumber: z.string(),
      paidOn: day,
      amountCents: z.number(),
      reportedOn: day,
      status: z.enum(['open', 'found', 'not-found']),
    }),
  ),
  plans: z.array(
    z.object({
      id: z.number(),
      agreedOn: day,
      totalCents: z.number(),
      openCents: z.number(),
      next: z.object({ dueDate: day, openCents: z.number() }).nullable(),
    }),
  ),
  planProposals: z.array(
    z.object({ id: z.number(), proposedOn: day, months: z.number(), totalCents: z.number() }),
  ),
  declinedProposals: z.array(
    z.object({ proposedOn: day, months: z.number(), totalCents: z.number(), declinedOn: day }),
  ),
  limits: z.object({
    promiseMaxDays: z.number(),
    maxMonths: z.number(),
    minInstalmentCents: z.number(),
    autoAccept: z.boolean(),
  }),
});

const planSummarySchema = z.object({
  id: z.number(),
  status: z.string(),
  agreedOn: day,
  totalCents: z.number(),
  instalments: z.array(z.object({ number: z.number(), dueDate: day, amountCents: z.number() })),
});

const proposalSchema = z.object({
  id: z.number(),
  customerId: z.number(),
  proposedOn: day,
  months: z.number(),
  firstDueDate: day,
  invoiceNumbers: z.array(z.string()),
  totalCents: z.number().describe('what the invoices came to on the day of the proposal'),
  instalmentCents: z.number(),
  reasons: z.array(z.string()).describe('why it was not agreed at once (outside the limits)'),
  note: z.string().nullable(),
});

function planSummary(plan: {
  id: number;
  status: string;
  agreedOn: string;
  totalCents: number;
  instalments: { number: number; dueDate: string; amountCents: number }[];
}): z.infer<typeof planSummarySchema> {
  return {
    id: plan.id,
    status: plan.status,
    agreedOn: plan.agreedOn,
    totalCents: plan.totalCents,
    instalments: plan.instalments.map((i) => ({
      number: i.number,
      dueDate: i.dueDate,
      amountCents: i.amountCents,
    })),
  };
}

const portalLinkSchema = z.object({
  id: z.number(),
  customerId: z.number(),
  status: z.enum(['active', 'expired', 'revoked']),
  codeRequired: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

/** The portal's own check: a portal session, and the CSRF header on a change made with the cookie. */
function portalAccess(deps: ApiDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.config.portal === 'public') return;
    const authorization = request.headers.authorization;
    const cookie = request.cookies[PORTAL_COOKIE];
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    const token = bearer ?? cookie;
    const caller = token ? await authenticatePortalSession(deps.database.db, token, deps.now()) : null;
    if (!caller) {
      return sendProblem(reply, 401, 'unauthenticated', 'no portal session: open your personal link again');
    }
    if (bearer === undefined && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[PORTAL_CSRF_HEADER];
      if (typeof sent !== 'string' || !samePortalCsrfToken(token as string, sent)) {
        return sendProblem(
          reply,
          403,
          'csrf',
          `${PORTAL_CSRF_HEADER} header missing or wrong; reload the page`,
        );
      }
    }
    request.portalCaller = caller;
  };
}

/** The routes of the portal (under /portal-api) and the company's routes about it (under /api). */
export function portalRoutes(app: ApiApp, deps: ApiDeps): void {
  companyPortalRoutes(app, deps);
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.decorateRequest('portalCaller', null);
    scope.addHook('onRequest', portalAccess(deps));
    // A customer's data is kept by no cache on the way (shared computers, proxies).
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    });
    customerPortalRoutes(scope, deps);
  });
}

function customerPortalRoutes(app: ApiApp, deps: ApiDeps): void {
  const ctxOf = (request: FastifyRequest) =>
    portalContextOf(deps.database, portalCallerOf(request), deps.now);
  const tags = ['portal'];
  const security: { [key: string]: string[] }[] = [];

  app.post(
    `${PORTAL_API}/session`,
    {
      config: { portal: 'public', rateLimit: LIMITS.session },
      schema: {
        tags,
        security,
        summary:
          'Open the portal with the token of a personal link (and its one-time code, if it asks for one)',
        description:
          'The page reads the token from the link’s fragment and posts it here. A link that asks for a code ' +
          'answers `code-required` and e-mails a six-digit code (at most once a minute, valid 10 minutes, ' +
          `5 tries); post the token again with \`code\`. Sets the session cookie \`${PORTAL_COOKIE}\` ` +
          `(HttpOnly, SameSite=Strict, path ${PORTAL_API}), or with mode bearer returns the session secret. ` +
          problemNote,
        body: sessionBody,
        response: { 200: sessionAnswer },
      },
    },
    async (request, reply) => {
      const { token, code, mode } = request.body;
      const opened = await openPortalLink(deps.database.db, { token, code }, deps.now());
      if (opened.kind === 'code-required') return { status: 'code-required' as const, sentTo: opened.sentTo };
      const { session } = opened;
      if (mode === 'cookie') {
        reply.setCookie(PORTAL_COOKIE, session.token, {
          path: PORTAL_API,
          httpOnly: true,
          sameSite: 'strict',
          secure: overTls(request),
          maxAge: Math.max(1, Math.floor((session.expiresAt.getTime() - deps.now().getTime()) / 1000)),
        });
      }
      return {
        status: 'session' as const,
        expiresAt: session.expiresAt.toISOString(),
        csrfToken: session.csrfToken,
        ...(mode === 'bearer' ? { sessionToken: session.token } : {}),
      };
    },
  );

  app.delete(
    `${PORTAL_API}/session`,
    {
      config: { rateLimit: LIMITS.change },
      schema: { tags, security, summary: 'Leave the portal: the session ends' },
    },
    async (request, reply) => {
      const authorization = request.headers.authorization;
      const token = authorization?.startsWith('Bearer ')
        ? authorization.slice(7).trim()
        : request.cookies[PORTAL_COOKIE];
      if (token) await endPortalSession(deps.database.db, token, deps.now());
      reply.clearCookie(PORTAL_COOKIE, { path: PORTAL_API });
      return reply.code(204).send();
    },
  );

  app.get(
    `${PORTAL_API}/overview`,
    {
      config: { rateLimit: LIMITS.read },
      schema: {
        tags,
        security,
        summary:
          'Everything the portal page shows: open invoices, the amount due with payment reference and GiroCode, ' +
          'letters, payments, disputes, promises, plans, and the limits for promises and plans',
        response: { 200: overviewSchema },
      },
    },
    async (request) => portalOverview(ctxOf(request)),
  );

  app.get(
    `${PORTAL_API}/invoices/:id/pdf`,
    {
      config: { rateLimit: LIMITS.read },
      schema: {
        tags,
        security,
        summary: 'One of the customer’s invoices as PDF (another customer’s: 404)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const { fileName, pdf } = await portalInvoicePdf(ctxOf(request), request.params.id);
      return sendFile(reply, pdf, 'application/pdf', fileName, 'inline');
    },
  );

  app.get(
    `${PORTAL_API}/notices/:id/pdf`,
    {
      config: { rateLimit: LIMITS.read },
      schema: {
        tags,
        security,
        summary: 'A letter (reminder, notice) the customer was sent, as PDF (another’s or a draft: 404)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const { fileName, pdf } = await portalNoticePdf(ctxOf(request), request.params.id);
      return sendFile(reply, pdf, 'application/pdf', fileName, 'inline');
    },
  );

  app.post(
    `${PORTAL_API}/paid-already`,
    {
      config: { rateLimit: LIMITS.change },
      schema: {
        tags,
        security,
        summary:
          '"Paid already": dunning of the invoice pauses (portal.reportedPaymentHoldDays) while we look for the money',
        body: reportPaidSchema,
        response: {
          201: z.object({ reportedPaymentId: z.number(), invoiceNumber: z.string(), holdUntil: day }),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await reportPaidAlready(ctxOf(request), request.body)),
  );

  app.post(
    `${PORTAL_API}/disputes`,
    {
      bodyLimit: Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 64 * 1024,
      config: { rateLimit: LIMITS.change },
      schema: {
        tags,
        security,
        summary:
          'Dispute an invoice (reason, text, optionally one PDF, PNG or JPEG of at most 5 MB as base64): ' +
          'dunning of it stops until we answer',
        description: `Reasons: ${PORTAL_DISPUTE_REASONS.join(', ')}. The file type is told by its content.`,
        body: portalDisputeSchema,
        response: {
          201: z.object({
            disputeId: z.number(),
            invoiceNumber: z.string(),
            attachment: z
              .object({ fileName: z.string(), mimeType: z.string(), sizeBytes: z.number() })
              .nullable(),
          }),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await disputeInvoice(ctxOf(request), request.body)),
  );

  app.post(
    `${PORTAL_API}/promises`,
    {
      config: { rateLimit: LIMITS.change },
      schema: {
        tags,
        security,
        summary:
          'Promise to pay invoices by a day (at most limits.promiseMaxDays ahead): dunning waits until then',
        body: portalPromiseSchema,
        response: {
          201: z.object({ payBy: day, amountCents: z.number(), invoiceNumbers: z.array(z.string()) }),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await promiseToPay(ctxOf(request), request.body)),
  );

  app.post(
    `${PORTAL_API}/plan-proposals`,
    {
      config: { rateLimit: LIMITS.change },
      schema: {
        tags,
        security,
        summary:
          'Propose monthly instalments: within the company’s limits agreed at once (accepted), else sent for approval',
        body: planProposalSchema,
        response: {
          201: z.union([
            z.object({ outcome: z.literal('accepted'), plan: planSummarySchema }),
            z.object({ outcome: z.literal('awaiting-approval'), proposal: proposalSchema }),
          ]),
        },
      },
    },
    async (request, reply) => {
      const result = await proposeInstalmentPlan(ctxOf(request), request.body);
      return reply
        .code(201)
        .send(
          result.outcome === 'accepted'
            ? { outcome: 'accepted' as const, plan: planSummary(result.plan) }
            : result,
        );
    },
  );

  app.put(
    `${PORTAL_API}/billing-email`,
    {
      config: { rateLimit: LIMITS.change },
      schema: {
        tags,
        security,
        summary: 'Change the e-mail address invoices and reminders go to',
        body: billingEmailSchema,
        response: { 200: z.object({ email: z.string() }) },
      },
    },
    async (request) => updateBillingEmail(ctxOf(request), request.body),
  );
}

function companyPortalRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/customers/:id/portal-links',
    {
      schema: {
        tags: ['portal'],
        summary: 'The customer’s portal links (never their tokens)',
        params: idParams,
        response: { 200: z.array(portalLinkSchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      return listPortalLinks(ctx, customer.id);
    },
  );

  app.post(
    '/api/customers/:id/portal-links',
    {
      schema: {
        tags: ['portal'],
        summary: 'A new personal portal link for the customer; the link (with its token) is shown only now',
        params: idParams,
        body: z.object({
          validDays: z.number().int().min(1).max(365).optional().describe('default: portal.linkValidityDays'),
          codeRequired: z.boolean().optional().describe('default: portal.requireCode'),
        }),
        response: {
          201: z.object({ link: portalLinkSchema, url: z.string().describe('<public url>/portal#<token>') }),
        },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const created = await createPortalLink(ctx, {
        customerId: customer.id,
        ...(request.body.validDays !== undefined ? { validDays: request.body.validDays } : {}),
        ...(request.body.codeRequired !== undefined ? { codeRequired: request.body.codeRequired } : {}),
      });
      return reply.code(201).send({ link: created.link, url: created.url });
    },
  );

  app.post(
    '/api/customers/:id/portal-links/revoke',
    {
      schema: {
        tags: ['portal'],
        summary: 'Revoke one portal link of the customer (linkId) or all of them; their sessions end at once',
        params: idParams,
        body: z.object({ linkId: rowId.optional().describe('default: every live link') }),
        response: { 200: z.object({ revoked: z.number() }) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      return { revoked: await revokePortalLinks(ctx, customer.id, request.body.linkId ?? null) };
    },
  );

  app.get(
    '/api/settings/portal',
    {
      schema: {
        tags: ['settings'],
        summary: 'The customer portal’s settings: links, holds, limits for promises and plans, notifications',
        response: { 200: portalSettingsSchema },
      },
    },
    async (request) => getPortalSettings(serviceContext(request, deps)),
  );

  app.put(
    '/api/settings/portal',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Change the portal settings given; the others stay',
        body: portalSettingsPatchSchema,
        response: { 200: portalSettingsSchema },
      },
    },
    async (request) => updatePortalSettings(serviceContext(request, deps), request.body),
  );

  app.get(
    '/api/plan-proposals',
    {
      schema: {
        tags: ['plans'],
        summary: 'Instalment plans customers proposed in the portal that wait for a decision, oldest first',
        querystring: z.object({ customerId: rowId.optional() }),
        response: { 200: z.array(proposalSchema) },
      },
    },
    async (request) =>
      listPlanProposals(
        serviceContext(request, deps),
        request.query.customerId !== undefined ? { customerId: request.query.customerId } : {},
      ),
  );

  app.post(
    '/api/plans/:id/approve',
    {
      schema: {
        tags: ['plans'],
        summary: 'Approve a proposed plan: agreed as of today for what the invoices come to today',
        params: idParams,
        body: approveProposalSchema,
        response: { 201: planSummarySchema },
      },
    },
    async (request, reply) => {
      const plan = await approvePlanProposal(serviceContext(request, deps), request.params.id, request.body);
      return reply.code(201).send(planSummary(plan));
    },
  );

  app.post(
    '/api/plans/:id/reject',
    {
      schema: {
        tags: ['plans'],
        summary: 'Reject a proposed plan; dunning goes on as before',
        params: idParams,
        body: rejectProposalSchema,
      },
    },
    async (request, reply) => {
      await rejectPlanProposal(serviceContext(request, deps), request.params.id, request.body);
      return reply.code(204).send();
    },
  );
}
