import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.ts';
import {
  canMoveOrder,
  isOrderPaid,
  type LineQuantity,
  nextOrderStatus,
  ORDER_LIFECYCLE,
  ORDER_TRANSITIONS,
  planDelivery,
  remainingQuantities,
  statusAfterDelivery,
  statusAfterInvoicing,
} from './order-lifecycle.ts';

function issuesOf(work: () => unknown): { path: string; message: string }[] {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return [...(error as DomainError).issues];
  }
  throw new Error('expected a DomainError');
}

const ORDERED: LineQuantity[] = [
  { position: 1, quantityMilli: 10_000 },
  { position: 2, quantityMilli: 2_500 },
];

describe('order transitions', () => {
  it('walks the usual path from received to paid', () => {
    const path = [
      'received',
      'confirmed',
      'in-progress',
      'partly-delivered',
      'delivered',
      'invoiced',
      'paid',
    ];
    for (let i = 1; i < path.length; i++) {
      expect(nextOrderStatus(path[i - 1] as never, path[i] as never)).toBe(path[i]);
    }
  });

  it('refuses to skip confirmation or go back, naming what may follow', () => {
    expect(() => nextOrderStatus('received', 'in-progress')).toThrow(
      'an order that is received cannot become in-progress; it can become confirmed or cancelled',
    );
    expect(issuesOf(() => nextOrderStatus('delivered', 'confirmed'))).toEqual([
      { path: 'status', message: expect.stringContaining('it can become invoiced') },
    ]);
    expect(() => nextOrderStatus('paid', 'cancelled')).toThrow('it is final');
  });

  it('cancels only before anything was delivered', () => {
    expect(canMoveOrder('received', 'cancelled')).toBe(true);
    expect(canMoveOrder('in-progress', 'cancelled')).toBe(true);
    expect(canMoveOrder('partly-delivered', 'cancelled')).toBe(false);
    expect(canMoveOrder('invoiced', 'cancelled')).toBe(false);
  });

  it('never leads out of a final state nor back to received (property over the table)', () => {
    const status = fc.constantFrom(...ORDER_LIFECYCLE);
    fc.assert(
      fc.property(status, status, (from, to) => {
        const allowed = canMoveOrder(from, to);
        if (from === 'paid' || from === 'cancelled' || to === 'received') expect(allowed).toBe(false);
        if (allowed) expect(nextOrderStatus(from, to)).toBe(to);
        else expect(() => nextOrderStatus(from, to)).toThrow(DomainError);
        // Moving on never goes back along the usual order (cancelled is a side exit).
        if (allowed && to !== 'cancelled') {
          expect(ORDER_LIFECYCLE.indexOf(to)).toBeGreaterThan(ORDER_LIFECYCLE.indexOf(from));
        }
      }),
    );
    for (const targets of Object.values(ORDER_TRANSITIONS)) {
      for (const t of targets) expect(ORDER_LIFECYCLE).toContain(t);
    }
  });
});

