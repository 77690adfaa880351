/**
 * @module credit-risk-service
 * Credit risk per customer (credit-risk.ts on facts loaded set-wise), the list of customers with
 * open items by risk, the customers above their credit limit, and the limit check that order
 * capture and invoicing run in their transaction: within the limit nothing happens; above it the
 * company's setting decides — `warn` (default): the order or invoice is made and carries a
 * warning, and `credit-limit.exceeded` goes on the customer's timeline; `block`: it is refused.
 *
 * Exposure = open principal and costs of open invoices + orders not yet invoiced. Invoicing an
 * order is not checked again: its amount was counted as an open order since its capture.
 *
 * @example
 * const risk = await customerRisk(ctx, { number: 'K-1' }, '2025-06-30');
 * risk.score; risk.factors; risk.suggestedLimit.cents;
 */
import { z } from 'zod';
import { findCustomerById, findCustomerByNumber } from '../db/customer-repository.ts';
import type { Db } from '../db/database.ts';
import type { NewEvent } from '../db/event-store.ts';
import {
  behaviourCountsOf,
  type ExposureRow,
  exposureOf,
  invoiceBehaviourOf,
  lockCustomerForCredit,
  NO_BEHAVIOUR_COUNTS,
  type RiskCustomerRow,
  customersWithOpenItems,
} from '../db/risk-repository.ts';
import { addDays, type CalendarDate } from '../domain/calendar-date.ts';
import {
  assessCreditRisk,
  checkCreditLimit,
  type CreditRisk,
  NOTICE_WINDOW_DAYS,
  type PaymentExpectation,
  RISK_BANDS,
  RISK_HISTORY_DAYS,
  type RiskBand,
  type RiskFactorKey,
} from '../domain/credit-risk.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import { AppError } from './app-error.ts';
import { creditLimitModeOf } from './company-service.ts';
import { findTenantById } from '../db/tenant-repository.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

/** Customers assessed per round trip: each concern is one query for the whole batch. */
const BATCH_SIZE = 1000;

export interface Exposure {
  openClaimsCents: number;
  openOrdersCents: number;
  totalCents: number;
  creditLimitCents: number | null;
  /** Exposure in per cent of the limit, one decimal; null without a limit (or a limit of 0). */
  usedPercent: number | null;
  /** How far the exposure is above the limit; 0 within it or without a limit. */
  overLimitCents: number;
}

export interface CustomerRiskView extends CreditRisk {
  asOf: CalendarDate;
  customer: RiskCustomerRow;
  exposure: Exposure;
}

export interface RiskListItem {
  customerId: number;
  customerNumber: string;
  name: string;
  score: number;
  band: RiskBand;
  /** The factors that gave points, largest first (at most three). */
  topFactors: { key: RiskFactorKey; label: string; points: number }[];
  averageDaysLate: number;
  overdueCents: number;
  oldestOverdueDays: number;
  exposureCents: number;
  creditLimitCents: number | null;
  suggestedLimitCents: number | null;
  overLimitCents: number;
}

export interface CreditLimitAlert {
  customerId: number;
  customerNumber: string;
  name: string;
  creditLimitCents: number;
  openClaimsCents: number;
  openOrdersCents: number;
  exposureCents: number;
  overLimitCents: number;
}

export interface RiskList {
  asOf: CalendarDate;
  /** Customers with open items, in all bands (before `band` and `limit`). */
  customers: number;
  bands: Record<RiskBand, number>;
  items: RiskListItem[];
  alerts: CreditLimitAlert[];
}

function exposureFrom(row: ExposureRow | undefined, creditLimitCents: number | null): Exposure {
  const openClaimsCents = row?.openClaimsCents ?? 0;
  const openOrdersCents = row?.openOrdersCents ?? 0;
  const totalCents = openClaimsCents + openOrdersCents;
  return {
    openClaimsCents,
    openOrdersCents,
    totalCents,
    creditLimitCents,
    usedPercent:
      creditLimitCents && creditLimitCents > 0
        ? Math.round((totalCents / creditLimitCents) * 1000) / 10
        : null,
    overLimitCents: creditLimitCents === null ? 0 : Math.max(0, totalCents - creditLimitCents),
  };
}

