import { useState } from 'react';
import type { CollectionCaseSummary, CustomerInvoice } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { CaseTable } from './case-table.tsx';
import { HandoverForm } from './handover-form.tsx';

/** The customer's collection cases and, for a clerk, handing due claims over to an agency or lawyer. */
export function CustomerCollection({
  customerId,
  invoices,
}: {
  customerId: number;
  invoices: CustomerInvoice[];
}) {
  const { t } = useI18n();
  const { canWrite } = usePermissions();
  const [handingOver, setHandingOver] = useState(false);
  const query = useApiQuery<{ items: CollectionCaseSummary[] }>(
    `/api/collection-cases?status=all&customerId=${customerId}`,
  );
  return (
    <Section
      title={t('collection.forCustomer')}
      testId="customer-collection"
      actions={
        canWrite && !handingOver ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => setHandingOver(true)}
            data-testid="hand-over"
          >
            {t('collection.handOver')}
          </button>
        ) : null
      }
    >
      {handingOver && (
        <HandoverForm customerId={customerId} invoices={invoices} onCancel={() => setHandingOver(false)} />
      )}
      <QueryView query={query}>{({ items }) => <CaseTable cases={items} />}</QueryView>
    </Section>
  );
}
