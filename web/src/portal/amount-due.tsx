/**
 * @module amount-due
 * What to pay and how: the amount due in total (open invoices not in a plan, not disputed, not
 * reported paid), for which invoices, and the transfer's details — payee, IBAN, BIC, amount and the
 * payment reference — with the GiroCode (EPC QR code) the API renders, for a banking app to scan.
 */
import { Fragment, type ReactNode } from 'react';
import { formatIban } from '../i18n/format.ts';
import { usePortalI18n } from './portal-i18n.tsx';
import type { PortalOverview } from './portal-types.ts';

/** Words kept whole on a narrow screen: `RE-2001` breaks at its hyphen otherwise. */
function unbroken(words: readonly string[], separator: string): ReactNode {
  return words.map((word, index) => (
    <Fragment key={`${index}-${word}`}>
      {index > 0 && separator}
      <span className="nowrap">{word}</span>
    </Fragment>
  ));
}

/** A text with `{invoices}` in it, the invoice numbers each kept whole. */
function withInvoices(text: string, numbers: readonly string[]): ReactNode {
  const [before, after = ''] = text.split('{invoices}');
  return (
    <>
      {before}
      {unbroken(numbers, ', ')}
      {after}
    </>
  );
}

export function AmountDue({ overview }: { overview: PortalOverview }) {
  const { t, f } = usePortalI18n();
  const due = overview.amountDue;
  const excluded = overview.invoices.some((i) => i.inInstalmentPlan || i.disputed || i.reportedPaid);
  const nextInstalment = overview.plans
    .map((p) => p.next)
    .filter((n) => n !== null)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1))[0];
  const reference = due.reference ?? due.text;
  return (
    <section className="card due" aria-labelledby="due-title">
      <h2 id="due-title">{t('due.title')}</h2>
      <p className="due-amount">
        <span className="visually-hidden">{t('due.total')}: </span>
        <strong data-testid="portal-amount-due">{f.money(due.totalCents)}</strong>
      </p>
      {due.totalCents > 0 ? (
        <p className="muted">
          {withInvoices(
            t(due.invoiceNumbers.length === 1 ? 'due.coversOne' : 'due.covers', { invoices: '{invoices}' }),
            due.invoiceNumbers,
          )}
          {' · '}
          {t('due.asOf', { date: f.date(overview.asOf) })}
        </p>
      ) : (
        <p>{t('due.nothing')}</p>
      )}
      {nextInstalment && (
        <p className="notice notice-info">
          {t('agreements.planNext', {
            amount: f.money(nextInstalment.openCents),
            date: f.date(nextInstalment.dueDate),
          })}
        </p>
      )}
      {excluded && due.totalCents > 0 && <p className="muted small">{t('due.excluded')}</p>}
      {due.totalCents > 0 &&
        (due.bank ? (
          <>
            <h3>{t('due.howTo')}</h3>
            <dl className="transfer" data-testid="portal-transfer">
              <div>
                <dt>{t('due.recipient')}</dt>
                <dd>{due.bank.accountHolder}</dd>
              </div>
              <div>
                <dt>{t('due.iban')}</dt>
                <dd className="copyable mono">{formatIban(due.bank.iban)}</dd>
              </div>
              {due.bank.bic && (
                <div>
                  <dt>{t('due.bic')}</dt>
                  <dd className="copyable mono">{due.bank.bic}</dd>
                </div>
              )}
              {due.bank.bankName && (
                <div>
                  <dt>{t('due.bank')}</dt>
                  <dd>{due.bank.bankName}</dd>
                </div>
              )}
              <div>
                <dt>{t('due.amount')}</dt>
                <dd>{f.money(due.totalCents)}</dd>
              </div>
              {reference && (
                <div>
                  <dt>{t('due.reference')}</dt>
                  <dd className="copyable mono" data-testid="portal-reference">
                    {unbroken(reference.split(' '), ' ')}
                  </dd>
                </div>
              )}
            </dl>
            {reference && <p className="muted small">{t('due.referenceHint')}</p>}
            {due.epcQr && (
              <figure className="qr">
                <img
                  src={due.epcQr.pngDataUrl}
                  width={200}
                  height={200}
                  alt={t('due.qrAlt', { amount: f.money(due.totalCents), recipient: due.bank.accountHolder })}
                  data-testid="portal-qr"
                />
                <figcaption>
                  <strong>{t('due.qrTitle')}</strong> {t('due.qrHint')}
                </figcaption>
              </figure>
            )}
          </>
        ) : (
          <p>{t('due.noBank')}</p>
        ))}
    </section>
  );
}
