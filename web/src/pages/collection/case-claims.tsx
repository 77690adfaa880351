import { Link } from '@tanstack/react-router';
import type { CaseClaim, CustomerInvoice } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';

/**
 * The claims as handed over (principal, costs incl. the flat fee, interest owed on the day) and
 * where each stands now: its status and, while the customer's page is at hand, what is open on it.
 */
export function CaseClaims({
  claims,
  invoices,
}: {
  claims: CaseClaim[];
  invoices: CustomerInvoice[] | null;
}) {
  const { t, f } = useI18n();
  const openNow = new Map((invoices ?? []).map((i) => [i.id, i.openCents]));
  const total = (pick: (c: CaseClaim) => number) => claims.reduce((sum, c) => sum + pick(c), 0);
  return (
    <Section title={t('collection.claimsTitle')} testId="case-claims">
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
              <th scope="col">{t('collection.statusNow')}</th>
              <th scope="col" className="num">
                {t('collection.openNow')}
              </th>
            </tr>
          </thead>
          <tbody>
            {claims.map((c) => (
              <tr key={c.invoiceId} data-testid={`case-claim-${c.invoiceNumber}`}>
                <td>
                  <Link to="/invoices/$invoiceId" params={{ invoiceId: String(c.invoiceId) }}>
                    {c.invoiceNumber}
                  </Link>
                </td>
                <td>{f.date(c.dueDate)}</td>
                <td className="num">{f.money(c.principalCents)}</td>
                <td className="num">{f.money(c.costsCents)}</td>
                <td className="num">{f.money(c.interestCents)}</td>
                <td className="num">{f.money(c.totalCents)}</td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td className="num">
                  {openNow.has(c.invoiceId) ? f.money(openNow.get(c.invoiceId) ?? 0) : '–'}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t('collection.handedOverAmount')}
              </th>
              <td className="num">{f.money(total((c) => c.principalCents))}</td>
              <td className="num">{f.money(total((c) => c.costsCents))}</td>
              <td className="num">{f.money(total((c) => c.interestCents))}</td>
              <td className="num">
                <strong>{f.money(total((c) => c.totalCents))}</strong>
              </td>
              <td />
              <td className="num">
                {invoices
                  ? f.money(claims.reduce((sum, c) => sum + (openNow.get(c.invoiceId) ?? 0), 0))
                  : '–'}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </Section>
  );
}
