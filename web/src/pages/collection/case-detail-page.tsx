import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import type { CollectionCase, CustomerDetail } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { CaseClaims } from './case-claims.tsx';
import { CaseFileLinks } from './case-file-links.tsx';
import { CaseHistory } from './case-history.tsx';
import { CaseRemittances } from './case-remittances.tsx';
import { CloseCaseForm } from './close-case-form.tsx';
import { RemittanceForm } from './remittance-form.tsx';

type Action = 'remittance' | 'closed' | 'returned';

/**
 * One collection case: the agency and its reference, the claims as handed over and where they stand
 * now, what the agency remitted, the case file to download; recording a remittance, closing the case
 * (writing off the rest) or returning it to the company's own dunning.
 */
export function CaseDetailPage() {
  const { t } = useI18n();
  const { caseId } = useParams({ from: '/collection/$caseId' });
  const query = useApiQuery<CollectionCase>(`/api/collection-cases/${encodeURIComponent(caseId)}`);
  return (
    <>
      <Link to="/collection" className="back-link">
        ← {t('collection.back')}
      </Link>
      <QueryView query={query}>{(c) => <CaseView collectionCase={c} />}</QueryView>
    </>
  );
}

function CaseView({ collectionCase: c }: { collectionCase: CollectionCase }) {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<Action | null>(null);
  // What is open on each claim now: the customer's page knows it (and is cached from there).
  const customer = useApiQuery<CustomerDetail>(`/api/customers/${c.customerId}`);
  const isOpen = c.status === 'handed-over' || c.status === 'agency-paid';
  const retainedCents = c.remittances.reduce((sum, r) => sum + r.retainedCents, 0);
  const debtorCostsCents = c.remittances.reduce((sum, r) => sum + r.debtorCostsCents, 0);
  const facts: [string, string, boolean?][] = [
    [t('collection.kind'), t(`caseKind.${c.kind}`)],
    [t('collection.agencyReference'), c.agencyReference ?? '–'],
    [t('collection.handedOverOn'), f.date(c.handedOverOn)],
    [t('collection.handedOverAmount'), f.money(c.handedOverCents), true],
    [t('collection.collected'), f.money(c.collectedCents)],
    [t('collection.debtorCosts'), f.money(debtorCostsCents)],
    [t('collection.retained'), f.money(retainedCents)],
    [t('collection.forwarded'), f.money(c.forwardedCents), true],
  ];
  const start = (next: Action) => {
    setAction(next);
    setDone(null);
  };
  const finish = (which: Action) => {
    setAction(null);
    setDone(which);
  };
  return (
    <>
      <PageHeader
        title={
          <>
            {t('collection.detailTitle', { id: c.id, agency: c.agencyName })}{' '}
            <span className="muted title-suffix">
              <Link to="/customers/$customerId" params={{ customerId: String(c.customerId) }}>
                {c.customerName}
              </Link>{' '}
              {c.customerNumber}
            </span>
          </>
        }
      >
        <StatusBadge status={c.status} />
        {c.closedOn && (
          <span className="muted small" data-testid="case-closed-on">
            {t('collection.closedOn', { date: f.date(c.closedOn) })}
          </span>
        )}
        {canWrite && isOpen && (
          <>
            <button
              type="button"
              className="button button-primary"
              onClick={() => start('remittance')}
              data-testid="case-record-remittance"
            >
              {t('collection.recordRemittance')}
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => start('closed')}
              data-testid="case-close"
            >
              {t('collection.close')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => start('returned')}
              data-testid="case-return"
            >
              {t('collection.return')}
            </button>
          </>
        )}
      </PageHeader>
      {action === 'remittance' && (
        <Section title={t('collection.recordRemittance')} testId="remittance-section">
          <RemittanceForm
            collectionCase={c}
            onDone={() => finish('remittance')}
            onCancel={() => setAction(null)}
          />
        </Section>
      )}
      {(action === 'closed' || action === 'returned') && (
        <Section
          title={action === 'closed' ? t('collection.close') : t('collection.return')}
          testId="close-case-section"
        >
          <CloseCaseForm
            collectionCase={c}
            outcome={action}
            openClaims={c.claims
              .filter((claim) => claim.status === 'open')
              .map((claim) => claim.invoiceNumber)}
            onDone={() => finish(action)}
            onCancel={() => setAction(null)}
          />
        </Section>
      )}
      {done && (
        <p className="notice notice-success" role="status" data-testid="case-done">
          {t(`collection.done.${done}`)}
        </p>
      )}
      <div className="grid grid-2">
        <Section title={t('collection.summary')} testId="case-summary">
          <dl className="details">
            {facts.map(([label, value, strong]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{strong ? <strong>{value}</strong> : value}</dd>
              </div>
            ))}
          </dl>
        </Section>
        <Section title={t('collection.caseFile')} testId="case-file">
          <CaseFileLinks caseId={c.id} />
        </Section>
      </div>
      <CaseClaims claims={c.claims} invoices={customer.data?.invoices ?? null} />
      <CaseRemittances remittances={c.remittances} />
      <CaseHistory caseId={c.id} />
    </>
  );
}
