import { Link, useParams } from '@tanstack/react-router';
import type { CustomerDetail } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { CustomerActions } from './customer-actions.tsx';
import { CustomerHolds } from './customer-holds.tsx';
import { CustomerMasterData } from './customer-master-data.tsx';
import { CustomerOpenItems } from './customer-open-items.tsx';
import { CustomerTasks } from './customer-tasks.tsx';
import { CustomerTimeline } from './customer-timeline.tsx';
import { CustomerTotals } from './customer-totals.tsx';
import { DunningBlockPanel } from './dunning-block-panel.tsx';
import { NoteForm } from './note-form.tsx';
import { CustomerCollection } from '../collection/customer-collection.tsx';
import { CustomerWriteOffs } from '../collection/customer-write-offs.tsx';
import { CustomerCourtDunning } from '../court/customer-court-dunning.tsx';
import { CustomerPlans } from '../plans/customer-plans.tsx';
import { CustomerRiskSection } from '../risk/customer-risk.tsx';
import { CustomerMandates } from '../sepa/customer-mandates.tsx';

export function CustomerDetailPage() {
  const { t } = useI18n();
  const { customerId } = useParams({ from: '/customers/$customerId' });
  const query = useApiQuery<CustomerDetail>(`/api/customers/${encodeURIComponent(customerId)}`);
  return (
    <>
      <Link to="/customers" className="back-link">
        ← {t('customers.back')}
      </Link>
      <QueryView query={query}>
        {({ customer, totals, invoices, disputes, promises, tasks }) => (
          <>
            <PageHeader
              title={
                <>
                  {customer.name} <span className="muted title-suffix">{customer.number}</span>
                </>
              }
            >
              <span className="badge badge-muted">{t(`debtorKind.${customer.debtorKind}`)}</span>
              {customer.blockReason !== null && (
                <span className="badge badge-warning">{t('customers.blocked')}</span>
              )}
            </PageHeader>
            <div className="grid grid-3">
              <CustomerMasterData customer={customer} />
              <CustomerTotals totals={totals} creditLimitCents={customer.creditLimitCents} />
              <DunningBlockPanel customer={customer} />
            </div>
            <CustomerOpenItems invoices={invoices} />
            <CustomerRiskSection customerId={customer.id} />
            <CustomerPlans customer={customer} invoices={invoices} />
            <CustomerMandates customer={customer} />
            <CustomerCollection customerId={customer.id} invoices={invoices} />
            <CustomerCourtDunning customer={customer} invoices={invoices} />
            <CustomerWriteOffs customerId={customer.id} invoices={invoices} />
            {(disputes.length > 0 || promises.length > 0) && (
              <CustomerHolds disputes={disputes} promises={promises} />
            )}
            <div className="grid grid-2">
              <div className="stack">
                <CustomerActions customerId={customer.id} invoices={invoices} />
                <CustomerTasks tasks={tasks} />
                <NoteForm customerId={customer.id} />
              </div>
              <CustomerTimeline customerId={customer.id} />
            </div>
          </>
        )}
      </QueryView>
    </>
  );
}
