import { Link } from '@tanstack/react-router';
import type { CustomerInvoice, InvoiceSummary } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';

type Row = CustomerInvoice & Partial<Pick<InvoiceSummary, 'customerId' | 'customerNumber' | 'customerName'>>;

/** Invoices with due date, open amount and lateness; with a customer column when the rows are of many. */
export function InvoiceTable({
  invoices,
  showCustomer = false,
}: {
  invoices: Row[];
  showCustomer?: boolean;
}) {
  const { t, f } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="invoice-table">
        <thead>
          <tr>
            <th scope="col">{t('invoices.number')}</th>
            {showCustomer && <th scope="col">{t('common.customer')}</th>}
            <th scope="col" className="hide-narrow">
              {t('invoices.issuedOn')}
            </th>
            <th scope="col">{t('invoices.dueDate')}</th>
            <th scope="col" className="num hide-narrow">
              {t('invoices.gross')}
            </th>
            <th scope="col" className="num">
              {t('invoices.open')}
            </th>
            <th scope="col" className="num">
              {t('invoices.daysOverdue')}
            </th>
            <th scope="col">{t('common.status')}</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((i) => (
            <tr key={i.id}>
              <td>
                <Link to="/invoices/$invoiceId" params={{ invoiceId: String(i.id) }}>
                  {i.number}
                </Link>
              </td>
              {showCustomer && (
                <td>
                  {i.customerId !== undefined ? (
                    <Link to="/customers/$customerId" params={{ customerId: String(i.customerId) }}>
                      {i.customerName}
                    </Link>
                  ) : null}
                  <div className="muted small">{i.customerNumber}</div>
                </td>
              )}
              <td className="hide-narrow">{f.date(i.issuedOn)}</td>
              <td>{f.date(i.dueDate)}</td>
              <td className="num hide-narrow">{f.money(i.grossCents)}</td>
              <td className="num">{f.money(i.openCents)}</td>
              <td className={`num${i.daysOverdue > 0 ? ' text-danger' : ''}`}>
                {i.daysOverdue > 0 ? f.number(i.daysOverdue) : '–'}
              </td>
              <td>
                <StatusBadge status={i.status === 'open' && i.daysOverdue > 0 ? 'overdue' : i.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