/** Assesses the customers from facts as of `today`, a batch of customers per set of queries. */
async function assessCustomers(
  db: Db,
  tenantId: number,
  customerIds: readonly number[],
  today: CalendarDate,
): Promise<Map<number, CreditRisk>> {
  const result = new Map<number, CreditRisk>();
  const window = {
    since: addDays(today, -RISK_HISTORY_DAYS),
    noticesSince: addDays(today, -NOTICE_WINDOW_DAYS + 1),
    asOf: today,
  };
  for (let i = 0; i < customerIds.length; i += BATCH_SIZE) {
    const batch = customerIds.slice(i, i + BATCH_SIZE);
    const [invoices, counts] = await Promise.all([
      invoiceBehaviourOf(db, tenantId, batch, today),
      behaviourCountsOf(db, tenantId, batch, window),
    ]);
    const byCustomer = new Map<number, typeof invoices>();
    for (const invoice of invoices) {
      const list = byCustomer.get(invoice.customerId);
      if (list) list.push(invoice);
      else byCustomer.set(invoice.customerId, [invoice]);
    }
    for (const id of batch) {
      result.set(
        id,
        assessCreditRisk({
          today,
          invoices: (byCustomer.get(id) ?? []).map((r) => ({
            issuedOn: r.issuedOn as CalendarDate,
            dueDate: r.dueDate as CalendarDate,
            amountCents: r.grossCents,
            settledOn: r.settledOn as CalendarDate | null,
            openCents: r.openCents,
          })),
          ...(counts.get(id) ?? NO_BEHAVIOUR_COUNTS),
        }),
      );
    }
  }
  return result;
}

/** What the cash forecast may expect of each customer: usual days late and payment probability. */
export async function paymentExpectationsOf(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  customerIds: readonly number[],
  today: CalendarDate,
): Promise<Map<number, PaymentExpectation>> {
  const risks = await assessCustomers(ctx.db, ctx.tenantId, [...new Set(customerIds)], today);
  return new Map([...risks].map(([id, risk]) => [id, risk.expectation]));
}

/** One customer's risk, by id (API) or number (CLI), with its exposure against the limit. */
export async function customerRisk(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  ref: { id: number } | { number: string },
  today: CalendarDate,
): Promise<CustomerRiskView> {
  const row =
    'id' in ref
      ? await findCustomerById(ctx.db, ctx.tenantId, ref.id)
      : await findCustomerByNumber(ctx.db, ctx.tenantId, ref.number);
  if (!row) {
    const [path, value] = 'id' in ref ? ['id', ref.id] : ['customerNumber', ref.number];
    throw new AppError('not-found', `customer ${value} not found`, {
      issues: [{ path, message: 'no such customer' }],
    });
  }
  const customer: RiskCustomerRow = {
    id: row.id,
    number: row.number,
    name: row.name,
    creditLimitCents: row.creditLimitCents,
  };
  const [risks, [exposure]] = await Promise.all([
    assessCustomers(ctx.db, ctx.tenantId, [row.id], today),
    exposureOf(ctx.db, ctx.tenantId, { customerIds: [row.id] }),
  ]);
  return {
    asOf: today,
    customer,
    ...(risks.get(row.id) as CreditRisk),
    exposure: exposureFrom(exposure, customer.creditLimitCents),
  };
}

export const riskListOptionsSchema = z.object({
  limit: z.number().int().min(1).max(1000).default(100),
  band: z.enum(RISK_BANDS).optional(),
});

/**
 * Every customer with open items, riskiest first (then most overdue, then by number), and the
 * customers above their credit limit. `band` keeps one band, `limit` the first so many.
 */
export async function riskList(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
  today: CalendarDate,
  raw: z.input<typeof riskListOptionsSchema> = {},
): Promise<RiskList> {
  const options = parseInput(riskListOptionsSchema, raw, 'risk list');
  const customers = await customersWithOpenItems(ctx.db, ctx.tenantId);
  const ids = customers.map((c) => c.id);
  const [risks, alerts] = await Promise.all([
    assessCustomers(ctx.db, ctx.tenantId, ids, today),
    creditLimitAlerts(ctx),
  ]);
  const exposures = new Map<number, ExposureRow>();
  for (let i = 0; i < ids.length; i += BATCH_SIZE) {
    for (const row of await exposureOf(ctx.db, ctx.tenantId, { customerIds: ids.slice(i, i + BATCH_SIZE) })) {
      exposures.set(row.id, row);
    }
  }
  const bands = Object.fromEntries(RISK_BANDS.map((b) => [b, 0])) as Record<RiskBand, number>;
  const items: RiskListItem[] = customers.map((customer) => {
    const risk = risks.get(customer.id) as CreditRisk;
    const exposure = exposureFrom(exposures.get(customer.id), customer.creditLimitCents);
    bands[risk.band] += 1;
    return {
      customerId: customer.id,
      customerNumber: customer.number,
      name: customer.name,
      score: risk.score,
      band: risk.band,
      topFactors: risk.factors
        .filter((f) => f.points > 0)
        .sort((a, b) => b.points - a.points)
        .slice(0, 3)
        .map(({ key, label, points }) => ({ key, label, points })),
      averageDaysLate: risk.behaviour.averageDaysLate,
      overdueCents: risk.behaviour.overdueCents,
      oldestOverdueDays: risk.behaviour.oldestOverdueDays,
      exposureCents: exposure.totalCents,
      creditLimitCents: customer.creditLimitCents,
      suggestedLimitCents: risk.suggestedLimit.cents,
      overLimitCents: exposure.overLimitCents,
    };
  });
  items.sort(
    (a, b) =>
      b.score - a.score ||
      b.overdueCents - a.overdueCents ||
      (a.customerNumber < b.customerNumber ? -1 : a.customerNumber > b.customerNumber ? 1 : 0),
  );
  return {
    asOf: today,
    customers: items.length,
    bands,
    items: items.filter((i) => !options.band || i.band === options.band).slice(0, options.limit),
    alerts,
  };
}

