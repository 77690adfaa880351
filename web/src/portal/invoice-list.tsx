/**
 * @module invoice-list
 * The customer's open invoices, oldest due first, each as a card: number, where it stands in plain
 * words, its dates and amounts, and its PDF.
 */
import { invoiceStateWords } from './invoice-state.ts';
import { usePortalI18n } from './portal-i18n.tsx';
import type { PortalOverview } from './portal-types.ts';

export function InvoiceList({ overview }: { overview: PortalOverview }) {
  const { language, t, f } = usePortalI18n();
  const pdfOf = new Map(overview.documents.filter((d) => d.kind === 'invoice').map((d) => [d.id, d.href]));
  return (
    <section aria-labelledby="invoices-title">
      <h2 id="invoices-title" className="section-title">
        {t('invoices.title')}
      </h2>
      {overview.invoices.length === 0 ? (
        <p className="card">{t('invoices.none')}</p>
      ) : (
        <ul className="invoice-list">
          {overview.invoices.map((invoice) => {
            const words = invoiceStateWords(invoice, overview.asOf, language);
            const pdf = pdfOf.get(invoice.id);
            return (
              <li key={invoice.id} className="card invoice" data-testid={`portal-invoice-${invoice.number}`}>
                <div className="invoice-head">
                  <h3>{t('invoices.number', { number: invoice.number })}</h3>
                  <span className={`badge badge-${words.tone}`}>{words.badge}</span>
                </div>
                <p className="invoice-state">{words.text}</p>
                <dl className="facts">
                  <div>
                    <dt>{t('invoices.issuedOn')}</dt>
                    <dd>{f.date(invoice.issuedOn)}</dd>
                  </div>
                  <div>
                    <dt>{t('invoices.dueDate')}</dt>
                    <dd>{f.date(invoice.dueDate)}</dd>
                  </div>
                  <div>
                    <dt>{t('invoices.gross')}</dt>
                    <dd>{f.money(invoice.grossCents)}</dd>
                  </div>
                  <div>
                    <dt>
                      {invoice.openCents > invoice.grossCents
                        ? t('invoices.openWithCosts')
                        : t('invoices.open')}
                    </dt>
                    <dd>
                      <strong>{f.money(invoice.openCents)}</strong>
                    </dd>
                  </div>
                </dl>
                {pdf && (
                  <a className="pdf-link" href={pdf} target="_blank" rel="noopener">
                    {t('invoices.pdf')}
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
