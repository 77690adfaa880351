import { useState } from 'react';
import type { CustomerInvoice } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Section } from '../../ui/section.tsx';
import { InvoiceTable } from '../invoices/invoice-table.tsx';

/** The customer's open items (Offene Posten), optionally with the settled invoices. */
export function CustomerOpenItems({ invoices }: { invoices: CustomerInvoice[] }) {
  const { t } = useI18n();
  const [showPaid, setShowPaid] = useState(false);
  const shown = showPaid ? invoices : invoices.filter((i) => i.openCents !== 0);
  return (
    <Section
      title={t('customer.openItems')}
      testId="customer-open-items"
      actions={
        <label className="checkbox">
          <input type="checkbox" checked={showPaid} onChange={(e) => setShowPaid(e.target.checked)} />
          {t('customer.showPaid')}
        </label>
      }
    >
      {shown.length === 0 ? (
        <EmptyState>{t('customer.noOpenItems')}</EmptyState>
      ) : (
        <InvoiceTable invoices={shown} />
      )}
    </Section>
  );
}
