import type { PlanDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** Where the plan stands by its schedule and the payments: on track (the next instalment), done, or broken. */
export function PlanStandingNote({ plan }: { plan: PlanDetail }) {
  const { t, f } = useI18n();
  const { standing } = plan;
  if (standing.status === 'completed') {
    return <p className="notice notice-success">{t('plans.standingCompleted')}</p>;
  }
  if (standing.status === 'accelerated' && standing.missed) {
    return (
      <p className="notice notice-error">
        {t('plans.standingAccelerated', {
          number: standing.missed.number,
          date: f.date(standing.missed.dueDate),
          since: f.date(standing.acceleratedOn),
        })}
      </p>
    );
  }
  return (
    <>
      <p className="notice notice-info">{t('plans.standingActive')}</p>
      {standing.next && (
        <p>
          {t('plans.nextDue')}:{' '}
          <strong>
            {t('plans.nextDueValue', {
              amount: f.money(standing.next.openCents),
              date: f.date(standing.next.dueDate),
            })}
          </strong>
        </p>
      )}
    </>
  );
}
