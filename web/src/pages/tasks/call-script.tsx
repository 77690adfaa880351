import { Link } from '@tanstack/react-router';
import type { CustomerDetail, Notice, Page, PlanSummary } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { QueryView } from '../../ui/query-view.tsx';

/** Whether a task is a phone call (by hand: `call`; from a policy's call stage: its template key). */
export function isCallTask(kind: string): boolean {
  return kind === 'call' || kind.startsWith('call-');
}

/**
 * What the caller needs on screen: whom to call (phone, e-mail), the open items with amounts and
 * days overdue, the last notice that went out, and a running instalment plan.
 */
export function CallScript({ customerId }: { customerId: number }) {
  const { t, f, tOr } = useI18n();
  const detail = useApiQuery<CustomerDetail>(`/api/customers/${customerId}`);
  const notices = useApiQuery<Page<Notice>>(`/api/notices?customerId=${customerId}&limit=20`);
  const plans = useApiQuery<Page<PlanSummary>>(`/api/plans?customerId=${customerId}&status=active&limit=5`);
  const lastNotice = notices.data?.items.find((n) => n.status === 'approved' || n.status === 'sent');
  return (
    <QueryView query={detail}>
      {({ customer, invoices, totals }) => {
        const open = invoices.filter((i) => i.openCents > 0);
        return (
          <div className="call-script" data-testid="call-script">
            <div>
              <h3>
                <Link to="/customers/$customerId" params={{ customerId: String(customer.id) }}>
                  {customer.name}
                </Link>{' '}
                <span className="muted small">{customer.number}</span>
              </h3>
              <p className="call-phone" data-testid="call-phone">
                {customer.phone ? (
                  <a href={`tel:${customer.phone.replace(/[^\d+]/g, '')}`}>{customer.phone}</a>
                ) : (
                  <span className="muted">{t('call.noPhone')}</span>
                )}
              </p>
              {customer.email && (
                <p className="small">
                  {t('call.email')}: <a href={`mailto:${customer.email}`}>{customer.email}</a>
                </p>
              )}
              <p className="small">
                <strong>{t('call.lastNotice')}:</strong>{' '}
                {lastNotice
                  ? t('call.lastNoticeValue', {
                      stage: tOr(`stage.${lastNotice.stageKey}`, lastNotice.stageKey),
                      date: f.date(lastNotice.issuedOn),
                      amount: f.money(lastNotice.totalCents),
                    })
                  : t('call.noNotice')}
              </p>
              {plans.data?.items.map((plan) => (
                <p key={plan.id} className="small">
                  <Link to="/plans/$planId" params={{ planId: String(plan.id) }}>
                    {t('call.activePlan', { amount: f.money(plan.openCents) })}
                  </Link>
                </p>
              ))}
            </div>
            <div>
              <h3>{t('call.openItems')}</h3>
              <table className="table table-compact" data-testid="call-open-items">
                <thead>
                  <tr>
                    <th scope="col">{t('plans.invoice')}</th>
                    <th scope="col">{t('plans.dueDate')}</th>
                    <th scope="col" className="num">
                      {t('call.daysOverdue')}
                    </th>
                    <th scope="col" className="num">
                      {t('plans.open')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {open.map((i) => (
                    <tr key={i.id}>
                      <td>
                        <Link to="/invoices/$invoiceId" params={{ invoiceId: String(i.id) }}>
                          {i.number}
                        </Link>
                      </td>
                      <td>{f.date(i.dueDate)}</td>
                      <td className={`num${i.daysOverdue > 0 ? ' text-danger' : ''}`}>
                        {i.daysOverdue > 0 ? i.daysOverdue : t('call.notOverdue')}
                      </td>
                      <td className="num">{f.money(i.openCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="small">
                {t('call.totalOpen', {
                  amount: f.money(totals.openCents),
                  overdue: f.money(totals.overdueCents),
                })}
              </p>
            </div>
          </div>
        );
      }}
    </QueryView>
  );
}
