import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Dashboard } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

const BUCKET_COLOURS: Record<string, string> = {
  current: 'var(--chart-current)',
  '1-30': 'var(--chart-1)',
  '31-60': 'var(--chart-2)',
  '61-90': 'var(--chart-3)',
  '90+': 'var(--chart-4)',
};

/** Open amounts by how late they are, as bars and (for screen readers and exact numbers) as a table. */
export function AgingChart({ aging }: { aging: Dashboard['aging'] }) {
  const { t, f } = useI18n();
  const data = aging.map((b) => ({ ...b, label: t(`bucket.${b.bucket}`) }));
  return (
    <Section title={t('dashboard.aging')} testId="aging-chart">
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} />
            <YAxis tickFormatter={(v: number) => f.moneyShort(v)} width={90} tick={{ fontSize: 12 }} />
            <Tooltip
              formatter={(value) => [f.money(Number(value)), t('common.amount')]}
              cursor={{ fill: 'var(--surface-muted)' }}
            />
            <Bar dataKey="cents" radius={[4, 4, 0, 0]} isAnimationActive={false}>
              {data.map((b) => (
                <Cell key={b.bucket} fill={BUCKET_COLOURS[b.bucket] ?? 'var(--accent)'} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="table table-compact">
        <tbody>
          {data.map((b) => (
            <tr key={b.bucket}>
              <th scope="row">
                <span
                  className="swatch"
                  style={{ background: BUCKET_COLOURS[b.bucket] }}
                  aria-hidden="true"
                />
                {b.label}
              </th>
              <td className="num">{f.money(b.cents)}</td>
              <td className="num muted">{t('dashboard.agingCount', { count: f.number(b.count) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
