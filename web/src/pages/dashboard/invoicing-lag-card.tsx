import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';
import type { InvoicingLag } from '../orders/order-types.ts';

/** Days from delivery to invoice over the last 90 days, and deliveries still waiting for their invoice. */
export function InvoicingLagCard() {
  const { t, f } = useI18n();
  const query = useApiQuery<InvoicingLag>('/api/orders/invoicing-lag');
  const lag = query.data;
  if (!lag || (lag.deliveries === 0 && lag.deliveriesNotInvoiced === 0)) return null;
  return (
    <Section title={t('orders.lagTitle')} testId="invoicing-lag">
      <p>
        {lag.medianDays === null
          ? t('orders.lagNone')
          : t('orders.lagValue', {
              median: f.number(lag.medianDays, 1),
              average: f.number(lag.averageDays ?? 0, 1),
              count: lag.deliveries,
            })}
      </p>
      {lag.deliveriesNotInvoiced > 0 && (
        <p className="muted">
          {t('orders.lagWaiting', { deliveries: lag.deliveriesNotInvoiced, orders: lag.ordersNotInvoiced })}
        </p>
      )}
    </Section>
  );
}
