/**
 * @module history
 * What happened so far: the customer's agreements and messages (plans, a proposal waiting, promises,
 * reported payments, disputes), the payments received, and the invoices and letters as PDFs.
 */
import { usePortalI18n } from './portal-i18n.tsx';
import type { PortalOverview } from './portal-types.ts';

export function Agreements({ overview }: { overview: PortalOverview }) {
  const { t, f } = usePortalI18n();
  const items = [
    ...overview.plans.map((p) => (
      <li key={`plan-${p.id}`} data-testid="agreement-plan">
        {t('agreements.plan', {
          date: f.date(p.agreedOn),
          total: f.money(p.totalCents),
          open: f.money(p.openCents),
        })}
        {p.next &&
          ` ${t('agreements.planNext', { amount: f.money(p.next.openCents), date: f.date(p.next.dueDate) })}`}
      </li>
    )),
    ...overview.planProposals.map((p) => (
      <li key={`proposal-${p.id}`} data-testid="agreement-proposal">
        {t('agreements.proposal', {
          date: f.date(p.proposedOn),
          months: p.months,
          total: f.money(p.totalCents),
        })}
      </li>
    )),
    ...overview.declinedProposals.map((p) => (
      <li key={`declined-${p.proposedOn}-${p.declinedOn}-${p.totalCents}`} data-testid="agreement-declined">
        {t('agreements.declined', {
          date: f.date(p.proposedOn),
          months: p.months,
          total: f.money(p.totalCents),
          declinedOn: f.date(p.declinedOn),
        })}
      </li>
    )),
    ...overview.promises.map((p) => (
      <li key={`promise-${p.invoiceNumber}-${p.madeOn}`}>
        {t('agreements.promise', {
          invoices: p.invoiceNumber,
          amount: f.money(p.amountCents),
          date: f.date(p.payBy),
        })}
      </li>
    )),
    ...overview.reportedPayments.map((r) => (
      <li key={`reported-${r.invoiceNumber}-${r.reportedOn}-${r.paidOn}`}>
        {t('agreements.reported', {
          invoice: r.invoiceNumber,
          amount: f.money(r.amountCents),
          date: f.date(r.paidOn),
        })}{' '}
        {t(`agreements.reported.${r.status}`)}
      </li>
    )),
    ...overview.disputes.map((d) => (
      <li key={`dispute-${d.id}`}>
        {t('agreements.dispute', { invoice: d.invoiceNumber, date: f.date(d.openedOn) })}{' '}
        {d.resolvedOn
          ? `${t('agreements.disputeResolved', { date: f.date(d.resolvedOn) })}${d.resolution ? ` ${d.resolution}` : ''}`
          : t('agreements.disputeOpen')}
      </li>
    )),
  ];
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="agreements-title">
      <h2 id="agreements-title">{t('agreements.title')}</h2>
      <ul className="plain-list">{items}</ul>
    </section>
  );
}

export function Payments({ overview }: { overview: PortalOverview }) {
  const { t, f } = usePortalI18n();
  return (
    <section className="card" aria-labelledby="payments-title">
      <h2 id="payments-title">{t('payments.title')}</h2>
      {overview.payments.length === 0 ? (
        <p className="muted">{t('payments.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('payments.date')}</th>
              <th scope="col" className="number">
                {t('payments.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.payments.map((p) => (
              <tr key={p.id}>
                <td>{f.date(p.receivedOn)}</td>
                <td className="number">
                  {p.reversed ? <s>{f.money(p.amountCents)}</s> : f.money(p.amountCents)}
                  {p.reversed && <span className="muted small"> ({t('payments.reversed')})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Documents({ overview }: { overview: PortalOverview }) {
  const { t, f } = usePortalI18n();
  return (
    <section className="card" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('documents.title')}</h2>
      {overview.documents.length === 0 ? (
        <p className="muted">{t('documents.none')}</p>
      ) : (
        <ul className="documents">
          {overview.documents.map((d) => (
            <li key={`${d.kind}-${d.id}`}>
              <a href={d.href} target="_blank" rel="noopener" data-testid={`document-${d.kind}-${d.id}`}>
                {d.title}
              </a>
              <span className="muted small">
                {/* A letter's title names its date already. */}
                {d.kind === 'invoice' ? ` · ${f.date(d.date)}` : ''} · {t('documents.pdf')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
