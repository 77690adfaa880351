import type { CustomerRisk } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { RiskBandBadge } from './risk-band-badge.tsx';
import { riskFact } from './risk-facts.ts';

function ExposureView({ exposure }: { exposure: CustomerRisk['exposure'] }) {
  const { t, f } = useI18n();
  const used = exposure.usedPercent;
  const tone = used === null ? '' : used >= 100 ? ' meter-danger' : used >= 80 ? ' meter-warning' : '';
  return (
    <div className="stack" data-testid="risk-exposure">
      <h3>{t('risk.exposure')}</h3>
      <dl className="details details-amounts">
        <div>
          <dt>{t('risk.openClaims')}</dt>
          <dd className="num">{f.money(exposure.openClaimsCents)}</dd>
        </div>
        <div>
          <dt>{t('risk.openOrders')}</dt>
          <dd className="num">{f.money(exposure.openOrdersCents)}</dd>
        </div>
        <div>
          <dt>{t('risk.exposureTotal')}</dt>
          <dd className="num">
            <strong>{f.money(exposure.totalCents)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('risk.creditLimit')}</dt>
          <dd className="num">
            {exposure.creditLimitCents === null ? '–' : f.money(exposure.creditLimitCents)}
          </dd>
        </div>
      </dl>
      {exposure.creditLimitCents !== null && used !== null ? (
        <div className="credit-limit">
          <div
            className={`meter${tone}`}
            role="meter"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.min(used, 100)}
            aria-label={t('risk.creditLimit')}
          >
            <div className="meter-fill" style={{ width: `${Math.min(used, 100)}%` }} />
          </div>
          <small>{t('risk.used', { percent: f.percent(used) })}</small>
          {exposure.overLimitCents > 0 && (
            <p className="notice notice-error" data-testid="risk-over-limit">
              {t('risk.overLimit', { amount: f.money(exposure.overLimitCents) })}
            </p>
          )}
        </div>
      ) : (
        <small className="muted">{t('risk.noLimit')}</small>
      )}
    </div>
  );
}

function SuggestedLimitView({ risk }: { risk: CustomerRisk }) {
  const { t, f, language } = useI18n();
  const s = risk.suggestedLimit;
  return (
    <div className="stack" data-testid="risk-suggested-limit">
      <h3>{t('risk.suggestedLimit')}</h3>
      {s.cents === null ? (
        <p className="muted">{t('risk.suggestedNone')}</p>
      ) : (
        <>
          <p className="kpi-value num">{f.money(s.cents)}</p>
          <p className="small">
            {language === 'en'
              ? s.detail
              : t('risk.suggestedExplain', {
                  volume: f.money(s.monthlyVolumeCents),
                  months: f.number(s.monthsPercent / 100, 2),
                  step: f.money(s.stepCents),
                })}
            {s.cents === 0 && <> {t('risk.suggestedAdvance')}</>}
          </p>
        </>
      )}
    </div>
  );
}

function RiskView({ risk }: { risk: CustomerRisk }) {
  const { t, f, language } = useI18n();
  const b = risk.behaviour;
  const figures: [string, string][] = [
    [t('risk.invoicesWithRecord'), f.number(b.invoicesWithRecord)],
    [t('risk.invoicesSettled'), f.number(b.invoicesSettled)],
    [t('risk.invoicesOverdue'), f.number(b.invoicesOverdue)],
    [t('risk.averageDaysLate'), f.number(b.averageDaysLate, 1)],
    [t('risk.weightedDaysLate'), f.number(b.weightedDaysLate, 1)],
    [t('risk.shareLate'), f.percent(b.shareLatePercent)],
    [t('risk.monthlyVolume'), f.money(b.monthlyVolumeCents)],
  ];
  return (
    <div className="stack">
      <div className="risk-score">
        <span className="risk-score-value num" data-testid="risk-score">
          {risk.score}
        </span>
        <div>
          <div className="muted small">{t('risk.score')}</div>
          <RiskBandBadge band={risk.band} />
          <div className="small muted">{t('risk.asOf', { date: f.date(risk.asOf) })}</div>
        </div>
        <div className="meter risk-score-meter" aria-hidden="true">
          <div className={`meter-fill risk-fill-${risk.band}`} style={{ width: `${risk.score}%` }} />
        </div>
      </div>
      <p className="small">
        {t('risk.expectation', {
          days: f.number(risk.expectation.typicalDaysLate),
          percent: f.percent(risk.expectation.probabilityPercent),
        })}
      </p>
      <div className="table-wrap">
        <table className="table table-compact" data-testid="risk-factors">
          <thead>
            <tr>
              <th scope="col">{t('risk.factor')}</th>
              <th scope="col" className="num">
                {t('risk.points')}
              </th>
              <th scope="col">{t('risk.facts')}</th>
            </tr>
          </thead>
          <tbody>
            {risk.factors.map((factor) => (
              <tr key={factor.key} className={factor.points > 0 ? '' : 'muted'} data-factor={factor.key}>
                <th scope="row">{t(`riskFactor.${factor.key}`)}</th>
                <td className="num">
                  {f.number(factor.points, 1)} / {factor.maxPoints}
                </td>
                <td
                  title={language === 'en' ? undefined : t('risk.detailEnglish', { detail: factor.detail })}
                >
                  {language === 'en' ? factor.detail : riskFact(factor.key, b, language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid grid-3">
        <div className="stack" data-testid="risk-behaviour">
          <h3>{t('risk.behaviour')}</h3>
          <dl className="details">
            {figures.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd className="num">{value}</dd>
              </div>
            ))}
          </dl>
        </div>
        <ExposureView exposure={risk.exposure} />
        <SuggestedLimitView risk={risk} />
      </div>
    </div>
  );
}

/** "Zahlungsverhalten & Risiko": the score and its factors, behaviour, exposure and a suggested limit. */
export function CustomerRiskSection({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const query = useApiQuery<CustomerRisk>(`/api/customers/${customerId}/risk`);
  return (
    <Section title={t('risk.section')} testId="customer-risk">
      <QueryView query={query}>{(risk) => <RiskView risk={risk} />}</QueryView>
    </Section>
  );
}
