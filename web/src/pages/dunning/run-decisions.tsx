import type { RunDecisions } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The decisions a run's stored figures carry (they are kept as the run left them, so read with care). */
export function decisionsOf(stats: Record<string, unknown> | null | undefined) {
  const s = (stats ?? {}) as RunDecisions & Record<string, unknown>;
  return {
    promisesKept: count(s.promises?.kept),
    promisesBroken: count(s.promises?.broken),
    promiseTasks: count(s.promises?.reminders),
    plansCompleted: count(s.plans?.completed),
    plansAccelerated: count(s.plans?.accelerated),
    instalmentReminders: count(s.instalmentReminders),
  };
}

/**
 * What the run decided before it dunned: promises to pay kept or broken (and the follow-up tasks on
 * the promised day), instalment plans completed or accelerated, and the e-mail reminders of
 * upcoming instalments it queued.
 */
export function RunDecisionsView({ stats }: { stats: Record<string, unknown> | null | undefined }) {
  const { t, f } = useI18n();
  const d = decisionsOf(stats);
  const rows: [string, number, string][] = [
    [t('dunning.promisesKept'), d.promisesKept, 'promises-kept'],
    [t('dunning.promisesBroken'), d.promisesBroken, 'promises-broken'],
    [t('dunning.promiseTasks'), d.promiseTasks, 'promise-tasks'],
    [t('dunning.plansCompleted'), d.plansCompleted, 'plans-completed'],
    [t('dunning.plansAccelerated'), d.plansAccelerated, 'plans-accelerated'],
    [t('dunning.instalmentReminders'), d.instalmentReminders, 'instalment-reminders'],
  ];
  const decided = rows.filter(([, value]) => value > 0);
  return (
    <div data-testid="run-decisions">
      <h4>{t('dunning.decidedBefore')}</h4>
      {decided.length === 0 ? (
        <p className="muted">{t('dunning.nothingDecided')}</p>
      ) : (
        <table className="table table-compact">
          <tbody>
            {decided.map(([label, value, id]) => (
              <tr key={id}>
                <th scope="row">{label}</th>
                <td className="num" data-testid={`run-${id}`}>
                  {f.number(value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
