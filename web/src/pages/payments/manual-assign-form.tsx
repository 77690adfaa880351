import { type FormEvent, useState } from 'react';
import type { ReviewAssignment } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { parseInvoiceNumbers } from './invoice-numbers.ts';

/** Assign by typing invoice numbers; several split the payment across them. */
export function ManualAssignForm({
  busy,
  onAssign,
}: {
  busy: boolean;
  onAssign: (assignment: ReviewAssignment) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [numbers, setNumbers] = useState('');
  const [customer, setCustomer] = useState('');
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="assign-manually">
        {t('payments.manual')}
      </button>
    );
  }
  const invoiceNumbers = parseInvoiceNumbers(numbers);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invoiceNumbers.length === 0 && !customer.trim()) return;
    onAssign({ invoiceNumbers, ...(customer.trim() ? { customerNumber: customer.trim() } : {}) });
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="manual-assign-form">
      <Field
        label={t('payments.invoiceNumbers')}
        hint={t('payments.invoiceNumbersHint')}
        className="field-grow"
      >
        {(control) => (
          <input
            {...control}
            value={numbers}
            onChange={(e) => setNumbers(e.target.value)}
            placeholder="RE001234, RE001235"
            autoFocus
            data-testid="manual-invoice-numbers"
          />
        )}
      </Field>
      <Field label={t('payments.customerNumber')}>
        {(control) => <input {...control} value={customer} onChange={(e) => setCustomer(e.target.value)} />}
      </Field>
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || (invoiceNumbers.length === 0 && !customer.trim())}
        >
          {t('payments.assign')}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
