import type { InvoiceDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Section } from '../../ui/section.tsx';

export function InvoicePayments({ payments }: { payments: InvoiceDetail['payments'] }) {
  const { t, f } = useI18n();
  return (
    <Section title={t('invoice.payments')} testId="invoice-payments">
      {payments.length === 0 ? (
        <EmptyState>{t('invoice.noPayments')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('invoice.bookedOn')}</th>
                <th scope="col">{t('invoice.source')}</th>
                <th scope="col" className="hide-narrow">
                  {t('payments.remittance')}
                </th>
                <th scope="col" className="num">
                  {t('common.amount')}
                </th>
                <th scope="col" className="num">
                  {t('invoice.allocated')}
                </th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr key={p.id}>
                  <td>{f.date(p.receivedOn ?? p.bookedOn)}</td>
                  <td>
                    {p.source}
                    {p.reversed && (
                      <span className="badge badge-danger badge-inline">{t('invoice.reversed')}</span>
                    )}
                  </td>
                  <td className="hide-narrow break">{p.reference ?? p.payerName ?? '–'}</td>
                  <td className="num">{f.money(p.amountCents)}</td>
                  <td className="num">{f.money(p.allocatedCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
