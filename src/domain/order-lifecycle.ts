/**
 * @module order-lifecycle
 * The life of an order as data: received → confirmed → in progress → partly delivered → delivered
 * → invoiced → paid, or cancelled before anything was delivered. Which step may follow which is a
 * table (`ORDER_TRANSITIONS`), so the services, the API and the web app ask one place what may come
 * next. Deliveries are counted per order line: the sum of what was delivered against what was
 * ordered decides between partly delivered and delivered, and a delivery above the ordered quantity
 * is refused with the line it concerns. An order is paid when every invoice made for it is paid.
 *
 * @example
 * nextOrderStatus('confirmed', 'in-progress'); // 'in-progress'
 * const d = planDelivery(ordered, delivered, 'all'); // { lines: [...], isComplete: true }
 */
import { DomainError, type DomainErrorIssue } from './domain-error.ts';

/** The same states as the `orders.status` column, in their usual order. */
export const ORDER_LIFECYCLE = [
  'received',
  'confirmed',
  'in-progress',
  'partly-delivered',
  'delivered',
  'invoiced',
  'paid',
  'cancelled',
] as const;
export type OrderLifecycleStatus = (typeof ORDER_LIFECYCLE)[number];

/**
 * What may follow each state. A further partial delivery keeps an order partly delivered (no
 * change of state); once anything was delivered, the order can no longer be cancelled — what was
 * delivered is owed and is invoiced.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderLifecycleStatus, readonly OrderLifecycleStatus[]>> = {
  received: ['confirmed', 'cancelled'],
  confirmed: ['in-progress', 'partly-delivered', 'delivered', 'cancelled'],
  'in-progress': ['partly-delivered', 'delivered', 'cancelled'],
  'partly-delivered': ['delivered'],
  delivered: ['invoiced'],
  invoiced: ['paid'],
  paid: [],
  cancelled: [],
};

/** The states a person moves an order into by hand; the others follow from deliveries and invoices. */
export const MANUAL_ORDER_STATUSES: readonly OrderLifecycleStatus[] = [
  'confirmed',
  'in-progress',
  'cancelled',
];