/** Customers whose open claims and open orders exceed their credit limit, most over first. */
export async function creditLimitAlerts(
  ctx: Pick<ServiceContext, 'db' | 'tenantId'>,
): Promise<CreditLimitAlert[]> {
  const rows = await exposureOf(ctx.db, ctx.tenantId, { overLimit: true });
  return rows
    .map((row) => {
      const exposureCents = row.openClaimsCents + row.openOrdersCents;
      const limit = row.creditLimitCents as number;
      return {
        customerId: row.id,
        customerNumber: row.number,
        name: row.name,
        creditLimitCents: limit,
        openClaimsCents: row.openClaimsCents,
        openOrdersCents: row.openOrdersCents,
        exposureCents,
        overLimitCents: exposureCents - limit,
      };
    })
    .sort((a, b) => b.overLimitCents - a.overLimitCents || a.customerId - b.customerId);
}

// ---------------------------------------------------------------------------------------------
// The limit check of order capture and invoicing

export interface CreditLimitWarning {
  customerNumber: string;
  limitCents: number;
  /** Open claims and open orders before this order or invoice. */
  exposureCents: number;
  amountCents: number;
  exposureAfterCents: number;
  exceededByCents: number;
  message: string;
}

const eur = (cents: number) => formatMoney(Money.of(cents), 'en');

/**
 * Checks a new order or invoice of `amountCents` against the customer's credit limit, in the
 * caller's transaction (the customer's row is locked, so two orders at once are checked one after
 * the other). Null within the limit or without one. Above it: in `block` mode an AppError
 * `conflict` naming `customer.creditLimitCents` and the figures; in `warn` mode the warning and
 * the `credit-limit.exceeded` event for the caller to append with its own.
 */
export async function checkCreditLimitInTransaction(
  tx: Db,
  ctx: ServiceContext,
  customer: { id: number; number: string; creditLimitCents: number | null },
  amountCents: number,
  subject: { kind: 'order' | 'invoice'; number: string },
): Promise<{ warning: CreditLimitWarning; event: NewEvent } | null> {
  if (customer.creditLimitCents === null) return null;
  await lockCustomerForCredit(tx, ctx.tenantId, customer.id);
  const [row] = await exposureOf(tx, ctx.tenantId, { customerIds: [customer.id] });
  const check = checkCreditLimit({
    limitCents: customer.creditLimitCents,
    exposureCents: (row?.openClaimsCents ?? 0) + (row?.openOrdersCents ?? 0),
    amountCents,
  });
  if (!check.exceeded) return null;
  const message =
    `${subject.kind} ${subject.number} of ${eur(amountCents)} takes customer ${customer.number}'s exposure ` +
    `(open invoices and orders) from ${eur(check.exposureCents)} to ${eur(check.exposureAfterCents)}, ` +
    `above the credit limit of ${eur(check.limitCents)} by ${eur(check.exceededByCents)}`;
  const tenant = await findTenantById(tx, ctx.tenantId);
  if (creditLimitModeOf(tenant?.settings ?? {}) === 'block') {
    throw new AppError(
      'conflict',
      `credit limit: ${message}; the company refuses orders and invoices above the limit ` +
        '(raise the limit, or set the mode to warn: mahnwerk risk settings --limit-mode warn)',
      { issues: [{ path: 'customer.creditLimitCents', message }] },
    );
  }
  const warning: CreditLimitWarning = {
    customerNumber: customer.number,
    limitCents: check.limitCents,
    exposureCents: check.exposureCents,
    amountCents,
    exposureAfterCents: check.exposureAfterCents,
    exceededByCents: check.exceededByCents,
    message,
  };
  return {
    warning,
    event: {
      type: 'credit-limit.exceeded',
      entityType: 'customer',
      entityId: customer.id,
      customerId: customer.id,
      payload: {
        subject: subject.kind,
        number: subject.number,
        limitCents: check.limitCents,
        exposureCents: check.exposureCents,
        amountCents,
        exposureAfterCents: check.exposureAfterCents,
        exceededByCents: check.exceededByCents,
      },
    },
  };
}
