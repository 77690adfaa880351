import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import type { CashForecast } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { DASHBOARD_FORECAST_WEEKS, ForecastBars, ForecastTotals } from '../dashboard/cash-forecast-chart.tsx';

const WEEK_CHOICES = [4, 12, 26, 52];

function ForecastTable({ forecast }: { forecast: CashForecast }) {
  const { t, f } = useI18n();
  const sum = (pick: (w: CashForecast['weeks'][number]) => number) =>
    forecast.weeks.reduce((total, w) => total + pick(w), 0);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="forecast-table">
        <thead>
          <tr>
            <th scope="col">{t('forecast.week')}</th>
            <th scope="col">{t('forecast.period')}</th>
            <th scope="col" className="num">
              {t('forecast.expected')}
            </th>
            <th scope="col" className="num">
              {t('forecast.ofOverdue')}
            </th>
            <th scope="col" className="num">
              {t('forecast.ofInstalments')}
            </th>
            <th scope="col" className="num">
              {t('forecast.items')}
            </th>
          </tr>
        </thead>
        <tbody>
          {forecast.weeks.map((w) => (
            <tr key={w.week} data-testid="forecast-week">
              <th scope="row">{w.week}</th>
              <td>
                {f.date(w.from)} – {f.date(w.to)}
              </td>
              <td className="num">{f.money(w.expectedCents)}</td>
              <td className="num">{f.money(w.overdueCents)}</td>
              <td className="num">{f.money(w.instalmentCents)}</td>
              <td className="num">{f.number(w.items)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="row-total">
            <th scope="row" colSpan={2}>
              {t('forecast.expected')}
            </th>
            <td className="num">{f.money(forecast.expectedCents)}</td>
            <td className="num">{f.money(sum((w) => w.overdueCents))}</td>
            <td className="num">{f.money(sum((w) => w.instalmentCents))}</td>
            <td className="num">{f.number(sum((w) => w.items))}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={2}>
              {t('forecast.later')}
            </th>
            <td className="num">{f.money(forecast.laterCents)}</td>
            <td colSpan={3} />
          </tr>
          <tr>
            <th scope="row" colSpan={2}>
              {t('forecast.doubtful')}
            </th>
            <td className="num">{f.money(forecast.doubtfulCents)}</td>
            <td colSpan={3} />
          </tr>
          <tr>
            <th scope="row" colSpan={2}>
              {t('forecast.disputed')}
            </th>
            <td className="num">{f.money(forecast.disputedCents)}</td>
            <td colSpan={3} />
          </tr>
          <tr>
            <th scope="row" colSpan={2}>
              {t('forecast.handedOver')}
            </th>
            <td className="num">{f.money(forecast.handedOverCents)}</td>
            <td colSpan={3} />
          </tr>
          <tr className="row-total">
            <th scope="row" colSpan={2}>
              {t('forecast.total')}
            </th>
            <td className="num">{f.money(forecast.totalCents)}</td>
            <td colSpan={3} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The cash forecast as a report: the weeks as bars and as a table, with every total. */
export function CashForecastPage() {
  const { t, f } = useI18n();
  const search = useSearch({ from: '/cash-forecast' });
  const navigate = useNavigate({ from: '/cash-forecast' });
  const weeks = search.weeks ?? DASHBOARD_FORECAST_WEEKS;
  const query = useApiQuery<CashForecast>(`/api/reports/cash-forecast?weeks=${weeks}`);
  return (
    <>
      <Link to="/" className="back-link">
        ← {t('forecast.back')}
      </Link>
      <PageHeader title={t('forecast.title')}>
        <div className="segmented" role="group" aria-label={t('forecast.week')}>
          {WEEK_CHOICES.map((n) => (
            <button
              key={n}
              type="button"
              aria-pressed={weeks === n}
              onClick={() => void navigate({ search: { weeks: n }, replace: true })}
              data-testid={`forecast-weeks-${n}`}
            >
              {n}
            </button>
          ))}
        </div>
      </PageHeader>
      <QueryView query={query}>
        {(forecast) => (
          <Section title={t('forecast.chart', { weeks })} testId="forecast-report">
            <p className="muted">
              {t('forecast.intro')}{' '}
              {t('forecast.scope', {
                customers: f.number(forecast.customers),
                plans: f.number(forecast.plans),
                from: f.date(forecast.start),
                to: f.date(forecast.end),
              })}
            </p>
            <ForecastBars forecast={forecast} />
            <ForecastTotals forecast={forecast} />
            <ForecastTable forecast={forecast} />
          </Section>
        )}
      </QueryView>
    </>
  );
}
