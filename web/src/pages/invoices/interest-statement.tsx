import type { InterestSegment } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** Default interest period by period and rate (§ 288 BGB), so every cent can be followed. */
export function InterestStatement({ segments }: { segments: InterestSegment[] }) {
  const { t, f } = useI18n();
  const rate = (value: string | number | undefined) =>
    value === undefined ? '–' : f.percent(Number(value), 2);
  return (
    <details className="interest-statement">
      <summary>{t('invoice.statement')}</summary>
      <div className="table-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('invoice.period')}</th>
              <th scope="col" className="num">
                {t('invoice.days')}
              </th>
              <th scope="col" className="num">
                {t('invoice.principal')}
              </th>
              <th scope="col" className="num">
                {t('invoice.baseRate')}
              </th>
              <th scope="col" className="num">
                {t('invoice.rate')}
              </th>
              <th scope="col" className="num">
                {t('invoice.interest')}
              </th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => (
              <tr key={`${s.from}:${s.principalCents}`}>
                <td>
                  {f.date(s.from)} – {f.date(s.to)}
                </td>
                <td className="num">{f.number(s.days)}</td>
                <td className="num">{f.money(s.principalCents)}</td>
                <td className="num">{rate(s.baseRatePercent)}</td>
                <td className="num">{rate(s.ratePercent)}</td>
                <td className="num">{f.money(s.interestCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
