import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { usePermissions } from '../../auth/session.ts';
import { localDateFromToday } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { ReasonForm } from '../../ui/reason-form.tsx';
import { Section } from '../../ui/section.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { DeliveryForm, MoveDateForm, UpdateForm } from './order-forms.tsx';
import { OrderLifecycle } from './order-lifecycle.tsx';
import type { OrderDetail } from './order-types.ts';

type Panel = 'cancel' | 'move-date' | 'deliver' | 'update' | null;

/** One order: its lines with what is delivered, its lifecycle, deliveries and invoices, and the next steps. */
export function OrderDetailPage() {
  const { t } = useI18n();
  const { orderId } = useParams({ from: '/orders/$orderId' });
  const query = useApiQuery<OrderDetail>(`/api/orders/${encodeURIComponent(orderId)}`);
  return (
    <>
      <Link to="/orders" className="back-link">
        ← {t('orders.back')}
      </Link>
      <QueryView query={query}>{(order) => <OrderView order={order} />}</QueryView>
    </>
  );
}

const DATE_MOVES = ['received', 'confirmed', 'in-progress', 'partly-delivered'];
const DELIVERABLE = ['confirmed', 'in-progress', 'partly-delivered'];

function OrderView({ order }: { order: OrderDetail }) {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const [panel, setPanel] = useState<Panel>(null);
  const [done, setDone] = useState<string | null>(null);
  const finish = (message: string) => () => {
    setPanel(null);
    setDone(message);
  };
  const step = useApiMutation(
    (path: 'confirm' | 'start') => api.post(`/api/orders/${order.id}/${path}`, {}),
    (_, path) => setDone(path === 'confirm' ? t('orders.confirmed') : t('orders.started')),
  );
  const cancel = useApiMutation(
    (note: string) => api.post(`/api/orders/${order.id}/cancel`, { note }),
    finish(t('orders.cancelled')),
  );
  const invoice = useApiMutation(
    (deliveryId: number) =>
      api.post(`/api/orders/${order.id}/invoice`, { issuedOn: localDateFromToday(0), deliveryId }),
    () => setDone(t('orders.invoiceMade')),
  );
  const open = (next: Panel) => {
    setDone(null);
    setPanel(next);
  };
  const facts: [string, string][] = [
    [t('orders.orderedOn'), f.date(order.orderedOn)],
    [t('orders.confirmedOn'), order.confirmedOn ? f.date(order.confirmedOn) : '–'],
    [t('orders.deliveryDate'), order.deliveryDate ? f.date(order.deliveryDate) : t('orders.deliveryOpen')],
    [t('orders.deliveredOn'), order.deliveredOn ? f.date(order.deliveredOn) : '–'],
    [t('orders.invoicedOn'), order.invoicedOn ? f.date(order.invoicedOn) : '–'],
    [t('orders.total'), f.money(order.totalGrossCents)],
    [t('orders.email'), order.customer.email ?? t('orders.noEmail')],
  ];
  return (
    <>
      <PageHeader
        title={
          <>
            {t('orders.detailTitle', { number: order.number })}{' '}
            <span className="muted title-suffix">
              <Link to="/customers/$customerId" params={{ customerId: String(order.customer.id) }}>
                {order.customer.name}
              </Link>
            </span>
          </>
        }
      >
        <StatusBadge status={order.status} />
        {order.isPaid && order.status !== 'paid' && (
          <span className="muted small">{t('orders.paidByInvoices')}</span>
        )}
        <a
          className="button"
          href={`/api/orders/${order.id}/confirmation.pdf`}
          target="_blank"
          rel="noopener"
          data-testid="order-confirmation-pdf"
        >
          {t('orders.confirmationPdf')}
        </a>
      </PageHeader>
      {canWrite && (
        <div className="button-row" data-testid="order-actions">
          {order.nextStatuses.includes('confirmed') && (
            <button
              type="button"
              className="button button-primary"
              disabled={step.isPending}
              onClick={() => step.mutate('confirm')}
              data-testid="order-confirm"
            >
              {t('orders.confirm')}
            </button>
          )}
          {order.nextStatuses.includes('in-progress') && (
            <button
              type="button"
              className="button"
              disabled={step.isPending}
              onClick={() => step.mutate('start')}
              data-testid="order-start"
            >
              {t('orders.start')}
            </button>
          )}
          {DELIVERABLE.includes(order.status) && (
            <button
              type="button"
              className="button"
              onClick={() => open('deliver')}
              data-testid="order-deliver"
            >
              {t('orders.recordDelivery')}
            </button>
          )}
          {DATE_MOVES.includes(order.status) && (
            <button
              type="button"
              className="button"
              onClick={() => open('move-date')}
              data-testid="order-move-date"
            >
              {t('orders.moveDate')}
            </button>
          )}
          {order.customer.email && (
            <button
              type="button"
              className="button"
              onClick={() => open('update')}
              data-testid="order-update"
            >
              {t('orders.sendUpdate')}
            </button>
          )}
          {order.nextStatuses.includes('cancelled') && (
            <button
              type="button"
              className="button button-danger"
              onClick={() => open('cancel')}
              data-testid="order-cancel"
            >
              {t('orders.cancel')}
            </button>
          )}
        </div>
      )}
      {step.error ? <ErrorNotice error={step.error} /> : null}
      {invoice.error ? <ErrorNotice error={invoice.error} /> : null}
      {done && (
        <p className="notice notice-success" role="status">
          {done}
        </p>
      )}
      {panel === 'cancel' && (
        <Section title={t('orders.cancel')}>
          <ReasonForm
            label={t('orders.cancelReason')}
            submitLabel={t('orders.cancel')}
            busy={cancel.isPending}
            error={cancel.error}
            onSubmit={(reason) => cancel.mutate(reason)}
            onCancel={() => setPanel(null)}
          />
        </Section>
      )}
      {panel === 'move-date' && (
        <Section title={t('orders.moveDate')}>
          <MoveDateForm order={order} onDone={finish(t('orders.dateMoved'))} />
        </Section>
      )}
      {panel === 'deliver' && (
        <Section title={t('orders.recordDelivery')}>
          <DeliveryForm order={order} onDone={finish(t('orders.deliveryRecorded'))} />
        </Section>
      )}
      {panel === 'update' && (
        <Section title={t('orders.sendUpdate')}>
          <UpdateForm order={order} onDone={finish(t('orders.updateSent'))} />
        </Section>
      )}
      <div className="grid grid-2">
        <Section title={t('orders.summary')} testId="order-summary">
          <dl className="details">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </Section>
        <Section title={t('orders.lifecycle')} testId="order-lifecycle">
          <OrderLifecycle order={order} />
        </Section>
      </div>
      <Section title={t('orders.lines')} testId="order-lines">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('orders.position')}</th>
              <th scope="col">{t('orders.description')}</th>
              <th scope="col" className="num">
                {t('orders.quantity')}
              </th>
              <th scope="col" className="num">
                {t('orders.delivered')}
              </th>
              <th scope="col" className="num">
                {t('orders.unitPrice')}
              </th>
              <th scope="col" className="num">
                {t('orders.vat')}
              </th>
              <th scope="col" className="num">
                {t('orders.gross')}
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.position}>
                <td>{line.position}</td>
                <td>{line.description}</td>
                <td className="num">{f.number(line.quantity, 3)}</td>
                <td className="num">{f.number(line.delivered, 3)}</td>
                <td className="num">{f.money(line.unitPriceCents)}</td>
                <td className="num">{f.number(line.vatRatePercent, 2)} %</td>
                <td className="num">{f.money(line.grossCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={t('orders.deliveries')} testId="order-deliveries">
        {order.deliveries.length === 0 ? (
          <p className="muted">{t('orders.noDeliveries')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('orders.deliveredOn')}</th>
                <th scope="col">{t('orders.deliveredLines')}</th>
                <th scope="col">{t('orders.invoice')}</th>
              </tr>
            </thead>
            <tbody>
              {order.deliveries.map((delivery) => {
                const made = order.invoices.find((i) => i.number === delivery.invoiceNumber);
                return (
                  <tr key={delivery.id} data-testid={`delivery-${delivery.id}`}>
                    <td>
                      {f.date(delivery.deliveredOn)}
                      {delivery.isComplete && <span className="muted small"> · {t('orders.complete')}</span>}
                    </td>
                    <td>
                      {delivery.lines
                        .map((l) =>
                          t('orders.deliveredLine', {
                            position: l.position,
                            quantity: f.number(l.quantity, 3),
                          }),
                        )
                        .join(', ')}
                    </td>
                    <td>
                      {made ? (
                        <>
                          <Link to="/invoices/$invoiceId" params={{ invoiceId: String(made.id) }}>
                            {made.number}
                          </Link>{' '}
                          {f.money(made.grossCents)} <StatusBadge status={made.status} />
                        </>
                      ) : canWrite ? (
                        <button
                          type="button"
                          className="button button-small"
                          disabled={invoice.isPending}
                          onClick={() => invoice.mutate(delivery.id)}
                          data-testid={`invoice-delivery-${delivery.id}`}
                        >
                          {t('orders.invoiceAndSend')}
                        </button>
                      ) : (
                        t('orders.notInvoiced')
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
