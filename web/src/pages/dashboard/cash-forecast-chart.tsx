import { Link } from '@tanstack/react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CashForecast } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';

export const DASHBOARD_FORECAST_WEEKS = 12;

/** The forecast's totals beside the weeks: what is expected, later, doubtful, disputed, handed over. */
export function ForecastTotals({ forecast }: { forecast: CashForecast }) {
  const { t, f } = useI18n();
  const totals: [string, number, string][] = [
    [t('forecast.expected'), forecast.expectedCents, 'expected'],
    [t('forecast.later'), forecast.laterCents, 'later'],
    [t('forecast.doubtful'), forecast.doubtfulCents, 'doubtful'],
    [t('forecast.disputed'), forecast.disputedCents, 'disputed'],
    [t('forecast.handedOver'), forecast.handedOverCents, 'handed-over'],
    [t('forecast.total'), forecast.totalCents, 'total'],
  ];
  return (
    <dl className="forecast-totals" data-testid="forecast-totals">
      {totals.map(([label, cents, key]) => (
        <div key={key} data-total={key}>
          <dt>{label}</dt>
          <dd className="num">{f.money(cents)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Weekly bars: the part from claims already overdue, from instalments, and the rest. */
export function ForecastBars({ forecast, height = 260 }: { forecast: CashForecast; height?: number }) {
  const { t, f } = useI18n();
  const data = forecast.weeks.map((w) => ({
    label: w.week.slice(5).replace('W', t('forecast.week') + ' '),
    from: w.from,
    due: w.expectedCents - w.overdueCents - w.instalmentCents,
    overdue: w.overdueCents,
    instalments: w.instalmentCents,
  }));
  const names: Record<string, string> = {
    due: t('forecast.notYetDue'),
    overdue: t('forecast.ofOverdue'),
    instalments: t('forecast.ofInstalments'),
  };
  return (
    <div className="chart" aria-hidden="true" data-testid="forecast-chart">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={(v: number) => f.moneyShort(v)} width={90} tick={{ fontSize: 12 }} />
          <Tooltip
            formatter={(value, name) => [f.money(Number(value)), names[String(name)] ?? String(name)]}
            labelFormatter={(label, payload) => {
              const from = (payload?.[0]?.payload as { from?: string } | undefined)?.from;
              return from ? `${String(label)} (${f.date(from)})` : String(label);
            }}
            cursor={{ fill: 'var(--surface-muted)' }}
          />
          <Legend formatter={(name) => names[String(name)] ?? String(name)} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="due" stackId="w" fill="var(--accent)" isAnimationActive={false} />
          <Bar dataKey="overdue" stackId="w" fill="var(--chart-2)" isAnimationActive={false} />
          <Bar
            dataKey="instalments"
            stackId="w"
            fill="var(--chart-current)"
            radius={[4, 4, 0, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The dashboard's cash forecast: twelve weeks of expected cash with the totals, the table a click away. */
export function CashForecastChart() {
  const { t } = useI18n();
  const query = useApiQuery<CashForecast>(`/api/reports/cash-forecast?weeks=${DASHBOARD_FORECAST_WEEKS}`);
  return (
    <Section
      title={t('forecast.chart', { weeks: DASHBOARD_FORECAST_WEEKS })}
      testId="cash-forecast"
      actions={
        <Link to="/cash-forecast" className="button button-small" data-testid="cash-forecast-details">
          {t('forecast.details')}
        </Link>
      }
    >
      <QueryView query={query}>
        {(forecast) => (
          <>
            <ForecastBars forecast={forecast} />
            <ForecastTotals forecast={forecast} />
          </>
        )}
      </QueryView>
    </Section>
  );
}
