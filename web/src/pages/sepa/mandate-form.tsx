import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { fieldError } from '../../api/field-error.ts';
import type { Customer, Mandate, MandateKind, NewMandate, SepaScheme } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { localDateFromToday } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { FormError } from '../../ui/form-error.tsx';

const FIELDS = ['reference', 'signedOn', 'scheme', 'kind', 'debtorName', 'iban', 'bic'];

/**
 * Records a mandate the customer signed: its reference, the day of signature, CORE or B2B (business
 * debtors only), recurring or one-off, and the account. The server checks the IBAN, the reference's
 * characters and uniqueness, and whether an account outside the EEA has its BIC; its messages stand
 * at their fields.
 */
export function MandateForm({
  customer,
  onDone,
  onCancel,
}: {
  customer: Pick<Customer, 'id' | 'name' | 'debtorKind'>;
  onDone: (mandate: Mandate) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reference, setReference] = useState('');
  const [signedOn, setSignedOn] = useState(() => localDateFromToday(0));
  const [scheme, setScheme] = useState<SepaScheme>('CORE');
  const [kind, setKind] = useState<MandateKind>('recurring');
  const [iban, setIban] = useState('');
  const [bic, setBic] = useState('');
  const [debtorName, setDebtorName] = useState('');
  const [local, setLocal] = useState<{ reference?: string; iban?: string }>({});
  const add = useApiMutation(
    (body: NewMandate) => api.post<Mandate>(`/api/customers/${customer.id}/mandates`, body),
    (mandate) => onDone(mandate),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: typeof local = {};
    if (!reference.trim()) problems.reference = t('mandates.referenceRequired');
    if (!iban.trim()) problems.iban = t('mandates.ibanRequired');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    add.mutate({
      reference: reference.trim(),
      signedOn,
      scheme,
      kind,
      iban: iban.trim(),
      ...(bic.trim() ? { bic: bic.trim() } : {}),
      ...(debtorName.trim() ? { debtorName: debtorName.trim() } : {}),
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="mandate-form">
      <p className="muted small">{t('mandates.formHint')}</p>
      <div className="form-grid form-grid-top">
        <Field
          label={t('mandates.reference')}
          hint={t('mandates.referenceHint')}
          error={local.reference ?? fieldError(add.error, 'reference')}
        >
          {(control) => (
            <input
              {...control}
              value={reference}
              maxLength={35}
              onChange={(e) => setReference(e.target.value)}
              data-testid="mandate-reference"
            />
          )}
        </Field>
        <Field label={t('mandates.signedOn')} error={fieldError(add.error, 'signedOn')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={signedOn}
              onChange={(e) => setSignedOn(e.target.value)}
              data-testid="mandate-signed-on"
            />
          )}
        </Field>
        <Field
          label={t('mandates.scheme')}
          hint={customer.debtorKind === 'consumer' ? t('mandates.consumerCore') : t('mandates.schemeHint')}
          error={fieldError(add.error, 'scheme')}
        >
          {(control) => (
            <select
              {...control}
              value={scheme}
              onChange={(e) => setScheme(e.target.value as SepaScheme)}
              data-testid="mandate-scheme"
            >
              <option value="CORE">{t('sepaScheme.CORE')}</option>
              <option value="B2B">{t('sepaScheme.B2B')}</option>
            </select>
          )}
        </Field>
        <Field label={t('mandates.kind')} error={fieldError(add.error, 'kind')}>
          {(control) => (
            <select
              {...control}
              value={kind}
              onChange={(e) => setKind(e.target.value as MandateKind)}
              data-testid="mandate-kind"
            >
              <option value="recurring">{t('mandateKind.recurring')}</option>
              <option value="one-off">{t('mandateKind.one-off')}</option>
            </select>
          )}
        </Field>
        <Field label={t('mandates.iban')} error={local.iban ?? fieldError(add.error, 'iban')}>
          {(control) => (
            <input
              {...control}
              value={iban}
              autoComplete="off"
              spellCheck={false}
              maxLength={50}
              onChange={(e) => setIban(e.target.value)}
              data-testid="mandate-iban"
            />
          )}
        </Field>
        <Field label={t('mandates.bic')} hint={t('mandates.bicHint')} error={fieldError(add.error, 'bic')}>
          {(control) => (
            <input
              {...control}
              value={bic}
              maxLength={11}
              spellCheck={false}
              onChange={(e) => setBic(e.target.value)}
              data-testid="mandate-bic"
            />
          )}
        </Field>
        <Field
          label={t('mandates.debtorName')}
          hint={t('mandates.debtorNameHint')}
          error={fieldError(add.error, 'debtorName')}
          className="form-grid-full"
        >
          {(control) => (
            <input
              {...control}
              value={debtorName}
              maxLength={70}
              placeholder={customer.name}
              onChange={(e) => setDebtorName(e.target.value)}
              data-testid="mandate-debtor-name"
            />
          )}
        </Field>
      </div>
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={add.isPending}
          data-testid="mandate-submit"
        >
          {t('mandates.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <FormError error={add.error} fields={FIELDS} />
    </form>
  );
}
