import { Link } from '@tanstack/react-router';
import type { PromiseDue } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { Section } from '../../ui/section.tsx';

/** Open promises to pay, to check whether the money came by the promised day. */
export function PromisesDue() {
  const { t, f } = useI18n();
  const list = useCursorList<PromiseDue>('/api/promises', { status: 'open', limit: 50 });
  return (
    <Section title={t('customer.promises')} testId="promises-due">
      <PagedTable
        list={list}
        empty={t('common.none')}
        head={
          <>
            <th scope="col">{t('tasks.dueOn')}</th>
            <th scope="col">{t('common.customer')}</th>
            <th scope="col">{t('invoices.number')}</th>
            <th scope="col" className="num">
              {t('common.amount')}
            </th>
          </>
        }
        rows={(p) => (
          <tr key={p.id}>
            <td>{f.date(p.payBy)}</td>
            <td>
              {p.customerId ? (
                <Link to="/customers/$customerId" params={{ customerId: String(p.customerId) }}>
                  {p.customerName ?? p.customerNumber}
                </Link>
              ) : (
                (p.customerName ?? '–')
              )}
            </td>
            <td>
              <Link to="/invoices/$invoiceId" params={{ invoiceId: String(p.invoiceId) }}>
                {p.invoiceNumber ?? `#${p.invoiceId}`}
              </Link>
            </td>
            <td className="num">{f.money(p.amountCents)}</td>
          </tr>
        )}
      />
    </Section>
  );
}
