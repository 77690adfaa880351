import type { PlanClaim } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

/** The claims the plan covers, each as it stood on the agreement day: principal, costs, default interest. */
export function PlanClaims({ claims, claimsCents }: { claims: PlanClaim[]; claimsCents: number }) {
  const { t, f } = useI18n();
  return (
    <Section title={t('plans.claims')} testId="plan-claims">
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('plans.invoice')}</th>
              <th scope="col">{t('plans.dueDate')}</th>
              <th scope="col" className="num">
                {t('plans.principal')}
              </th>
              <th scope="col" className="num">
                {t('plans.costs')}
              </th>
              <th scope="col" className="num">
                {t('plans.defaultInterest')}
              </th>
              <th scope="col" className="num">
                {t('plans.claimTotal')}
              </th>
            </tr>
          </thead>
          <tbody>
            {claims.map((c) => (
              <tr key={c.invoiceNumber}>
                <td>{c.invoiceNumber}</td>
                <td>{f.date(c.dueDate)}</td>
                <td className="num">{f.money(c.openPrincipalCents)}</td>
                <td className="num">{f.money(c.costsCents)}</td>
                <td className="num">{f.money(c.interestCents)}</td>
                <td className="num">{f.money(c.totalCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={5}>
                {t('plans.claimsTotal')}
              </th>
              <td className="num">
                <strong>{f.money(claimsCents)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </Section>
  );
}