describe('planDelivery', () => {
  it('delivers part of one line, then the rest with "all"', () => {
    const first = planDelivery(ORDERED, [], [{ position: 1, quantityMilli: 4_000 }]);
    expect(first).toEqual({
      lines: [{ position: 1, quantityMilli: 4_000 }],
      isComplete: false,
      remaining: [
        { position: 1, quantityMilli: 6_000 },
        { position: 2, quantityMilli: 2_500 },
      ],
    });
    const rest = planDelivery(ORDERED, first.lines, 'all');
    expect(rest).toEqual({
      lines: [
        { position: 1, quantityMilli: 6_000 },
        { position: 2, quantityMilli: 2_500 },
      ],
      isComplete: true,
      remaining: [],
    });
  });

  it('is complete when explicit lines deliver exactly what is left', () => {
    const done = planDelivery(
      ORDERED,
      [{ position: 1, quantityMilli: 4_000 }],
      [
        { position: 2, quantityMilli: 2_500 },
        { position: 1, quantityMilli: 6_000 },
      ],
    );
    expect(done.isComplete).toBe(true);
    // In the order's order of lines, whatever order they were named in.
    expect(done.lines.map((l) => l.position)).toEqual([1, 2]);
  });

  it('refuses over-delivery, naming the line and the figures', () => {
    expect(
      issuesOf(() =>
        planDelivery(
          ORDERED,
          [{ position: 2, quantityMilli: 1_000 }],
          [
            { position: 1, quantityMilli: 1_000 },
            { position: 2, quantityMilli: 2_000 },
          ],
        ),
      ),
    ).toEqual([
      {
        path: 'lines.1.quantity',
        message: 'position 2: 2 is more than the 1.5 still to deliver (2.5 ordered, 1 delivered)',
      },
    ]);
  });

  it('refuses unknown or repeated positions, zero quantities, and a delivery when all is delivered', () => {
    expect(
      issuesOf(() =>
        planDelivery(
          ORDERED,
          [],
          [
            { position: 3, quantityMilli: 1 },
            { position: 1, quantityMilli: 0 },
            { position: 1, quantityMilli: 5 },
          ],
        ),
      ).map((i) => i.path),
    ).toEqual(['lines.0.position', 'lines.1.quantity', 'lines.2.position']);
    expect(issuesOf(() => planDelivery(ORDERED, [], []))).toEqual([
      { path: 'lines', message: 'name at least one line delivered' },
    ]);
    expect(() => planDelivery(ORDERED, ORDERED, 'all')).toThrow('delivered already');
  });

  it('never delivers more than ordered, and is complete exactly when nothing remains (property)', () => {
    const ordered = fc
      .array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 5 })
      .map((qs) => qs.map((q, i) => ({ position: i + 1, quantityMilli: q })));
    fc.assert(
      fc.property(ordered, fc.array(fc.nat(), { maxLength: 12 }), (lines, picks) => {
        const delivered: LineQuantity[] = [];
        let complete = false;
        for (const pick of picks) {
          const left = remainingQuantities(lines, delivered);
          if (left.length === 0) break;
          const line = left[pick % left.length] as LineQuantity;
          const quantity = 1 + (pick % line.quantityMilli);
          const planned = planDelivery(lines, delivered, [
            { position: line.position, quantityMilli: quantity },
          ]);
          delivered.push(...planned.lines);
          complete = planned.isComplete;
        }
        for (const line of lines) {
          const sum = delivered
            .filter((d) => d.position === line.position)
            .reduce((s, d) => s + d.quantityMilli, 0);
          expect(sum).toBeLessThanOrEqual(line.quantityMilli);
        }
        expect(complete).toBe(remainingQuantities(lines, delivered).length === 0);
      }),
    );
  });
});

describe('states that follow from deliveries and invoices', () => {
  it('moves to partly delivered and stays there until the delivery that completes it', () => {
    expect(statusAfterDelivery('in-progress', false)).toBe('partly-delivered');
    expect(statusAfterDelivery('partly-delivered', false)).toBe('partly-delivered');
    expect(statusAfterDelivery('partly-delivered', true)).toBe('delivered');
    expect(statusAfterDelivery('confirmed', true)).toBe('delivered');
    expect(() => statusAfterDelivery('received', true)).toThrow('cannot become delivered');
  });

  it('is invoiced once delivered in full and every delivery invoiced', () => {
    expect(statusAfterInvoicing('delivered', [{ invoiced: true }, { invoiced: true }])).toBe('invoiced');
    expect(statusAfterInvoicing('delivered', [{ invoiced: true }, { invoiced: false }])).toBe('delivered');
    expect(statusAfterInvoicing('partly-delivered', [{ invoiced: true }])).toBe('partly-delivered');
  });

  it('is paid when every invoice that counts is paid; written off is not paid', () => {
    expect(isOrderPaid('invoiced', [{ status: 'paid' }, { status: 'cancelled' }])).toBe(true);
    expect(isOrderPaid('invoiced', [{ status: 'paid' }, { status: 'open' }])).toBe(false);
    expect(isOrderPaid('invoiced', [{ status: 'written-off' }])).toBe(false);
    expect(isOrderPaid('invoiced', [{ status: 'cancelled' }])).toBe(false);
    expect(isOrderPaid('delivered', [{ status: 'paid' }])).toBe(false);
  });
});
