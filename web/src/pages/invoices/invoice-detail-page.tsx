import { Link, useParams } from '@tanstack/react-router';
import type { InvoiceDetail } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { InvoiceClaim } from './invoice-claim.tsx';
import { InvoiceDownloads } from './invoice-downloads.tsx';
import { InvoiceLines } from './invoice-lines.tsx';
import { InvoiceNotices } from './invoice-notices.tsx';
import { InvoicePayments } from './invoice-payments.tsx';

export function InvoiceDetailPage() {
  const { t, f } = useI18n();
  const { invoiceId } = useParams({ from: '/invoices/$invoiceId' });
  const query = useApiQuery<InvoiceDetail>(`/api/invoices/${encodeURIComponent(invoiceId)}`);
  return (
    <>
      <Link to="/invoices" className="back-link">
        ← {t('invoices.back')}
      </Link>
      <QueryView query={query}>
        {(detail) => (
          <>
            <PageHeader title={t('invoice.title', { number: detail.invoice.number })}>
              <StatusBadge status={detail.invoice.status} />
            </PageHeader>
            <p className="lead">
              <Link to="/customers/$customerId" params={{ customerId: String(detail.customer.id) }}>
                {detail.customer.name}
              </Link>{' '}
              <span className="muted">({detail.customer.number})</span> · {t('invoices.issuedOn')}{' '}
              {f.date(detail.invoice.issuedOn)} · {t('invoices.dueDate')} {f.date(detail.invoice.dueDate)}
            </p>
            <div className="grid grid-3">
              <InvoiceClaim detail={detail} />
              <InvoiceDownloads detail={detail} />
            </div>
            <InvoiceLines invoice={detail.invoice} />
            <div className="grid grid-2">
              <InvoicePayments payments={detail.payments} />
              <InvoiceNotices notices={detail.notices} />
            </div>
          </>
        )}
      </QueryView>
    </>
  );
}
