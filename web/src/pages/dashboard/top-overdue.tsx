import { Link } from '@tanstack/react-router';
import type { Dashboard } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Section } from '../../ui/section.tsx';

export function TopOverdue({ customers }: { customers: Dashboard['topOverdue'] }) {
  const { t, f } = useI18n();
  const hasDaysLate = customers.some((c) => c.maxDaysLate !== undefined);
  return (
    <Section title={t('dashboard.topOverdue')} testId="top-overdue">
      {customers.length === 0 ? (
        <EmptyState>{t('common.none')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('customers.number')}</th>
                <th scope="col">{t('customers.name')}</th>
                <th scope="col" className="num">
                  {t('customers.overdue')}
                </th>
                {hasDaysLate && (
                  <th scope="col" className="num">
                    {t('dashboard.maxDaysLate')}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {customers.map((c) => (
                <tr key={c.customerId}>
                  <td>{c.customerNumber}</td>
                  <td>
                    <Link to="/customers/$customerId" params={{ customerId: String(c.customerId) }}>
                      {c.name}
                    </Link>
                  </td>
                  <td className="num">{f.money(c.overdueCents)}</td>
                  {hasDaysLate && (
                    <td className="num">{c.maxDaysLate === undefined ? '–' : f.number(c.maxDaysLate)}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
