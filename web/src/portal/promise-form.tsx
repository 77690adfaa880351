/**
 * @module promise-form
 * Promising to pay by a day: which invoices (all that are simply due, to start with), the day — at
 * most the company's `promiseMaxDays` ahead — and optionally an amount less than all. Dunning waits
 * until then.
 */
import { type FormEvent, useRef, useState } from 'react';
import { Field } from '../ui/field.tsx';
import { addDays } from './calendar.ts';
import { FormProblem, SubmitButton } from './action-panel.tsx';
import { checkPromise, type FieldErrors, invoicesToPromise } from './form-checks.ts';
import { portalApi } from './portal-client.ts';
import { usePortalI18n } from './portal-i18n.tsx';
import { fieldMessage } from './portal-problems.ts';
import type { PortalOverview, PromiseBody } from './portal-types.ts';
import { focusFirstInvalid, useAction } from './use-action.ts';

const FIELDS = ['invoiceIds', 'payBy', 'amountCents'];

export function PromiseForm({
  overview,
  report,
}: {
  overview: PortalOverview;
  report: (text: string) => void;
}) {
  const { language, t, f } = usePortalI18n();
  const choices = invoicesToPromise(overview.invoices);
  const [unchecked, setUnchecked] = useState<number[]>([]);
  const [payBy, setPayBy] = useState('');
  const [amount, setAmount] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const form = useRef<HTMLFormElement>(null);
  const action = useAction(
    (body: PromiseBody) => portalApi.promise(body),
    (result) => {
      setPayBy('');
      setAmount('');
      report(
        t('actions.promise.done', {
          amount: f.money(result.amountCents),
          date: f.date(result.payBy),
          invoices: result.invoiceNumbers.join(', '),
        }),
      );
    },
  );
  if (choices.length === 0) return <p className="muted">{t('actions.promise.none')}</p>;
  const latest = addDays(overview.asOf, overview.limits.promiseMaxDays);
  // Invoices start ticked; what the customer unticks is remembered, so a reload keeps the choice.
  const selected = choices.filter((i) => !unchecked.includes(i.id)).map((i) => i.id);
  const at = (name: string) => errors[name] ?? fieldMessage(action.error, name, language);
  const invoicesError = at('invoiceIds');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkPromise(
      { invoiceIds: selected, payBy, amount },
      overview.asOf,
      overview.limits.promiseMaxDays,
      language,
    );
    setErrors(checked.errors);
    if (!checked.body) return focusFirstInvalid(form.current);
    if (!(await action.run(checked.body))) focusFirstInvalid(form.current);
  };

  return (
    <form ref={form} className="stack" onSubmit={submit} noValidate data-testid="promise-form">
      <fieldset
        className="choices"
        aria-invalid={invoicesError ? true : undefined}
        aria-describedby={invoicesError ? 'promise-invoices-error' : undefined}
      >
        <legend>{t('field.invoices')}</legend>
        {choices.map((i) => (
          <label key={i.id} className="choice">
            <input
              type="checkbox"
              checked={selected.includes(i.id)}
              onChange={(e) =>
                setUnchecked(e.target.checked ? unchecked.filter((id) => id !== i.id) : [...unchecked, i.id])
              }
            />
            <span>{t('field.invoiceOption', { number: i.number, amount: f.money(i.openCents) })}</span>
          </label>
        ))}
        {invoicesError && (
          <small id="promise-invoices-error" className="field-error">
            {invoicesError}
          </small>
        )}
      </fieldset>
      <Field
        label={t('field.payBy')}
        hint={t('field.payByHint', { date: f.date(latest) })}
        error={at('payBy')}
      >
        {(control) => (
          <input
            {...control}
            type="date"
            min={overview.asOf}
            max={latest}
            value={payBy}
            onChange={(e) => setPayBy(e.target.value)}
            data-testid="promise-pay-by"
          />
        )}
      </Field>
      <Field label={t('field.promiseAmount')} hint={t('field.promiseAmountHint')} error={at('amountCents')}>
        {(control) => (
          <input
            {...control}
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        )}
      </Field>
      <SubmitButton busy={action.busy} label={t('actions.promise.submit')} testId="promise-submit" />
      <FormProblem error={action.error} fields={FIELDS} />
    </form>
  );
}
