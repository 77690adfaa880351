import { api } from '../../api/client.ts';
import type { Run, RunCounts, RunStarted } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Section } from '../../ui/section.tsx';
import { Spinner } from '../../ui/spinner.tsx';
import { RunCountsView } from './run-counts-view.tsx';
import { RunDecisionsView } from './run-decisions.tsx';

/** Preview today's run (nothing stored) and start it (proposals stored). */
export function RunPanel() {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const preview = useApiMutation(() => api.post<RunCounts>('/api/runs/preview', {}));
  const start = useApiMutation(
    () => api.post<RunStarted>('/api/runs', {}),
    () => preview.reset(),
  );
  const busy = preview.isPending || start.isPending;
  const autoApproved = start.data ? Number(start.data.approvedAutomatically) : 0;
  // The run's stored figures also say what it decided first: promises, plans, instalment reminders.
  const stored = useApiQuery<Run>(`/api/runs/${start.data?.runId ?? 0}`, start.data !== undefined);
  // Even the preview is a POST that the API allows from the controller role on.
  if (!canWrite) return null;
  return (
    <Section title={t('dunning.today')} testId="run-panel">
      <p className="muted">{t('dunning.intro')}</p>
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={() => {
            start.reset();
            preview.mutate();
          }}
          disabled={busy}
          data-testid="preview-run"
        >
          {t('dunning.preview')}
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => start.mutate()}
          disabled={busy}
          data-testid="start-run"
        >
          {t('dunning.start')}
        </button>
      </div>
      {busy && <Spinner />}
      {preview.error ? <ErrorNotice error={preview.error} /> : null}
      {start.error ? <ErrorNotice error={start.error} /> : null}
      {preview.data && !start.data && (
        <RunCountsView
          title={t('dunning.previewResult', { date: f.date(preview.data.date) })}
          counts={preview.data}
          testId="run-preview"
        />
      )}
      {start.data && (
        <RunCountsView
          title={t('dunning.runResult', { id: start.data.runId, date: f.date(start.data.date) })}
          counts={start.data}
          note={autoApproved > 0 ? t('dunning.autoApproved', { count: f.number(autoApproved) }) : undefined}
          testId="run-result"
        />
      )}
      {start.data && stored.data && <RunDecisionsView stats={stored.data.stats} />}
    </Section>
  );
}
