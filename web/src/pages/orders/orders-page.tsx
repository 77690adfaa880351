import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { Section } from '../../ui/section.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { ORDER_STATUSES, type OrderStatus, type OrderSummary } from './order-types.ts';

/** Every order, newest first, filtered by status: where each one stands between capture and payment. */
export function OrdersPage() {
  const { t, tOr, f } = useI18n();
  const [status, setStatus] = useState<OrderStatus | 'all'>('all');
  const list = useCursorList<OrderSummary>('/api/orders', {
    ...(status === 'all' ? {} : { status }),
    limit: 50,
  });
  return (
    <>
      <PageHeader title={t('orders.title')}>
        <label className="inline-label">
          {t('orders.show')}{' '}
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as OrderStatus | 'all')}
            data-testid="order-filter"
          >
            <option value="all">{t('orders.all')}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {tOr(`status.${s}`, s)}
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      <Section title={t('orders.title')} testId="order-list">
        <PagedTable
          list={list}
          empty={t('orders.none')}
          head={
            <>
              <th scope="col">{t('orders.number')}</th>
              <th scope="col">{t('common.customer')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('orders.orderedOn')}</th>
              <th scope="col">{t('orders.deliveryDate')}</th>
            </>
          }
          rows={(order) => (
            <tr key={order.id} data-testid={`order-row-${order.number}`}>
              <td>
                <Link to="/orders/$orderId" params={{ orderId: String(order.id) }}>
                  {order.number}
                </Link>
              </td>
              <td>
                <Link to="/customers/$customerId" params={{ customerId: String(order.customerId) }}>
                  {order.customerName}
                </Link>{' '}
                <span className="muted small">{order.customerNumber}</span>
              </td>
              <td>
                <StatusBadge status={order.status} />
              </td>
              <td>{f.date(order.orderedOn)}</td>
              <td>{order.deliveryDate ? f.date(order.deliveryDate) : '–'}</td>
            </tr>
          )}
        />
      </Section>
    </>
  );
}