export function canMoveOrder(from: OrderLifecycleStatus, to: OrderLifecycleStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/**
 * The new state if the order may move from `from` to `to`; otherwise a DomainError naming what may
 * follow (path `status`).
 */
export function nextOrderStatus(from: OrderLifecycleStatus, to: OrderLifecycleStatus): OrderLifecycleStatus {
  if (canMoveOrder(from, to)) return to;
  const allowed = ORDER_TRANSITIONS[from];
  throw new DomainError(
    'invalid-argument',
    `an order that is ${from} cannot become ${to}; ` +
      (allowed.length === 0 ? 'it is final' : `it can become ${allowed.join(' or ')}`),
    { path: 'status' },
  );
}

/** A quantity of one order line, in thousandths (1.5 pieces = 1500). */
export interface LineQuantity {
  position: number;
  quantityMilli: number;
}

export interface PlannedDelivery {
  /** What this delivery brings, per line, in the order of the order's lines. */
  lines: LineQuantity[];
  /** Everything ordered has been delivered with this delivery. */
  isComplete: boolean;
  /** What is still to deliver after it, per line (lines with nothing left are left out). */
  remaining: LineQuantity[];
}

/** What is still to deliver per line: ordered less all earlier deliveries. */
export function remainingQuantities(
  ordered: readonly LineQuantity[],
  delivered: readonly LineQuantity[],
): LineQuantity[] {
  const done = new Map<number, number>();
  for (const d of delivered) done.set(d.position, (done.get(d.position) ?? 0) + d.quantityMilli);
  return ordered
    .map((line) => ({
      position: line.position,
      quantityMilli: line.quantityMilli - (done.get(line.position) ?? 0),
    }))
    .filter((line) => line.quantityMilli > 0);
}

/**
 * Checks one delivery against the order: `'all'` delivers whatever is left; explicit lines must
 * name ordered positions once each, with a quantity above zero that, with the earlier deliveries,
 * stays within the ordered quantity. Every problem is reported with its line (`lines.1.quantity`).
 */
export function planDelivery(
  ordered: readonly LineQuantity[],
  delivered: readonly LineQuantity[],
  delivery: readonly LineQuantity[] | 'all',
): PlannedDelivery {
  const remaining = remainingQuantities(ordered, delivered);
  if (remaining.length === 0) {
    throw new DomainError('invalid-argument', 'everything ordered has been delivered already', {
      path: 'lines',
    });
  }
  if (delivery === 'all') return { lines: remaining, isComplete: true, remaining: [] };
  const issues: DomainErrorIssue[] = [];
  if (delivery.length === 0) issues.push({ path: 'lines', message: 'name at least one line delivered' });
  const open = new Map(remaining.map((l) => [l.position, l.quantityMilli]));
  const orderedPositions = new Map(ordered.map((l) => [l.position, l.quantityMilli]));
  const seen = new Set<number>();
  delivery.forEach((line, i) => {
    if (!orderedPositions.has(line.position)) {
      issues.push({ path: `lines.${i}.position`, message: `the order has no position ${line.position}` });
      return;
    }
    if (seen.has(line.position)) {
      issues.push({ path: `lines.${i}.position`, message: `position ${line.position} is named twice` });
      return;
    }
    seen.add(line.position);
    if (!Number.isSafeInteger(line.quantityMilli) || line.quantityMilli <= 0) {
      issues.push({ path: `lines.${i}.quantity`, message: 'the quantity delivered must be above zero' });
      return;
    }
    const left = open.get(line.position) ?? 0;
    if (line.quantityMilli > left) {
      const orderedMilli = orderedPositions.get(line.position) ?? 0;
      issues.push({
        path: `lines.${i}.quantity`,
        message:
          `position ${line.position}: ${formatMilli(line.quantityMilli)} is more than the ` +
          `${formatMilli(left)} still to deliver (${formatMilli(orderedMilli)} ordered, ` +
          `${formatMilli(orderedMilli - left)} delivered)`,
      });
    }
  });
  if (issues.length > 0) {
    throw new DomainError(
      'invalid-argument',
      `delivery: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  const byPosition = new Map(delivery.map((l) => [l.position, l.quantityMilli]));
  const lines = ordered
    .filter((l) => byPosition.has(l.position))
    .map((l) => ({ position: l.position, quantityMilli: byPosition.get(l.position) as number }));
  const after = remainingQuantities(ordered, [...delivered, ...lines]);
  return { lines, isComplete: after.length === 0, remaining: after };
}

/** The state after a delivery: delivered when complete, partly delivered otherwise. */
export function statusAfterDelivery(
  current: OrderLifecycleStatus,
  isComplete: boolean,
): OrderLifecycleStatus {
  const target: OrderLifecycleStatus = isComplete ? 'delivered' : 'partly-delivered';
  // A further partial delivery keeps the state it is in.
  if (current === 'partly-delivered' && target === 'partly-delivered') return current;
  return nextOrderStatus(current, target);
}

/**
 * The state once invoices are made: a delivered order whose every delivery is invoiced is invoiced;
 * otherwise the state stays. Partial deliveries are invoiced as they come, but the order is
 * invoiced only when all was delivered.
 */
export function statusAfterInvoicing(
  current: OrderLifecycleStatus,
  deliveries: readonly { invoiced: boolean }[],
): OrderLifecycleStatus {
  if (current !== 'delivered' || deliveries.length === 0) return current;
  return deliveries.every((d) => d.invoiced) ? nextOrderStatus(current, 'invoiced') : current;
}

/** An invoice of the order as far as payment is concerned. */
export interface OrderInvoiceState {
  status: 'open' | 'paid' | 'cancelled' | 'written-off';
}

/**
 * Paid when the order is invoiced and every invoice made for it (a cancelled one does not count) is
 * paid; a written-off invoice is not paid, so the order stays invoiced.
 */
export function isOrderPaid(status: OrderLifecycleStatus, invoices: readonly OrderInvoiceState[]): boolean {
  if (status !== 'invoiced') return false;
  const counted = invoices.filter((i) => i.status !== 'cancelled');
  return counted.length > 0 && counted.every((i) => i.status === 'paid');
}

/** 1500 → "1.5" (quantities in messages; the language-neutral decimal point). */
function formatMilli(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const fraction = Math.abs(milli % 1000);
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
}
