import type { CustomerDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

/** What the customer owes and how much of the credit limit that uses. */
export function CustomerTotals({
  totals,
  creditLimitCents,
}: {
  totals: CustomerDetail['totals'];
  creditLimitCents: number | null;
}) {
  const { t, f } = useI18n();
  const used = totals.creditLimitUsedPercent;
  const tone = used === null ? '' : used >= 100 ? ' meter-danger' : used >= 80 ? ' meter-warning' : '';
  return (
    <Section title={t('customer.totals')} testId="customer-totals">
      <dl className="details details-amounts">
        <div>
          <dt>{t('customers.open')}</dt>
          <dd className="num">{f.money(totals.openCents)}</dd>
        </div>
        <div>
          <dt>{t('customers.overdue')}</dt>
          <dd className={`num${totals.overdueCents > 0 ? ' text-danger' : ''}`}>
            {f.money(totals.overdueCents)}
          </dd>
        </div>
      </dl>
      {creditLimitCents !== null && used !== null ? (
        <div className="credit-limit">
          <div
            className={`meter${tone}`}
            role="meter"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.min(used, 100)}
            aria-label={t('customers.creditLimit')}
          >
            <div className="meter-fill" style={{ width: `${Math.min(used, 100)}%` }} />
          </div>
          <small>
            {t('customer.creditLimitUsed', { percent: f.percent(used), limit: f.money(creditLimitCents) })}
          </small>
        </div>
      ) : (
        <small className="muted">{t('customer.creditLimitNone')}</small>
      )}
    </Section>
  );
}
