import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

/** DSO (days, left axis) and CEI (percent, right axis) by month. */
export function TrendChart({ trend }: { trend: Dashboard['trend'] }) {
  const { t, f } = useI18n();
  const data = trend.map((m) => ({ month: f.month(m.month), dso: m.dso, cei: m.cei }));
  const dsoLabel = t('dashboard.trendDso');
  const ceiLabel = t('dashboard.trendCei');
  return (
    <Section title={t('dashboard.trend')} testId="trend-chart">
      <div className="chart">
        <ResponsiveContainer width="100%" height={280}>
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" tick={{ fontSize: 12 }} />
            <YAxis yAxisId="dso" tick={{ fontSize: 12 }} width={40} />
            <YAxis yAxisId="cei" orientation="right" domain={[0, 100]} tick={{ fontSize: 12 }} width={40} />
            <Tooltip
              formatter={(value, name) =>
                value === null || value === undefined
                  ? [t('dashboard.notAvailable'), name]
                  : name === ceiLabel
                    ? [f.percent(Number(value)), name]
                    : [f.number(Number(value), 1), name]
              }
            />
            <Legend />
            <Line
              yAxisId="dso"
              type="monotone"
              dataKey="dso"
              name={dsoLabel}
              stroke="var(--accent)"
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              yAxisId="cei"
              type="monotone"
              dataKey="cei"
              name={ceiLabel}
              stroke="var(--chart-current)"
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </Section>
  );
}
