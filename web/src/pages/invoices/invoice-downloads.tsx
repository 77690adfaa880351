import type { InvoiceDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

const LABELS: Record<string, 'invoice.xrechnungUbl' | 'invoice.xrechnungCii' | 'invoice.facturx'> = {
  'xrechnung-ubl': 'invoice.xrechnungUbl',
  'xrechnung-cii': 'invoice.xrechnungCii',
  'factur-x': 'invoice.facturx',
};

/** The invoice as PDF and in the e-invoice formats the server offers for it. */
export function InvoiceDownloads({ detail }: { detail: InvoiceDetail }) {
  const { t, tOr } = useI18n();
  const base = `/api/invoices/${detail.invoice.id}`;
  const documents = detail.documents ?? {
    pdf: `${base}/pdf`,
    einvoice: Object.keys(LABELS).map((format) => ({ format, url: `${base}/einvoice?format=${format}` })),
  };
  return (
    <Section title={t('invoice.downloads')} testId="invoice-downloads">
      <ul className="link-list">
        <li>
          <a href={documents.pdf} target="_blank" rel="noopener" data-testid="invoice-pdf">
            {t('invoice.pdf')}
          </a>
        </li>
        {documents.einvoice.map((e) => (
          <li key={e.format}>
            <a href={e.url} download data-testid={`einvoice-${e.format}`}>
              {tOr(LABELS[e.format] ?? '', e.format)}
            </a>
          </li>
        ))}
        <li>
          <a href={`/api/customers/${detail.customer.id}/statement.pdf`} target="_blank" rel="noopener">
            {t('invoice.statementPdf')}
          </a>
        </li>
      </ul>
    </Section>
  );
}
