import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { queryString } from '../../api/query-string.ts';
import type { RiskBand, RiskList } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { RiskBandBadge } from './risk-band-badge.tsx';

const BANDS: RiskBand[] = ['very-high', 'high', 'medium', 'low'];

function CustomerLink({ id, name, number }: { id: number; name: string; number: string }) {
  return (
    <Link to="/customers/$customerId" params={{ customerId: String(id) }}>
      {name} <span className="muted">{number}</span>
    </Link>
  );
}

function Alerts({ alerts }: { alerts: RiskList['alerts'] }) {
  const { t, f } = useI18n();
  return (
    <Section title={t('riskPage.alerts')} testId="risk-alerts">
      {alerts.length === 0 ? (
        <p className="muted">{t('riskPage.noAlerts')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('riskPage.customer')}</th>
                <th scope="col" className="num">
                  {t('risk.openClaims')}
                </th>
                <th scope="col" className="num">
                  {t('risk.openOrders')}
                </th>
                <th scope="col" className="num">
                  {t('riskPage.exposure')}
                </th>
                <th scope="col" className="num">
                  {t('riskPage.limit')}
                </th>
                <th scope="col" className="num">
                  {t('riskPage.overLimit')}
                </th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.customerId} data-testid="risk-alert">
                  <td>
                    <CustomerLink id={a.customerId} name={a.name} number={a.customerNumber} />
                  </td>
                  <td className="num">{f.money(a.openClaimsCents)}</td>
                  <td className="num">{f.money(a.openOrdersCents)}</td>
                  <td className="num">{f.money(a.exposureCents)}</td>
                  <td className="num">{f.money(a.creditLimitCents)}</td>
                  <td className="num text-danger">
                    <strong>{f.money(a.overLimitCents)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function RiskTable({ items }: { items: RiskList['items'] }) {
  const { t, f } = useI18n();
  if (items.length === 0) return <EmptyState>{t('riskPage.empty')}</EmptyState>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="risk-table">
        <thead>
          <tr>
            <th scope="col">{t('riskPage.customer')}</th>
            <th scope="col">{t('risk.score')}</th>
            <th scope="col">{t('riskPage.topFactors')}</th>
            <th scope="col" className="num">
              {t('riskPage.daysLate')}
            </th>
            <th scope="col" className="num">
              {t('riskPage.overdue')}
            </th>
            <th scope="col" className="num">
              {t('riskPage.exposure')}
            </th>
            <th scope="col" className="num">
              {t('riskPage.limit')}
            </th>
            <th scope="col" className="num">
              {t('riskPage.suggested')}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.customerId} data-testid="risk-row">
              <td>
                <CustomerLink id={item.customerId} name={item.name} number={item.customerNumber} />
              </td>
              <td>
                <RiskBandBadge band={item.band} score={item.score} />
              </td>
              <td className="small">
                {item.topFactors.length === 0
                  ? '–'
                  : item.topFactors
                      .map((factor) => `${t(`riskFactor.${factor.key}`)} (${f.number(factor.points, 1)})`)
                      .join(', ')}
              </td>
              <td className="num">{f.number(item.averageDaysLate, 1)}</td>
              <td className={`num${item.overdueCents > 0 ? ' text-danger' : ''}`}>
                {f.money(item.overdueCents)}
                {item.oldestOverdueDays > 0 && (
                  <div className="small muted">
                    {t('collection.daysOverdue', { count: item.oldestOverdueDays })}
                  </div>
                )}
              </td>
              <td className={`num${item.overLimitCents > 0 ? ' text-danger' : ''}`}>
                {f.money(item.exposureCents)}
              </td>
              <td className="num">{item.creditLimitCents === null ? '–' : f.money(item.creditLimitCents)}</td>
              <td className="num">
                {item.suggestedLimitCents === null ? '–' : f.money(item.suggestedLimitCents)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The customers with open items by risk, riskiest first, under the alerts of those above their limit. */
export function RiskPage() {
  const { t, f } = useI18n();
  const search = useSearch({ from: '/risk' });
  const navigate = useNavigate({ from: '/risk' });
  const query = useApiQuery<RiskList>(`/api/risk${queryString({ band: search.band, limit: 100 })}`);
  return (
    <>
      <PageHeader title={t('riskPage.title')}>
        {query.data && <span className="muted">{t('risk.asOf', { date: f.date(query.data.asOf) })}</span>}
      </PageHeader>
      <QueryView query={query}>
        {(list) => (
          <div className="stack">
            <Alerts alerts={list.alerts} />
            <Section title={t('riskPage.list')} testId="risk-list">
              <p className="muted">
                {t('riskPage.intro')} {t('riskPage.customers', { count: f.number(list.customers) })}
              </p>
              <div className="segmented" role="group" aria-label={t('riskPage.band')}>
                <button
                  type="button"
                  aria-pressed={search.band === undefined}
                  onClick={() => void navigate({ search: {}, replace: true })}
                  data-testid="risk-band-all"
                >
                  {t('riskPage.allBands')} ({f.number(list.customers)})
                </button>
                {BANDS.map((band) => (
                  <button
                    key={band}
                    type="button"
                    aria-pressed={search.band === band}
                    onClick={() => void navigate({ search: { band }, replace: true })}
                    data-testid={`risk-band-${band}`}
                  >
                    {t(`riskBand.${band}`)} ({f.number(list.bands[band])})
                  </button>
                ))}
              </div>
              <RiskTable items={list.items} />
            </Section>
          </div>
        )}
      </QueryView>
    </>
  );
}
