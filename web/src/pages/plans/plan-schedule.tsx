import type { PlanDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

/** The schedule: each instalment with its due date, amount (and interest), what is paid and what is open. */
export function PlanSchedule({ plan }: { plan: PlanDetail }) {
  const { t, f } = useI18n();
  const withInterest = plan.interest !== null;
  const asOf = plan.standing.asOf;
  return (
    <Section title={t('plans.schedule')} testId="plan-schedule">
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('plans.instalment')}</th>
              <th scope="col">{t('plans.dueDate')}</th>
              <th scope="col" className="num">
                {t('plans.amount')}
              </th>
              {withInterest && (
                <th scope="col" className="num">
                  {t('plans.ofWhichInterest')}
                </th>
              )}
              <th scope="col" className="num">
                {t('plans.instalmentPaid')}
              </th>
              <th scope="col" className="num">
                {t('plans.instalmentOpen')}
              </th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.instalments.map((i) => {
              const open = Math.max(0, i.amountCents - i.paidCents);
              const state = open === 0 ? 'paid' : i.dueDate < asOf ? 'overdue' : 'open';
              return (
                <tr key={i.number} data-testid={`instalment-${i.number}`}>
                  <td>{i.number === 0 ? t('plans.downPayment') : `${i.number}.`}</td>
                  <td>{f.date(i.dueDate)}</td>
                  <td className="num">{f.money(i.amountCents)}</td>
                  {withInterest && <td className="num">{f.money(i.interestCents)}</td>}
                  <td className="num">{f.money(i.paidCents)}</td>
                  <td className="num">{f.money(open)}</td>
                  <td>
                    <span
                      className={`badge badge-${state === 'paid' ? 'success' : state === 'overdue' ? 'danger' : 'info'}`}
                    >
                      {t(`status.${state}`)}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t('plans.total')}
              </th>
              <td className="num">
                <strong>{f.money(plan.totalCents)}</strong>
              </td>
              {withInterest && <td className="num">{f.money(plan.interest?.totalCents ?? 0)}</td>}
              <td className="num">{f.money(plan.paidCents)}</td>
              <td className="num">
                <strong>{f.money(plan.openCents)}</strong>
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </Section>
  );
}
