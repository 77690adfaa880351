/**
 * @module risk-facts
 * One translated sentence per risk factor, built from the customer's behaviour figures (the
 * server's `detail` is English; it stays available as the calculation behind the sentence).
 */
import type { Language, RiskBand, RiskBehaviour, RiskFactorKey } from '../../api/types.ts';
import { formattersFor } from '../../i18n/format.ts';
import { translate } from '../../i18n/translate.ts';

/** The badge colour of each band. */
export const BAND_TONE: Record<RiskBand, string> = {
  low: 'badge-success',
  medium: 'badge-info',
  high: 'badge-warning',
  'very-high': 'badge-danger',
};

/** The facts behind a factor's points, in the reader's language. */
export function riskFact(key: RiskFactorKey, b: RiskBehaviour, language: Language): string {
  const f = formattersFor(language);
  const tr = (k: Parameters<typeof translate>[1], vars: Record<string, string | number> = {}) =>
    translate(language, k, vars);
  const records = f.number(b.invoicesWithRecord);
  switch (key) {
    case 'days-late':
      return b.invoicesWithRecord === 0
        ? tr('riskFact.noneDue')
        : tr('riskFact.days-late', {
            days: f.number(b.averageDaysLate, 1),
            weighted: f.number(b.weightedDaysLate, 1),
            count: records,
          });
    case 'share-late':
      return b.invoicesWithRecord === 0
        ? tr('riskFact.noneDue')
        : tr('riskFact.share-late', { percent: f.percent(b.shareLatePercent), count: records });
    case 'overdue-amount':
      return b.overdueCents === 0
        ? tr('riskFact.nothingOverdue')
        : tr('riskFact.overdue-amount', {
            amount: f.money(b.overdueCents),
            count: f.number(b.invoicesOverdue),
          });
    case 'overdue-age':
      return b.invoicesOverdue === 0
        ? tr('riskFact.nothingOverdue')
        : tr('riskFact.overdue-age', { days: f.number(b.oldestOverdueDays) });
    case 'broken-promises':
      return tr('riskFact.broken-promises', {
        broken: f.number(b.promisesBroken),
        kept: f.number(b.promisesKept),
      });
    case 'returns':
      return tr('riskFact.returns', { count: f.number(b.returnedPayments) });
    case 'disputes-lost':
      return tr('riskFact.disputes-lost', { count: f.number(b.disputesLost) });
    case 'notices':
      return tr('riskFact.notices', { count: f.number(b.noticesSent) });
    case 'collection':
      return tr('riskFact.collection', {
        count: f.number(b.collectionCases),
        amount: f.money(b.badDebtCents),
      });
    case 'thin-history':
      return tr('riskFact.thin-history', { count: records });
  }
}
