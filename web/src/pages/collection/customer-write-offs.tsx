import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { CustomerInvoice, CustomerWriteOff, WrittenOff } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { SettlementForm } from './settlement-form.tsx';
import { WriteOffForm } from './write-off-form.tsx';
import { WrittenOffResult } from './written-off-result.tsx';

type Action = 'write-off' | 'settlement';

/**
 * What was written off on the customer's claims (bad debt, settlements, disputes), with the VAT to
 * correct; for a clerk, writing off claims ("Ausbuchen") and a settlement ("Vergleich").
 */
export function CustomerWriteOffs({
  customerId,
  invoices,
}: {
  customerId: number;
  invoices: CustomerInvoice[];
}) {
  const { t, f, tOr } = useI18n();
  const { canWrite } = usePermissions();
  const [action, setAction] = useState<Action | null>(null);
  const [result, setResult] = useState<{ title: string; items: WrittenOff[] } | null>(null);
  const query = useApiQuery<{ items: CustomerWriteOff[] }>(`/api/customers/${customerId}/write-offs`);
  const start = (next: Action) => {
    setAction(next);
    setResult(null);
  };
  return (
    <Section
      title={t('writeOffs.title')}
      testId="customer-write-offs"
      actions={
        canWrite && action === null ? (
          <>
            <button
              type="button"
              className="button button-small"
              onClick={() => start('settlement')}
              data-testid="settle"
            >
              {t('settlement.action')}
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => start('write-off')}
              data-testid="write-off"
            >
              {t('writeOffs.action')}
            </button>
          </>
        ) : null
      }
    >
      {action === 'write-off' && (
        <WriteOffForm
          customerId={customerId}
          invoices={invoices}
          onCancel={() => setAction(null)}
          onDone={(items) => {
            setAction(null);
            setResult({ title: t('writeOffs.done', { count: items.length }), items });
          }}
        />
      )}
      {action === 'settlement' && (
        <SettlementForm
          customerId={customerId}
          invoices={invoices}
          onCancel={() => setAction(null)}
          onDone={(settled) => {
            setAction(null);
            setResult({
              title: t('settlement.done', { amount: f.money(settled.receivedCents) }),
              items: settled.writtenOff,
            });
          }}
        />
      )}
      {result && (
        <WrittenOffResult title={result.title} items={result.items} onClose={() => setResult(null)} />
      )}
      <QueryView query={query}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState>{t('writeOffs.none')}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="write-off-list">
                <thead>
                  <tr>
                    <th scope="col">{t('writeOffs.on')}</th>
                    <th scope="col">{t('plans.invoice')}</th>
                    <th scope="col">{t('writeOffs.kindLabel')}</th>
                    <th scope="col">{t('writeOffs.reason')}</th>
                    <th scope="col" className="num">
                      {t('writeOffs.amount')}
                    </th>
                    <th scope="col" className="num">
                      {t('writeOffs.vat')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((w) => (
                    <tr key={w.writeOffId}>
                      <td>{f.date(w.writtenOffOn)}</td>
                      <td>
                        <Link to="/invoices/$invoiceId" params={{ invoiceId: String(w.invoiceId) }}>
                          {w.invoiceNumber}
                        </Link>
                      </td>
                      <td>
                        {tOr(`writeOffKind.${w.kind}`, w.kind)}
                        {w.caseId !== null && (
                          <>
                            {' · '}
                            <Link to="/collection/$caseId" params={{ caseId: String(w.caseId) }}>
                              {t('collection.caseNumber', { id: w.caseId })}
                            </Link>
                          </>
                        )}
                      </td>
                      <td>{w.reason}</td>
                      <td className="num">{f.money(w.principalCents + w.costsCents)}</td>
                      <td className="num">{f.money(w.vatCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </Section>
  );
}
