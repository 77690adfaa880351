import { listItems } from '../../api/list-items.ts';
import type { BaseRate, Page } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';

/** The Basiszinssatz table (§247 BGB) that default interest is computed from, newest first. */
export function BaseRatesPanel() {
  const { t, f } = useI18n();
  const query = useApiQuery<BaseRate[] | Page<BaseRate>>('/api/base-rates');
  return (
    <Section title={t('settings.baseRates')} testId="base-rates">
      <p className="muted">{t('baseRates.intro')}</p>
      <QueryView query={query}>
        {(data) => (
          <table className="table table-compact base-rates">
            <thead>
              <tr>
                <th scope="col">{t('baseRates.validFrom')}</th>
                <th scope="col" className="num">
                  {t('baseRates.rate')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...listItems(data)]
                .sort((a, b) => b.validFrom.localeCompare(a.validFrom))
                .map((rate) => (
                  <tr key={rate.validFrom}>
                    <td>{f.date(rate.validFrom)}</td>
                    <td className="num">{f.percent(Number(rate.ratePercent), 2)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </Section>
  );
}
