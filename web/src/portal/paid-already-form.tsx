/**
 * @module paid-already-form
 * "I have paid already": which invoice, the day and the amount paid, an optional note. Dunning of
 * the invoice pauses while the company looks for the money; the answer says until when.
 */
import { type FormEvent, useRef, useState } from 'react';
import { Field } from '../ui/field.tsx';
import { addDays } from './calendar.ts';
import { FormProblem, SubmitButton } from './action-panel.tsx';
import {
  amountForInput,
  checkPaidAlready,
  type FieldErrors,
  invoicesToReportPaid,
  MAX_NOTE,
  PAID_ON_MAX_DAYS_BACK,
} from './form-checks.ts';
import { portalApi } from './portal-client.ts';
import { usePortalI18n } from './portal-i18n.tsx';
import { fieldMessage } from './portal-problems.ts';
import type { PaidAlreadyBody, PortalOverview } from './portal-types.ts';
import { focusFirstInvalid, useAction } from './use-action.ts';

const FIELDS = ['invoiceId', 'paidOn', 'amountCents', 'note'];

export function PaidAlreadyForm({
  overview,
  report,
}: {
  overview: PortalOverview;
  report: (text: string) => void;
}) {
  const { language, t, f } = usePortalI18n();
  const choices = invoicesToReportPaid(overview.invoices);
  const first = choices[0];
  const [invoiceId, setInvoiceId] = useState(first ? String(first.id) : '');
  const [paidOn, setPaidOn] = useState(overview.asOf);
  const [amount, setAmount] = useState(first ? amountForInput(first.openCents, language) : '');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const form = useRef<HTMLFormElement>(null);
  const action = useAction(
    (body: PaidAlreadyBody) => portalApi.reportPaid(body),
    (result) => {
      setNote('');
      report(t('actions.paid.done', { invoice: result.invoiceNumber, date: f.date(result.holdUntil) }));
    },
  );
  if (choices.length === 0) return <p className="muted">{t('actions.paid.none')}</p>;
  // After a reload the chosen invoice may have left the list: then the first one is meant.
  const chosen = choices.find((i) => String(i.id) === invoiceId) ?? first;
  const at = (name: string) => errors[name] ?? fieldMessage(action.error, name, language);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkPaidAlready(
      { invoiceId: chosen ? String(chosen.id) : '', paidOn, amount, note },
      overview.asOf,
      language,
    );
    setErrors(checked.errors);
    if (!checked.body) return focusFirstInvalid(form.current);
    if (!(await action.run(checked.body))) focusFirstInvalid(form.current);
  };

  return (
    <form ref={form} className="stack" onSubmit={submit} noValidate data-testid="paid-form">
      <Field label={t('field.invoice')} error={at('invoiceId')}>
        {(control) => (
          <select
            {...control}
            value={chosen ? String(chosen.id) : ''}
            onChange={(e) => {
              setInvoiceId(e.target.value);
              const picked = choices.find((i) => String(i.id) === e.target.value);
              if (picked) setAmount(amountForInput(picked.openCents, language));
            }}
            data-testid="paid-invoice"
          >
            {choices.map((i) => (
              <option key={i.id} value={i.id}>
                {t('field.invoiceOption', { number: i.number, amount: f.money(i.openCents) })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('field.paidOn')} error={at('paidOn')}>
        {(control) => (
          <input
            {...control}
            type="date"
            min={addDays(overview.asOf, -PAID_ON_MAX_DAYS_BACK)}
            max={overview.asOf}
            value={paidOn}
            onChange={(e) => setPaidOn(e.target.value)}
            data-testid="paid-on"
          />
        )}
      </Field>
      <Field label={t('field.amount')} hint={t('field.amountHint')} error={at('amountCents')}>
        {(control) => (
          <input
            {...control}
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            data-testid="paid-amount"
          />
        )}
      </Field>
      <Field label={t('field.note')} hint={t('field.paidNoteHint')} error={at('note')}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            maxLength={MAX_NOTE}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <SubmitButton busy={action.busy} label={t('actions.paid.submit')} testId="paid-submit" />
      <FormProblem error={action.error} fields={FIELDS} />
    </form>
  );
}
