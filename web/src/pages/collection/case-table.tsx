import { Link } from '@tanstack/react-router';
import type { CollectionCaseSummary } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';

/** Collection cases: customer, agency, handed over on, status, claims, amount handed over, collected. */
export function CaseTable({
  cases,
  showCustomer = false,
}: {
  cases: CollectionCaseSummary[];
  showCustomer?: boolean;
}) {
  const { t, f } = useI18n();
  if (cases.length === 0) return <EmptyState>{t('collection.none')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="case-table">
        <thead>
          <tr>
            <th scope="col">{t('collection.case')}</th>
            {showCustomer && <th scope="col">{t('common.customer')}</th>}
            <th scope="col">{t('collection.agency')}</th>
            <th scope="col">{t('collection.handedOverOn')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col" className="num">
              {t('collection.claims')}
            </th>
            <th scope="col" className="num">
              {t('collection.handedOverAmount')}
            </th>
            <th scope="col" className="num">
              {t('collection.collected')}
            </th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id} data-testid={`case-row-${c.id}`}>
              <td>
                <Link to="/collection/$caseId" params={{ caseId: String(c.id) }}>
                  {t('collection.caseNumber', { id: c.id })}
                </Link>
              </td>
              {showCustomer && (
                <td>
                  <Link to="/customers/$customerId" params={{ customerId: String(c.customerId) }}>
                    {c.customerName}
                  </Link>{' '}
                  <span className="muted small">{c.customerNumber}</span>
                </td>
              )}
              <td>
                {c.agencyName} <span className="muted small">{t(`caseKind.${c.kind}`)}</span>
              </td>
              <td>{f.date(c.handedOverOn)}</td>
              <td>
                <StatusBadge status={c.status} />
                {c.closedOn && <div className="muted small">{f.date(c.closedOn)}</div>}
              </td>
              <td className="num">{f.number(c.claims)}</td>
              <td className="num">{f.money(c.handedOverCents)}</td>
              <td className="num">{f.money(c.collectedCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
