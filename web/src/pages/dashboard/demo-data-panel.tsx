import { api } from '../../api/client.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Spinner } from '../../ui/spinner.tsx';

/** Shown while the company has no customers: what to do, and for admins the demo data. */
export function DemoDataPanel() {
  const { t, f } = useI18n();
  const { isAdmin } = usePermissions();
  const demo = useApiMutation(() => api.post<{ customers: number; invoices: number }>('/api/demo'));
  return (
    <section className="card empty-panel" data-testid="empty-dashboard">
      <h2>{t('dashboard.emptyTitle')}</h2>
      <p>{t('dashboard.emptyText')}</p>
      {isAdmin ? (
        <button
          type="button"
          className="button button-primary button-large"
          onClick={() => demo.mutate()}
          disabled={demo.isPending}
          data-testid="load-demo-data"
        >
          {t('dashboard.loadDemo')}
        </button>
      ) : (
        <p className="muted">{t('dashboard.emptyViewer')}</p>
      )}
      {demo.isPending && <Spinner label={t('dashboard.loadingDemo')} />}
      {demo.data && (
        <p className="notice notice-success" role="status">
          {t('dashboard.demoLoaded', {
            customers: f.number(demo.data.customers),
            invoices: f.number(demo.data.invoices),
          })}
        </p>
      )}
      {demo.error ? <ErrorNotice error={demo.error} /> : null}
    </section>
  );
}
