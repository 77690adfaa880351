import type { Run } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { Section } from '../../ui/section.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { decisionsOf } from './run-decisions.tsx';

function statsText(stats: Run['stats'], t: (notices: number, claims: number) => string): string {
  if (!stats) return '–';
  const notices = typeof stats.notices === 'number' ? stats.notices : null;
  const claims = typeof stats.claims === 'number' ? stats.claims : null;
  return notices !== null && claims !== null ? t(notices, claims) : '–';
}

export function RunHistory() {
  const { t, f } = useI18n();
  const list = useCursorList<Run>('/api/runs', { limit: 20 });
  return (
    <Section title={t('dunning.history')} testId="run-history">
      <PagedTable
        list={list}
        empty={t('dunning.noRuns')}
        head={
          <>
            <th scope="col">{t('dunning.runOn')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col">{t('dunning.startedAt')}</th>
            <th scope="col" className="hide-narrow">
              {t('dunning.finishedAt')}
            </th>
            <th scope="col" className="hide-narrow">
              {t('dunning.actor')}
            </th>
            <th scope="col">{t('dunning.result')}</th>
          </>
        }
        rows={(run) => (
          <tr key={run.id}>
            <td>{f.date(run.runOn)}</td>
            <td>
              <StatusBadge status={run.status} />
            </td>
            <td>{f.dateTime(run.startedAt)}</td>
            <td className="hide-narrow">{f.dateTime(run.finishedAt)}</td>
            <td className="hide-narrow">{run.actor}</td>
            <td>
              {statsText(run.stats, (notices, claims) =>
                t('dunning.runStats', { notices: f.number(notices), claims: f.number(claims) }),
              )}
              <DecisionsLine stats={run.stats} />
            </td>
          </tr>
        )}
      />
    </Section>
  );
}

/** The decisions before the run in one line, when there were any. */
function DecisionsLine({ stats }: { stats: Run['stats'] }) {
  const { t, f } = useI18n();
  const d = decisionsOf(stats);
  const parts = [
    d.promisesKept + d.promisesBroken > 0
      ? t('dunning.historyPromises', { kept: f.number(d.promisesKept), broken: f.number(d.promisesBroken) })
      : null,
    d.plansCompleted + d.plansAccelerated > 0
      ? t('dunning.historyPlans', {
          completed: f.number(d.plansCompleted),
          accelerated: f.number(d.plansAccelerated),
        })
      : null,
    d.instalmentReminders > 0
      ? t('dunning.historyReminders', { count: f.number(d.instalmentReminders) })
      : null,
  ].filter((p) => p !== null);
  return parts.length > 0 ? <div className="muted small">{parts.join(' · ')}</div> : null;
}
