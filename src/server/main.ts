/**
 * @module main
 * The server process started by `npm start`. For now it serves the health check and the
 * interest calculator; persistence, the scheduler, the API and the web app arrive with their
 * issues and are mounted here.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseCalendarDate } from '../domain/calendar-date.ts';
import { computeDefaultInterest, DEBTOR_KINDS } from '../domain/default-interest.ts';
import { isDomainError } from '../domain/domain-error.ts';
import { parseAmount } from '../domain/money.ts';
import { interestToJson } from '../cli/commands/interest-command.ts';

const interestQuery = z.object({
  principal: z.string(),
  from: z.string(),
  to: z.string(),
  debtor: z.enum(DEBTOR_KINDS),
  contractDate: z.string().optional(),
});

export function buildServer(): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok', service: 'mahnwerk' }));
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
  const app = buildServer();
  await app.listen({ port, host });
  process.stdout.write(
    `Mahnwerk is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/health\n`,
  );
  return app;
}
