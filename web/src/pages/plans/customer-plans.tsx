import { useState } from 'react';
import type { Customer, CustomerInvoice, PlanSummary } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';
import { CreatePlanForm } from './create-plan-form.tsx';
import { PlanTable } from './plan-table.tsx';

/** The customer's instalment plans and, for a clerk, agreeing a new one for open claims. */
export function CustomerPlans({ customer, invoices }: { customer: Customer; invoices: CustomerInvoice[] }) {
  const { t } = useI18n();
  const { canWrite } = usePermissions();
  const [creating, setCreating] = useState(false);
  const list = useCursorList<PlanSummary>('/api/plans', { customerId: customer.id, limit: 20 });
  return (
    <Section
      title={t('plans.forCustomer')}
      testId="customer-plans"
      actions={
        canWrite && !creating ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => setCreating(true)}
            data-testid="create-plan"
          >
            {t('plans.create')}
          </button>
        ) : null
      }
    >
      {creating && (
        <CreatePlanForm customer={customer} invoices={invoices} onCancel={() => setCreating(false)} />
      )}
      <PlanTable list={list} />
    </Section>
  );
}
