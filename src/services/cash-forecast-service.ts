/**
 * @module cash-forecast-service
 * The cash expected per ISO week from the open claims, their due dates and each customer's
 * payment behaviour (cash-forecast.ts): claims in active instalment plans by the plan's open
 * instalments, disputed and handed-over claims apart.
 *
 * @example
 * const forecast = await cashForecast(ctx, '2025-06-30', { weeks: 12 });
 * forecast.weeks[0]; // { week: '2025-W27', from: '2025-06-30', to: '2025-07-06', expectedCents: … }
 */
import { z } from 'zod';
import { paidTowardsPlans } from '../db/instalment-plan-repository.ts';
import { activePlanInstalments, forecastClaimsOf } from '../db/risk-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import {
  type CashForecast,
  type ForecastClaim,
  type ForecastInstalment,
  forecastCash,
  MAX_FORECAST_WEEKS,
} from '../domain/cash-forecast.ts';
import { coverInstalments } from '../domain/instalment-plan.ts';
import { paymentExpectationsOf } from './credit-risk-service.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

export const DEFAULT_FORECAST_WEEKS = 12;

export const cashForecastOptionsSchema = z.object({
  weeks: z.number().int().min(1).max(MAX_FORECAST_WEEKS).default(DEFAULT_FORECAST_WEEKS),
});

export interface CashForecastView extends CashForecast {
  /** Customers whose claims or instalments went in. */
  customers: number;
  /** Active instalment plans whose open instalments stand for their claims. */
  plans: number;
}

/** Expected payments from `start` (week 1 runs from it to its Sunday) for `weeks` weeks. */
export async function cashForecast(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  start: CalendarDate,
  raw: z.input<typeof cashForecastOptionsSchema> = {},
): Promise<CashForecastView> {
  const { weeks } = parseInput(cashForecastOptionsSchema, raw, 'cash forecast');
  const [rows, plans] = await Promise.all([
    forecastClaimsOf(ctx.db, ctx.tenantId, start),
    activePlanInstalments(ctx.db, ctx.tenantId),
  ]);
  const paid = await paidTowardsPlans(
    ctx.db,
    ctx.tenantId,
    plans.map((p) => p.planId),
    start,
  );
  // A claim in an active plan is paid by the plan's instalments: those stand for it.
  const claims: ForecastClaim[] = rows
    .filter((r) => !r.inPlan)
    .map((r) => ({
      customerId: r.customerId,
      dueDate: r.dueDate as CalendarDate,
      openCents: r.openCents,
      hold: r.handedOver ? 'handed-over' : r.disputed ? 'disputed' : 'none',
    }));
  const instalments: ForecastInstalment[] = plans.flatMap((plan) =>
    coverInstalments(
      plan.instalments.map((i) => ({ ...i, dueDate: i.dueDate as CalendarDate })),
      paid.get(plan.planId) ?? 0,
    )
      .filter((i) => i.amountCents > i.paidCents)
      .map((i) => ({
        customerId: plan.customerId,
        dueDate: i.dueDate,
        openCents: i.amountCents - i.paidCents,
      })),
  );
  const expected = [
    ...claims.filter((c) => c.hold === 'none').map((c) => c.customerId),
    ...instalments.map((i) => i.customerId),
  ];
  const expectations = await paymentExpectationsOf(ctx, expected, start);
  const forecast = forecastCash({ start, weeks, claims, instalments, expectations });
  return {
    ...forecast,
    customers: new Set([...claims, ...instalments].map((c) => c.customerId)).size,
    plans: plans.length,
  };
}
