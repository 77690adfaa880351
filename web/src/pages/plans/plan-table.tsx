import { Link } from '@tanstack/react-router';
import type { PlanSummary } from '../../api/types.ts';
import type { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';

/** Plans with status, customer, total, paid, open and the next instalment (or the one missed). */
export function PlanTable({
  list,
  showCustomer = false,
}: {
  list: ReturnType<typeof useCursorList<PlanSummary>>;
  showCustomer?: boolean;
}) {
  const { t, f } = useI18n();
  return (
    <PagedTable
      list={list}
      empty={t('plans.none')}
      head={
        <>
          <th scope="col">{t('plans.number')}</th>
          <th scope="col">{t('plans.agreedOn')}</th>
          {showCustomer && <th scope="col">{t('common.customer')}</th>}
          <th scope="col">{t('common.status')}</th>
          <th scope="col" className="num">
            {t('plans.total')}
          </th>
          <th scope="col" className="num">
            {t('plans.paid')}
          </th>
          <th scope="col" className="num">
            {t('plans.open')}
          </th>
          <th scope="col">{t('plans.nextDue')}</th>
        </>
      }
      rows={(plan) => (
        <tr key={plan.id} data-testid={`plan-row-${plan.id}`}>
          <td>
            <Link to="/plans/$planId" params={{ planId: String(plan.id) }}>
              {plan.id}
            </Link>
          </td>
          <td>{f.date(plan.agreedOn)}</td>
          {showCustomer && (
            <td>
              <Link to="/customers/$customerId" params={{ customerId: String(plan.customerId) }}>
                {plan.customerName}
              </Link>{' '}
              <span className="muted small">{plan.customerNumber}</span>
            </td>
          )}
          <td>
            <StatusBadge status={plan.status} />
          </td>
          <td className="num">{f.money(plan.totalCents)}</td>
          <td className="num">{f.money(plan.paidCents)}</td>
          <td className="num">{f.money(plan.openCents)}</td>
          <td>
            {plan.status === 'active' && plan.standing.next
              ? t('plans.nextDueValue', {
                  amount: f.money(plan.standing.next.openCents),
                  date: f.date(plan.standing.next.dueDate),
                })
              : plan.standing.missed
                ? t('plans.missed', {
                    number: plan.standing.missed.number,
                    date: f.date(plan.standing.missed.dueDate),
                  })
                : '–'}
          </td>
        </tr>
      )}
    />
  );
}
