/**
 * @module interest-routes
 * The public interest calculator: statutory default interest (§288 BGB) for a principal and a
 * period, with the same JSON as `mahnwerk interest --json`.
 */
import { z } from 'zod';
import { interestToJson } from '../../cli/commands/interest-command.ts';
import { parseCalendarDate } from '../../domain/calendar-date.ts';
import { computeDefaultInterest, DEBTOR_KINDS } from '../../domain/default-interest.ts';
import { parseAmount } from '../../domain/money.ts';
import type { ApiApp } from '../api-deps.ts';

export function interestRoutes(app: ApiApp): void {
  app.get(
    '/api/interest',
    {
      config: { access: 'public' },
      schema: {
        tags: ['tools'],
        summary: 'Statutory default interest (§288 BGB) and the flat fee for a principal and a period',
        security: [],
        querystring: z.object({
          principal: z.string().describe('amount in euros, e.g. 1000.00'),
          from: z.string().describe('first day of default, YYYY-MM-DD'),
          to: z.string().describe('last day, YYYY-MM-DD'),
          debtor: z.enum(DEBTOR_KINDS),
          contractDate: z.string().optional(),
        }),
      },
    },
    async (request) => {
      const q = request.query;
      return interestToJson(
        computeDefaultInterest({
          principal: parseAmount(q.principal, 'EUR', 'principal'),
          from: parseCalendarDate(q.from, 'from'),
          to: parseCalendarDate(q.to, 'to'),
          debtorKind: q.debtor,
          ...(q.contractDate ? { obligationDate: parseCalendarDate(q.contractDate, 'contractDate') } : {}),
        }),
      );
    },
  );
}
