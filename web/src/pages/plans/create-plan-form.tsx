import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import type { Customer, CustomerInvoice, NewPlan, PlanDetail } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { localDateFromToday, parseAmountInput } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';

type Split = 'count' | 'amount';
type RhythmUnit = 'months' | 'days';

/** `1.234,56` → `1234.56` (the API's decimal), or null when it is no amount. */
function decimalOf(text: string): string | null {
  const cents = parseAmountInput(text);
  return cents === null ? null : (cents / 100).toFixed(2);
}

/** The first day of the month after next week: a usual first due date. */
function firstOfNextMonth(): string {
  const today = localDateFromToday(7);
  const [year, month] = today.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/**
 * Agreeing an instalment plan for open claims of a customer: which claims, a down payment, a
 * number of instalments or an amount each, the rhythm and first date, the grace period, optional
 * interest (business customers) and the reminder. The server decides; its messages show at the fields.
 */
export function CreatePlanForm({
  customer,
  invoices,
  onCancel,
}: {
  customer: Customer;
  invoices: CustomerInvoice[];
  onCancel: () => void;
}) {
  const { t, f } = useI18n();
  const navigate = useNavigate();
  const open = invoices.filter((i) => i.openCents > 0 && i.status === 'open');
  const [selected, setSelected] = useState<string[]>(() => open.map((i) => i.number));
  const [agreedOn, setAgreedOn] = useState(() => localDateFromToday(0));
  const [downPayment, setDownPayment] = useState('');
  const [split, setSplit] = useState<Split>('count');
  const [count, setCount] = useState('6');
  const [amount, setAmount] = useState('');
  const [every, setEvery] = useState('1');
  const [unit, setUnit] = useState<RhythmUnit>('months');
  const [firstDueDate, setFirstDueDate] = useState(firstOfNextMonth);
  const [graceDays, setGraceDays] = useState('14');
  const [interest, setInterest] = useState('');
  const [reminderDays, setReminderDays] = useState('5');
  const [local, setLocal] = useState<Record<string, string>>({});
  const create = useApiMutation(
    (body: NewPlan) => api.post<PlanDetail>('/api/plans', body),
    (plan) => void navigate({ to: '/plans/$planId', params: { planId: String(plan.id) } }),
  );
  const consumer = customer.debtorKind === 'consumer';
  const serverError = create.error instanceof ApiError ? create.error : null;
  const errorAt = (...paths: string[]): string | undefined =>
    local[paths[0] as string] ??
    serverError?.errors.find((e) =>
      paths.some((p) => e.path === p || e.path.startsWith(`${p}.`) || e.path === `body.${p}`),
    )?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (selected.length === 0) problems.invoiceNumbers = t('plans.chooseClaim');
    const down = downPayment.trim() ? decimalOf(downPayment) : undefined;
    if (down === null) problems.downPayment = t('plans.invalidAmount');
    const each = split === 'amount' ? decimalOf(amount) : undefined;
    if (each === null) problems.amountPerInstalment = t('plans.invalidAmount');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    const step = Number(every);
    create.mutate({
      customerNumber: customer.number,
      invoiceNumbers: selected,
      agreedOn,
      ...(down ? { downPayment: down } : {}),
      ...(split === 'count' ? { count: Number(count) } : { amountPerInstalment: each as string }),
      firstDueDate,
      rhythm: unit === 'months' ? { months: step } : { days: step },
      graceDays: Number(graceDays),
      ...(interest.trim() ? { interestRatePercent: interest.trim().replace(',', '.') } : {}),
      reminderDaysBefore: reminderDays.trim() === '' ? null : Number(reminderDays),
    });
  };

  if (open.length === 0) return <p className="muted">{t('plans.noOpenClaims')}</p>;
  const claimsError = errorAt('invoiceNumbers', 'customerNumber');
  return (
    <form className="stack create-plan-form" onSubmit={submit} data-testid="create-plan-form" noValidate>
      <p className="muted small">{t('plans.createHint')}</p>
      <fieldset className="invoice-picker" aria-invalid={claimsError ? true : undefined}>
        <legend>{t('plans.chooseClaims')}</legend>
        {open.map((invoice) => (
          <label key={invoice.id} className="checkbox">
            <input
              type="checkbox"
              checked={selected.includes(invoice.number)}
              data-testid={`plan-claim-${invoice.number}`}
              onChange={(e) =>
                setSelected(
                  e.target.checked
                    ? [...selected, invoice.number]
                    : selected.filter((n) => n !== invoice.number),
                )
              }
            />
            {invoice.number} · {f.money(invoice.openCents)} · {f.date(invoice.dueDate)}
          </label>
        ))}
        {claimsError && <small className="field-error">{claimsError}</small>}
      </fieldset>
      <div className="inline-form">
        <Field label={t('plans.agreedOnLabel')} error={errorAt('agreedOn')}>
          {(control) => (
            <input {...control} type="date" value={agreedOn} onChange={(e) => setAgreedOn(e.target.value)} />
          )}
        </Field>
        <Field label={t('plans.downPaymentLabel')} error={errorAt('downPayment')}>
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              value={downPayment}
              onChange={(e) => setDownPayment(e.target.value)}
              data-testid="plan-down-payment"
            />
          )}
        </Field>
      </div>
      <div className="segmented" role="group" aria-label={t('plans.split')}>
        {(['count', 'amount'] as const).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={split === s}
            onClick={() => setSplit(s)}
            data-testid={`plan-split-${s}`}
          >
            {s === 'count' ? t('plans.byCount') : t('plans.byAmount')}
          </button>
        ))}
      </div>
      <div className="inline-form">
        {split === 'count' ? (
          <Field label={t('plans.countLabel')} error={errorAt('count')}>
            {(control) => (
              <input
                {...control}
                type="number"
                min={1}
                max={120}
                value={count}
                onChange={(e) => setCount(e.target.value)}
                data-testid="plan-count"
              />
            )}
          </Field>
        ) : (
          <Field label={t('plans.amountLabel')} error={errorAt('amountPerInstalment', 'count')}>
            {(control) => (
              <input
                {...control}
                inputMode="decimal"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                data-testid="plan-amount"
              />
            )}
          </Field>
        )}
        <Field label={t('plans.every')} error={errorAt('rhythm')}>
          {(control) => (
            <span className="input-group">
              <input
                {...control}
                type="number"
                min={1}
                max={unit === 'months' ? 12 : 90}
                value={every}
                onChange={(e) => setEvery(e.target.value)}
                className="input-short"
              />
              <select
                aria-label={t('plans.rhythm')}
                value={unit}
                onChange={(e) => setUnit(e.target.value as RhythmUnit)}
              >
                <option value="months">{t('plans.rhythmMonths')}</option>
                <option value="days">{t('plans.rhythmDays')}</option>
              </select>
            </span>
          )}
        </Field>
        <Field label={t('plans.firstDueDate')} error={errorAt('firstDueDate')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={firstDueDate}
              onChange={(e) => setFirstDueDate(e.target.value)}
              data-testid="plan-first-due"
            />
          )}
        </Field>
      </div>
      <div className="inline-form">
        <Field label={t('plans.graceDays')} hint={t('plans.graceHint')} error={errorAt('graceDays')}>
          {(control) => (
            <input
              {...control}
              type="number"
              min={0}
              max={90}
              value={graceDays}
              onChange={(e) => setGraceDays(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('plans.interestRate')}
          hint={consumer ? t('plans.interestConsumer') : t('plans.interestHint')}
          error={errorAt('interestRatePercent')}
        >
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              value={interest}
              disabled={consumer}
              onChange={(e) => setInterest(e.target.value)}
              data-testid="plan-interest"
            />
          )}
        </Field>
        <Field
          label={t('plans.reminderDays')}
          hint={t('plans.reminderHint')}
          error={errorAt('reminderDaysBefore')}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={0}
              max={30}
              value={reminderDays}
              onChange={(e) => setReminderDays(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={create.isPending}
          data-testid="plan-submit"
        >
          {t('plans.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {create.error && !(serverError && serverError.errors.some((e) => e.path)) ? (
        <ErrorNotice error={create.error} />
      ) : null}
      {serverError && serverError.errors.some((e) => e.path) ? (
        <p className="notice notice-error" role="alert">
          {serverError.detail}
        </p>
      ) : null}
    </form>
  );
}
