import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { fieldError } from '../../api/field-error.ts';
import type { CustomerInvoice, Settlement } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { localDateFromToday, parseAmountInput } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { ClaimPicker } from './claim-picker.tsx';

const FIELDS = [
  'invoiceIds',
  'invoiceNumbers',
  'amountReceivedCents',
  'amountReceived',
  'reason',
  'settledOn',
];

interface SettlementBody {
  invoiceIds: number[];
  amountReceivedCents?: number;
  reason: string;
  settledOn: string;
}

/**
 * A settlement (Vergleich): the customer pays a reduced amount for the chosen claims, which is
 * booked (unless it was booked already), and the rest of them is written off.
 */
export function SettlementForm({
  customerId,
  invoices,
  onDone,
  onCancel,
}: {
  customerId: number;
  invoices: CustomerInvoice[];
  onDone: (result: Settlement) => void;
  onCancel: () => void;
}) {
  const { t, f } = useI18n();
  const open = invoices.filter((i) => i.openCents > 0 && i.status === 'open');
  const [selected, setSelected] = useState<number[]>([]);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [settledOn, setSettledOn] = useState(() => localDateFromToday(0));
  const [local, setLocal] = useState<{ claims?: string; amount?: string; reason?: string }>({});
  const settle = useApiMutation(
    (body: SettlementBody) => api.post<Settlement>(`/api/customers/${customerId}/settlements`, body),
    onDone,
  );
  const chosenOpen = open.filter((i) => selected.includes(i.id)).reduce((sum, i) => sum + i.openCents, 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: typeof local = {};
    if (selected.length === 0) problems.claims = t('collection.chooseClaim');
    const cents = amount.trim() === '' ? undefined : parseAmountInput(amount);
    if (cents === null || cents === 0) problems.amount = t('collection.invalidAmount');
    if (!reason.trim()) problems.reason = t('writeOffs.reasonRequired');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    settle.mutate({
      invoiceIds: selected,
      ...(cents ? { amountReceivedCents: cents } : {}),
      reason: reason.trim(),
      settledOn,
    });
  };
  if (open.length === 0) return <p className="muted">{t('writeOffs.noOpenClaims')}</p>;
  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="settlement-form">
      <p className="muted small">{t('settlement.hint')}</p>
      <ClaimPicker
        legend={t('settlement.chooseClaims')}
        invoices={open}
        selected={selected}
        onChange={setSelected}
        error={settle.error}
        localError={local.claims}
        testIdPrefix="settlement-claim"
      />
      {selected.length > 0 && (
        <p className="small">{t('settlement.chosenOpen', { amount: f.money(chosenOpen) })}</p>
      )}
      <div className="inline-form">
        <Field
          label={t('settlement.amount')}
          hint={t('settlement.amountHint')}
          error={local.amount ?? fieldError(settle.error, 'amountReceivedCents', 'amountReceived')}
        >
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              placeholder={t('common.amountPlaceholder')}
              data-testid="settlement-amount"
            />
          )}
        </Field>
        <Field
          label={t('writeOffs.reason')}
          error={local.reason ?? fieldError(settle.error, 'reason')}
          className="field-grow"
        >
          {(control) => (
            <input
              {...control}
              value={reason}
              maxLength={2000}
              onChange={(e) => setReason(e.target.value)}
              data-testid="settlement-reason"
            />
          )}
        </Field>
        <Field label={t('settlement.on')} error={fieldError(settle.error, 'settledOn')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={settledOn}
              onChange={(e) => setSettledOn(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={settle.isPending}
          data-testid="settlement-submit"
        >
          {t('settlement.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <FormError error={settle.error} fields={FIELDS} />
    </form>
  );
}
