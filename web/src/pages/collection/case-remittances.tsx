import type { Remittance } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Section } from '../../ui/section.tsx';

/** What the agency reported: collected from the debtor, the debtor's costs in it, kept, forwarded. */
export function CaseRemittances({ remittances }: { remittances: Remittance[] }) {
  const { t, f } = useI18n();
  const total = (pick: (r: Remittance) => number) => remittances.reduce((sum, r) => sum + pick(r), 0);
  return (
    <Section title={t('collection.remittances')} testId="case-remittances">
      <p className="muted small">{t('collection.remittancesHint')}</p>
      {remittances.length === 0 ? (
        <EmptyState>{t('collection.noRemittances')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('collection.reportedOn')}</th>
                <th scope="col" className="num">
                  {t('collection.collected')}
                </th>
                <th scope="col" className="num">
                  {t('collection.debtorCosts')}
                </th>
                <th scope="col" className="num">
                  {t('collection.retained')}
                </th>
                <th scope="col" className="num">
                  {t('collection.forwarded')}
                </th>
              </tr>
            </thead>
            <tbody>
              {remittances.map((r) => (
                <tr key={r.id} data-testid={`remittance-${r.id}`}>
                  <td>{f.date(r.reportedOn)}</td>
                  <td className="num">{f.money(r.collectedCents)}</td>
                  <td className="num">{f.money(r.debtorCostsCents)}</td>
                  <td className="num">{f.money(r.retainedCents)}</td>
                  <td className="num">{f.money(r.forwardedCents)}</td>
                </tr>
              ))}
            </tbody>
            {remittances.length > 1 && (
              <tfoot>
                <tr>
                  <th scope="row">{t('plans.claimTotal')}</th>
                  <td className="num">{f.money(total((r) => r.collectedCents))}</td>
                  <td className="num">{f.money(total((r) => r.debtorCostsCents))}</td>
                  <td className="num">{f.money(total((r) => r.retainedCents))}</td>
                  <td className="num">
                    <strong>{f.money(total((r) => r.forwardedCents))}</strong>
                  </td>
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
    </Section>
  );
}
