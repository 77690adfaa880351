import { ApiError } from '../../api/api-error.ts';
import { indexIn } from '../../api/field-error.ts';
import type { CustomerInvoice } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/**
 * Checkboxes for a customer's open claims (number, open amount, due date, days overdue). A server
 * message about one of the chosen claims (`invoiceIds.2`, or `invoiceNumbers.2` from the service)
 * stands at that claim; one about the list as a whole below it.
 */
export function ClaimPicker({
  legend,
  invoices,
  selected,
  onChange,
  error,
  localError,
  testIdPrefix,
}: {
  legend: string;
  invoices: CustomerInvoice[];
  selected: number[];
  onChange: (ids: number[]) => void;
  error: unknown;
  localError?: string | null | undefined;
  testIdPrefix: string;
}) {
  const { t, f } = useI18n();
  const messages = new Map<number, string>();
  let listMessage: string | undefined;
  if (error instanceof ApiError) {
    for (const e of error.errors) {
      const index = indexIn(e.path, 'invoiceIds') ?? indexIn(e.path, 'invoiceNumbers');
      const id = index === null ? undefined : selected[index];
      if (id !== undefined) messages.set(id, e.message);
      else if (/^(body\.)?(invoiceIds|invoiceNumbers)$/.test(e.path)) listMessage = e.message;
    }
  }
  const problem = localError ?? listMessage;
  return (
    <fieldset className="invoice-picker" aria-invalid={problem || messages.size > 0 ? true : undefined}>
      <legend>{legend}</legend>
      {invoices.map((invoice) => (
        <label key={invoice.id} className="checkbox">
          <input
            type="checkbox"
            checked={selected.includes(invoice.id)}
            data-testid={`${testIdPrefix}-${invoice.number}`}
            onChange={(e) =>
              onChange(
                e.target.checked ? [...selected, invoice.id] : selected.filter((id) => id !== invoice.id),
              )
            }
          />
          {invoice.number} · {f.money(invoice.openCents)} ·{' '}
          {t('collection.dueOn', { date: f.date(invoice.dueDate) })}
          {invoice.daysOverdue > 0 && (
            <span className="text-danger small">
              {' '}
              ({t('collection.daysOverdue', { count: invoice.daysOverdue })})
            </span>
          )}
          {messages.has(invoice.id) && <small className="field-error"> {messages.get(invoice.id)}</small>}
        </label>
      ))}
      {problem && <small className="field-error">{problem}</small>}
    </fieldset>
  );
}
