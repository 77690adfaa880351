import type { InvoiceDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

export function InvoiceLines({ invoice }: { invoice: InvoiceDetail['invoice'] }) {
  const { t, f } = useI18n();
  const quantity = (q: number | string) => (typeof q === 'number' ? f.number(q, 3) : q);
  return (
    <Section title={t('invoice.lines')} testId="invoice-lines">
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('invoice.description')}</th>
              <th scope="col" className="num">
                {t('invoice.quantity')}
              </th>
              <th scope="col" className="num">
                {t('invoice.unitPrice')}
              </th>
              <th scope="col" className="num">
                {t('invoice.vatRate')}
              </th>
              <th scope="col" className="num">
                {t('invoice.net')}
              </th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line, index) => (
              <tr key={index}>
                <td>{line.description}</td>
                <td className="num">{quantity(line.quantity)}</td>
                <td className="num">{f.money(line.unitPriceCents)}</td>
                <td className="num">
                  {typeof line.vatRatePercent === 'number'
                    ? f.percent(line.vatRatePercent)
                    : line.vatRatePercent}
                </td>
                <td className="num">{f.money(line.netCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                {t('invoice.netTotal')}
              </th>
              <td className="num">{f.money(invoice.netCents)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={4}>
                {t('invoice.vatTotal')}
              </th>
              <td className="num">{f.money(invoice.vatCents)}</td>
            </tr>
            <tr className="row-total">
              <th scope="row" colSpan={4}>
                {t('invoice.grossTotal')}
              </th>
              <td className="num">{f.money(invoice.grossCents)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </Section>
  );
}
