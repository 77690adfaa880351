import type { Dashboard } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

function KpiCard({
  label,
  value,
  hint,
  testId,
  tone,
}: {
  label: string;
  value: string;
  hint: string;
  testId: string;
  tone?: string;
}) {
  return (
    <div className={`kpi${tone ? ` kpi-${tone}` : ''}`} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      <div className="kpi-hint">{hint}</div>
    </div>
  );
}

export function KpiCards({ dashboard: d }: { dashboard: Dashboard }) {
  const { t, f } = useI18n();
  const na = t('dashboard.notAvailable');
  return (
    <div className="kpis">
      <KpiCard
        testId="kpi-open"
        label={t('dashboard.open')}
        value={f.money(d.openCents)}
        hint={t('dashboard.openInvoices', { count: f.number(d.openInvoices) })}
      />
      <KpiCard
        testId="kpi-overdue"
        tone={d.overdueCents > 0 ? 'danger' : undefined}
        label={t('dashboard.overdue')}
        value={f.money(d.overdueCents)}
        hint={t('dashboard.overdueInvoices', { count: f.number(d.overdueInvoices) })}
      />
      <KpiCard
        testId="kpi-dso"
        label={t('dashboard.dso')}
        value={d.dso === null ? na : t('common.days', { count: f.number(d.dso, 1) })}
        hint={t('dashboard.dsoHint')}
      />
      <KpiCard
        testId="kpi-cei"
        label={t('dashboard.cei')}
        value={d.cei === null ? na : f.percent(d.cei)}
        hint={t('dashboard.ceiHint')}
      />
    </div>
  );
}
