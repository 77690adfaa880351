import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { fieldError } from '../../api/field-error.ts';
import type { CollectionCase } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { localDateFromToday, parseAmountInput } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { FormError } from '../../ui/form-error.tsx';

/** The names the route (…Cents) and the service behind it give each field. */
const FIELDS = {
  collected: ['collectedCents', 'collected'],
  debtorCosts: ['debtorCostsCents', 'debtorCosts'],
  retained: ['retainedCents', 'retained'],
  reportedOn: ['reportedOn'],
  reference: ['reference'],
} as const;

interface RemittanceBody {
  collectedCents: number;
  debtorCostsCents: number;
  retainedCents: number;
  reportedOn: string;
  reference?: string;
}

/**
 * What the agency reports: collected from the debtor, the collection costs it charged the debtor
 * (within the collected amount) and what it kept. Amounts as typed, German or English notation.
 */
export function RemittanceForm({
  collectionCase,
  onDone,
  onCancel,
}: {
  collectionCase: CollectionCase;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t, f } = useI18n();
  const [collected, setCollected] = useState('');
  const [debtorCosts, setDebtorCosts] = useState('');
  const [retained, setRetained] = useState('');
  const [reportedOn, setReportedOn] = useState(() => localDateFromToday(0));
  const [reference, setReference] = useState('');
  const [local, setLocal] = useState<Partial<Record<keyof typeof FIELDS, string>>>({});
  const record = useApiMutation(
    (body: RemittanceBody) =>
      api.post<CollectionCase>(`/api/collection-cases/${collectionCase.id}/remittances`, body),
    onDone,
  );
  const errorAt = (field: keyof typeof FIELDS) => local[field] ?? fieldError(record.error, ...FIELDS[field]);
  const cents = (text: string) => (text.trim() === '' ? 0 : parseAmountInput(text));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amounts = {
      collected: cents(collected),
      debtorCosts: cents(debtorCosts),
      retained: cents(retained),
    };
    const problems: Partial<Record<keyof typeof FIELDS, string>> = {};
    for (const [field, value] of Object.entries(amounts) as [keyof typeof amounts, number | null][]) {
      if (value === null) problems[field] = t('collection.invalidAmount');
    }
    if (!problems.collected && !amounts.collected) problems.collected = t('collection.collectedRequired');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    record.mutate({
      collectedCents: amounts.collected as number,
      debtorCostsCents: amounts.debtorCosts as number,
      retainedCents: amounts.retained as number,
      reportedOn,
      ...(reference.trim() ? { reference: reference.trim() } : {}),
    });
  };
  const amountField = (
    field: 'collected' | 'debtorCosts' | 'retained',
    value: string,
    set: (v: string) => void,
    hint?: string,
  ) => (
    <Field label={t(`collection.${field}Label`)} hint={hint} error={errorAt(field)}>
      {(control) => (
        <input
          {...control}
          inputMode="decimal"
          value={value}
          onChange={(e) => set(e.target.value)}
          placeholder={t('common.amountPlaceholder')}
          data-testid={`remittance-${field}`}
        />
      )}
    </Field>
  );
  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="remittance-form">
      <p className="muted small">
        {t('collection.remittanceHint', { amount: f.money(collectionCase.handedOverCents) })}
      </p>
      <div className="inline-form">
        {amountField('collected', collected, setCollected)}
        {amountField('debtorCosts', debtorCosts, setDebtorCosts, t('collection.debtorCostsHint'))}
        {amountField('retained', retained, setRetained, t('collection.retainedHint'))}
      </div>
      <div className="inline-form">
        <Field label={t('collection.reportedOn')} error={errorAt('reportedOn')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={reportedOn}
              onChange={(e) => setReportedOn(e.target.value)}
              data-testid="remittance-reported-on"
            />
          )}
        </Field>
        <Field
          label={t('collection.remittanceReference')}
          error={errorAt('reference')}
          className="field-grow"
        >
          {(control) => (
            <input
              {...control}
              value={reference}
              maxLength={200}
              onChange={(e) => setReference(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={record.isPending}
          data-testid="remittance-submit"
        >
          {t('collection.recordRemittance')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <FormError error={record.error} fields={Object.values(FIELDS).flat()} />
    </form>
  );
}
