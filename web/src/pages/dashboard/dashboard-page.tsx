import { useApiQuery } from '../../api/use-api-query.ts';
import type { Dashboard } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { AgingChart } from './aging-chart.tsx';
import { AttentionList } from './attention-list.tsx';
import { CashForecastChart } from './cash-forecast-chart.tsx';
import { DemoDataPanel } from './demo-data-panel.tsx';
import { ExpectedCash } from './expected-cash.tsx';
import { InvoicingLagCard } from './invoicing-lag-card.tsx';
import { KpiCards } from './kpi-cards.tsx';
import { TopOverdue } from './top-overdue.tsx';
import { TrendChart } from './trend-chart.tsx';

export function DashboardPage() {
  const { t, f } = useI18n();
  const query = useApiQuery<Dashboard>('/api/dashboard');
  return (
    <>
      <PageHeader title={t('dashboard.title')}>
        {query.data && (
          <span className="muted">{t('dashboard.asOf', { date: f.date(query.data.asOf) })}</span>
        )}
      </PageHeader>
      <QueryView query={query}>
        {(dashboard) =>
          dashboard.empty ? (
            <DemoDataPanel />
          ) : (
            <div className="dashboard">
              <KpiCards dashboard={dashboard} />
              <div className="grid grid-2">
                <AttentionList attention={dashboard.attention} />
                <ExpectedCash weeks={dashboard.expected} />
              </div>
              <div className="grid grid-2">
                <AgingChart aging={dashboard.aging} />
                <TrendChart trend={dashboard.trend} />
              </div>
              <CashForecastChart />
              <InvoicingLagCard />
              <TopOverdue customers={dashboard.topOverdue} />
            </div>
          )
        }
      </QueryView>
    </>
  );
}
