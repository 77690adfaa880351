/**
 * @module invoice-totals
 * Net, VAT and gross of an invoice. Line net = quantity × unit price, half-up to the cent; VAT is
 * computed once per rate on the sum of that rate's line nets (EN 16931 BT-117), half-up, and then
 * spread back over the lines in proportion, so lines and totals always agree to the cent.
 */
import { DomainError } from './domain-error.ts';
import { Money } from './money.ts';
import { percentFromUnits } from './percent.ts';
import { roundHalfUp } from './rounding.ts';

export interface InvoiceLineAmountsInput {
  /** Quantity in thousandths (1.5 hours = 1500). */
  quantityMilli: number;
  unitPriceCents: number;
  /** VAT rate in hundredths of a per cent (19 % = 1900). */
  vatRateBasisPoints: number;
}

export interface LineAmounts {
  net: Money;
  vat: Money;
  gross: Money;
}

export interface VatBreakdown {
  vatRateBasisPoints: number;
  net: Money;
  vat: Money;
}

export interface InvoiceTotals {
  lines: LineAmounts[];
  vatBreakdown: VatBreakdown[];
  net: Money;
  vat: Money;
  gross: Money;
}

export function computeInvoiceTotals(
  lines: readonly InvoiceLineAmountsInput[],
  currency = 'EUR',
): InvoiceTotals {
  if (lines.length === 0)
    throw new DomainError('invalid-argument', 'lines: an invoice needs at least one line', { path: 'lines' });
  const nets = lines.map((line, i) => {
    if (!Number.isSafeInteger(line.quantityMilli) || !Number.isSafeInteger(line.unitPriceCents)) {
      throw new DomainError('invalid-amount', `lines.${i}: quantity and price must be whole units`, {
        path: `lines.${i}`,
      });
    }
    if (
      !Number.isInteger(line.vatRateBasisPoints) ||
      line.vatRateBasisPoints < 0 ||
      line.vatRateBasisPoints > 10000
    ) {
      throw new DomainError('invalid-percent', `lines.${i}.vatRate: must be between 0 and 100 %`, {
        path: `lines.${i}.vatRate`,
      });
    }
    return Money.of(roundHalfUp(BigInt(line.quantityMilli) * BigInt(line.unitPriceCents), 1000n), currency);
  });
  const vats: Money[] = lines.map(() => Money.zero(currency));
  const rates = [...new Set(lines.map((l) => l.vatRateBasisPoints))].sort((a, b) => b - a);
  const vatBreakdown = rates.map((rate) => {
    const indexes = lines.flatMap((l, i) => (l.vatRateBasisPoints === rate ? [i] : []));
    const net = Money.sum(
      indexes.map((i) => nets[i] as Money),
      currency,
    );
    const vat = net.percentage(percentFromUnits(rate, 2), 'half-up');
    const weights = indexes.map((i) => Math.abs((nets[i] as Money).minor));
    const shares = weights.some((w) => w > 0)
      ? vat.allocate(weights)
      : indexes.map(() => Money.zero(currency));
    indexes.forEach((lineIndex, k) => (vats[lineIndex] = shares[k] as Money));
    return { vatRateBasisPoints: rate, net, vat };
  });
  const lineAmounts = nets.map((net, i) => ({
    net,
    vat: vats[i] as Money,
    gross: net.add(vats[i] as Money),
  }));
  const net = Money.sum(nets, currency);
  const vat = Money.sum(
    vatBreakdown.map((b) => b.vat),
    currency,
  );
  return { lines: lineAmounts, vatBreakdown, net, vat, gross: net.add(vat) };
}
