import { Link } from '@tanstack/react-router';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { Section } from '../../ui/section.tsx';

interface PaymentSummary {
  id: number;
  customerId: number | null;
  customerNumber: string | null;
  customerName: string | null;
  receivedOn: string;
  amountCents: number;
  reference: string | null;
  payerName: string | null;
  source: string;
  reversed: boolean;
  creditCents: number;
}

/** Payments received, latest credit day first, with what of each is left as credit. */
export function PaymentList() {
  const { t, tOr, f } = useI18n();
  const list = useCursorList<PaymentSummary>('/api/payments', { limit: 50 });
  return (
    <Section title={t('payments.list')} testId="payment-list">
      <PagedTable
        list={list}
        empty={t('payments.none')}
        head={
          <>
            <th scope="col">{t('payments.receivedOn')}</th>
            <th scope="col">{t('common.customer')}</th>
            <th scope="col">{t('payments.reference')}</th>
            <th scope="col">{t('payments.source')}</th>
            <th scope="col" className="num">
              {t('payments.credit')}
            </th>
            <th scope="col" className="num">
              {t('common.amount')}
            </th>
          </>
        }
        rows={(p) => (
          <tr key={p.id}>
            <td>{f.date(p.receivedOn)}</td>
            <td>
              {p.customerId ? (
                <Link to="/customers/$customerId" params={{ customerId: String(p.customerId) }}>
                  {p.customerName ?? p.customerNumber}
                </Link>
              ) : (
                (p.payerName ?? '–')
              )}
            </td>
            <td className="wrap-anywhere">{p.reference ?? '–'}</td>
            <td>
              {tOr(`paymentSource.${p.source}`, p.source)}
              {p.reversed && <span className="muted small"> · {t('payments.reversed')}</span>}
            </td>
            <td className="num">{p.creditCents > 0 ? f.money(p.creditCents) : '–'}</td>
            <td className="num">{f.money(p.amountCents)}</td>
          </tr>
        )}
      />
    </Section>
  );
}
