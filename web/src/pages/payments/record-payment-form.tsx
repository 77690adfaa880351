import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { usePermissions } from '../../auth/session.ts';
import { localDateFromToday, parseAmountInput } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { Section } from '../../ui/section.tsx';
import { parseInvoiceNumbers } from './invoice-numbers.ts';

interface PaymentInput {
  customerNumber: string;
  amountCents: number;
  bookedOn: string;
  invoiceNumbers: string[];
  reference: string | null;
}

/**
 * A payment that did not come by bank statement. Each submission carries its own Idempotency-Key,
 * so a double click or a retried request books it once.
 */
export function RecordPaymentForm() {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const [customerNumber, setCustomerNumber] = useState('');
  const [amount, setAmount] = useState('');
  const [bookedOn, setBookedOn] = useState(() => localDateFromToday());
  const [invoices, setInvoices] = useState('');
  const [reference, setReference] = useState('');
  const [amountError, setAmountError] = useState<string | undefined>();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const record = useApiMutation(
    (input: PaymentInput) =>
      api.post<{ amountCents: number }>('/api/payments', input, { 'idempotency-key': key }),
    () => {
      setKey(crypto.randomUUID());
      setAmount('');
      setInvoices('');
      setReference('');
    },
  );
  if (!canWrite) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amountCents = parseAmountInput(amount);
    if (amountCents === null || amountCents <= 0) {
      setAmountError(t('payments.invalidAmount'));
      return;
    }
    setAmountError(undefined);
    record.mutate({
      customerNumber: customerNumber.trim(),
      amountCents,
      bookedOn,
      invoiceNumbers: parseInvoiceNumbers(invoices),
      reference: reference.trim() || null,
    });
  };
  return (
    <Section title={t('payments.record')} testId="record-payment">
      <p className="muted small">{t('payments.recordHint')}</p>
      <form className="inline-form" onSubmit={submit}>
        <Field label={t('payments.recordCustomer')}>
          {(control) => (
            <input
              {...control}
              required
              value={customerNumber}
              onChange={(e) => setCustomerNumber(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('payments.amount')} error={amountError}>
          {(control) => (
            <input
              {...control}
              required
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('payments.receivedOn')}>
          {(control) => (
            <input
              {...control}
              type="date"
              required
              value={bookedOn}
              onChange={(e) => setBookedOn(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('payments.recordInvoices')} className="field-grow">
          {(control) => <input {...control} value={invoices} onChange={(e) => setInvoices(e.target.value)} />}
        </Field>
        <Field label={t('payments.reference')} className="field-grow">
          {(control) => (
            <input
              {...control}
              value={reference}
              maxLength={500}
              onChange={(e) => setReference(e.target.value)}
            />
          )}
        </Field>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={record.isPending}>
            {t('payments.record')}
          </button>
        </div>
      </form>
      {record.error ? <ErrorNotice error={record.error} /> : null}
      {record.data && (
        <p className="notice notice-success" role="status">
          {t('payments.recorded', { amount: f.money(record.data.amountCents) })}
        </p>
      )}
    </Section>
  );
}
