/**
 * @module overview-page
 * The portal's page once the session is open: the company and the customer, what to pay and how,
 * the open invoices, what the customer can do, the agreements so far, payments and documents, and
 * how to reach the company. One column, made for a phone first.
 */
import { localeOf } from '../i18n/format.ts';
import { ActionPanel } from './action-panel.tsx';
import { AmountDue } from './amount-due.tsx';
import { BillingEmailForm } from './billing-email-form.tsx';
import { DisputeForm } from './dispute-form.tsx';
import { Agreements, Documents, Payments } from './history.tsx';
import { InvoiceList } from './invoice-list.tsx';
import { PaidAlreadyForm } from './paid-already-form.tsx';
import { PlanForm } from './plan-form.tsx';
import { usePortalI18n } from './portal-i18n.tsx';
import type { PortalOverview } from './portal-types.ts';
import { PromiseForm } from './promise-form.tsx';

export function OverviewPage({
  overview,
  expiresAt,
  onLogout,
  notice,
}: {
  overview: PortalOverview;
  expiresAt: string | null;
  onLogout: () => void;
  /** A problem of the page itself (a failed reload or logout), in words. */
  notice: string | null;
}) {
  const { language, t } = usePortalI18n();
  const { company, customer } = overview;
  // An instant, shown in the browser's time zone: the customer's own clock.
  const time = expiresAt
    ? new Date(expiresAt).toLocaleTimeString(localeOf(language), { hour: '2-digit', minute: '2-digit' })
    : null;
  return (
    <>
      <header className="portal-header">
        <div className="portal-header-top">
          <p className="eyebrow">{t('header.portal')}</p>
          <button
            type="button"
            className="button button-quiet"
            onClick={onLogout}
            data-testid="portal-logout"
          >
            {t('header.logout')}
          </button>
        </div>
        <h1 data-testid="portal-company">{company.name}</h1>
        <p className="muted" data-testid="portal-customer">
          {t('header.customer', { name: customer.name, number: customer.number })}
        </p>
      </header>
      <main className="portal-main" id="main">
        {notice && (
          <p className="notice notice-error" role="alert">
            {notice}
          </p>
        )}
        <AmountDue overview={overview} />
        <InvoiceList overview={overview} />
        <section aria-labelledby="actions-title">
          <h2 id="actions-title" className="section-title">
            {t('actions.title')}
          </h2>
          <div className="actions">
            <ActionPanel id="paid" title={t('actions.paid')} intro={t('actions.paid.intro')}>
              {(report) => <PaidAlreadyForm overview={overview} report={report} />}
            </ActionPanel>
            <ActionPanel
              id="promise"
              title={t('actions.promise')}
              intro={t('actions.promise.intro', { days: overview.limits.promiseMaxDays })}
            >
              {(report) => <PromiseForm overview={overview} report={report} />}
            </ActionPanel>
            <ActionPanel id="plan" title={t('actions.plan')} intro={t('actions.plan.intro')}>
              {(report) => <PlanForm overview={overview} report={report} />}
            </ActionPanel>
            <ActionPanel id="dispute" title={t('actions.dispute')} intro={t('actions.dispute.intro')}>
              {(report) => <DisputeForm overview={overview} report={report} />}
            </ActionPanel>
            <ActionPanel id="email" title={t('actions.email')}>
              {(report) => <BillingEmailForm overview={overview} report={report} />}
            </ActionPanel>
          </div>
        </section>
        <Agreements overview={overview} />
        <Payments overview={overview} />
        <Documents overview={overview} />
      </main>
      <footer className="portal-footer">
        {(company.email || company.phone) && (
          <p>
            {t('footer.contact')}{' '}
            {company.email && (
              <>
                {t('footer.email')}: <a href={`mailto:${company.email}`}>{company.email}</a>
              </>
            )}
            {company.email && company.phone && ' · '}
            {company.phone && (
              <>
                {t('footer.phone')}:{' '}
                <a href={`tel:${company.phone.replace(/[^\d+]/g, '')}`}>{company.phone}</a>
              </>
            )}
          </p>
        )}
        <p className="muted small">
          {t('footer.personal')}
          {time && ` ${t('footer.expires', { time })}`}
        </p>
      </footer>
    </>
  );
}
