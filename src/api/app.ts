/**
 * @module app
 * The HTTP API: fastify with zod schemas (fastify-type-provider-zod), the OpenAPI 3.1 document
 * generated from the routes at /api/openapi.json and browsable at /api/docs, security headers,
 * cookies, rate-limited login, problem+json errors, and the route modules.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { registerAccess } from './access.ts';
import type { ApiDeps } from './api-deps.ts';
import { findNulText } from './nul-text.ts';
import { errorHandler, sendProblem } from './problem.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { customerRoutes } from './routes/customer-routes.ts';
import { dunningRoutes } from './routes/dunning-routes.ts';
import { invoiceRoutes } from './routes/invoice-routes.ts';
import { orderRoutes } from './routes/order-routes.ts';
import { paymentRoutes } from './routes/payment-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { settingsRoutes } from './routes/settings-routes.ts';
import { workRoutes } from './routes/work-routes.ts';
import { interestRoutes } from './routes/interest-routes.ts';
import { planRoutes } from './routes/plan-routes.ts';
import { collectionRoutes } from './routes/collection-routes.ts';
import { sepaRoutes } from './routes/sepa-routes.ts';
import { riskRoutes } from './routes/risk-routes.ts';
import { courtRoutes } from './routes/court-routes.ts';
import { portalRoutes } from './routes/portal-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { gdprRoutes } from './routes/gdpr-routes.ts';

export const API_ROUTE_MODULES = [
  authRoutes,
  interestRoutes,
  customerRoutes,
  invoiceRoutes,
  orderRoutes,
  reportRoutes,
  dunningRoutes,
  paymentRoutes,
  workRoutes,
  settingsRoutes,
  planRoutes,
  collectionRoutes,
  sepaRoutes,
  riskRoutes,
  courtRoutes,
  portalRoutes,
  auditRoutes,
  gdprRoutes,
];

/**
 * What a request log must never show (pino `redact` paths for the fastify logger): credentials in
 * headers, the session cookie being set, passwords and tokens in bodies. Fastify's default request
 * serializer logs no headers or bodies; these guard a serializer or an error log that does.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'req.headers["x-portal-csrf"]',
  'headers["x-portal-csrf"]',
  '*.sessionToken',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.csrfToken',
  '*.secret',
];

export async function registerApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        frameSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // PDFs are previewed in an iframe of the app itself.
    frameguard: { action: 'sameorigin' },
    hsts: false,
  });
  // HSTS only on answers to requests that came over TLS (directly, or through a trusted proxy with
  // MAHNWERK_TRUST_PROXY=1): an installation on plain HTTP in the office network is not pinned.
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
  });
  app.addHook('preValidation', async (request, reply) => {
    const path = findNulText(request.body);
    if (path !== null) {
      const message = 'must not contain the NUL character (U+0000)';
      return sendProblem(reply, 400, 'validation', `${path}: ${message}`, [{ path, message }]);
    }
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mahnwerk API',
        description:
          'Receivables management: customers, invoices, payments, bank statements, dunning runs and notices. ' +
          'Amounts are integer cents; dates are YYYY-MM-DD. Browser sessions use the cookie and send ' +
          '`x-csrf-token` on changes; machines send `Authorization: Bearer mw_…`.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'mahnwerk_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  registerAccess(app, deps.database, deps.now);
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const routes of API_ROUTE_MODULES) routes(api, deps);
}
