import type { WrittenOff } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/**
 * What was just written off, per claim, with the VAT contained in the principal: the output VAT to
 * correct in the advance return (§ 17 Abs. 2 UStG) for an uncollectible claim.
 */
export function WrittenOffResult({
  title,
  items,
  onClose,
}: {
  title: string;
  items: WrittenOff[];
  onClose: () => void;
}) {
  const { t, f } = useI18n();
  const vat = items.reduce((sum, i) => sum + i.vatCents, 0);
  return (
    <div className="notice notice-success stack-small" role="status" data-testid="written-off-result">
      <strong>{title}</strong>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t('plans.invoice')}</th>
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
              {t('writeOffs.vat')}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.writeOffId} data-testid={`written-off-${i.invoiceNumber}`}>
              <td>{i.invoiceNumber}</td>
              <td className="num">{f.money(i.principalCents)}</td>
              <td className="num">{f.money(i.costsCents)}</td>
              <td className="num">{f.money(i.interestCents)}</td>
              <td className="num">
                <strong>{f.money(i.vatCents)}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small">{t('writeOffs.vatHint', { amount: f.money(vat) })}</p>
      <div className="button-row">
        <button type="button" className="button button-small" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
