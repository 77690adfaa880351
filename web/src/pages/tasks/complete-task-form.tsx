import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CustomerDetail, ScriptClaim } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { localDateFromToday, parseAmountInput } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';

const OUTCOMES = ['reached', 'promise', 'dispute', 'no-answer', 'done'] as const;

interface Completion {
  outcome: string;
  note?: string;
  followUpOn?: string;
  promise?: { invoiceIds: number[]; amountCents: number; promisedOn: string };
  dispute?: { invoiceId: number; reason: string };
}

/** An open claim the form offers for a promise or a dispute. */
interface OpenClaim {
  id: number;
  number: string;
  openCents: number;
}

/**
 * Records how a task ended (a call: reached, promise, dispute, no answer) with a note and a
 * follow-up date. For a call with a customer, a promise is recorded with its amount and day and a
 * dispute with its invoice and reason, before the task is completed. The open claims come from the
 * call's script when the list delivered one, else from the customer's page.
 */
export function CompleteTaskForm({
  taskId,
  customerId,
  claims,
  onDone,
}: {
  taskId: number;
  customerId?: number | undefined;
  claims?: ScriptClaim[] | undefined;
  onDone: () => void;
}) {
  const { t, f } = useI18n();
  const [outcome, setOutcome] = useState<string>('reached');
  const [note, setNote] = useState('');
  const [followUpOn, setFollowUpOn] = useState('');
  const [amount, setAmount] = useState('');
  const [promisedOn, setPromisedOn] = useState(() => localDateFromToday(7));
  const [invoiceIds, setInvoiceIds] = useState<number[]>([]);
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const detail = useApiQuery<CustomerDetail>(
    `/api/customers/${customerId}`,
    customerId !== undefined && claims === undefined,
  );
  const open: OpenClaim[] = claims
    ? claims.map((c) => ({ id: c.invoiceId, number: c.invoiceNumber, openCents: c.openCents }))
    : (detail.data?.invoices ?? []).filter((i) => i.openCents > 0 && i.status === 'open');
  const complete = useApiMutation(async (body: Completion) => {
    if (body.promise) await api.post('/api/promises', { customerId, ...body.promise });
    if (body.dispute) await api.post('/api/disputes', body.dispute);
    return api.post(`/api/tasks/${taskId}/complete`, {
      outcome: body.outcome,
      ...(body.note ? { note: body.note } : {}),
      ...(body.followUpOn ? { followUpOn: body.followUpOn } : {}),
    });
  }, onDone);
  const withDetails = customerId !== undefined && (outcome === 'promise' || outcome === 'dispute');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    const body: Completion = {
      outcome,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(followUpOn ? { followUpOn } : {}),
    };
    if (withDetails && outcome === 'promise') {
      const chosen = invoiceIds.length > 0 ? invoiceIds : open.map((i) => i.id);
      const cents = amount.trim()
        ? parseAmountInput(amount)
        : open.filter((i) => chosen.includes(i.id)).reduce((sum, i) => sum + i.openCents, 0);
      if (chosen.length === 0 || cents === null || cents <= 0) {
        setLocalError(t('payments.invalidAmount'));
        return;
      }
      body.promise = { invoiceIds: chosen, amountCents: cents, promisedOn };
    }
    if (withDetails && outcome === 'dispute') {
      if (invoiceIds.length === 0 || !reason.trim()) {
        setLocalError(t('actions.chooseInvoice'));
        return;
      }
      body.dispute = { invoiceId: invoiceIds[0] as number, reason: reason.trim() };
    }
    complete.mutate(body);
  };
  return (
    <form className="stack" onSubmit={submit} data-testid="complete-task-form">
      <div className="inline-form">
        <Field label={t('tasks.outcome')}>
          {(control) => (
            <select
              {...control}
              value={outcome}
              onChange={(e) => {
                setOutcome(e.target.value);
                setInvoiceIds([]);
              }}
              autoFocus
              data-testid="task-outcome"
            >
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`outcome.${o}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('tasks.note')} className="field-grow">
          {(control) => (
            <input {...control} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          )}
        </Field>
        <Field label={t('tasks.followUpOn')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={followUpOn}
              onChange={(e) => setFollowUpOn(e.target.value)}
              data-testid="task-follow-up"
            />
          )}
        </Field>
      </div>
      {withDetails && outcome === 'promise' && (
        <div className="inline-form">
          <fieldset className="invoice-picker">
            <legend>{t('actions.invoices')}</legend>
            {open.map((i) => (
              <label key={i.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={invoiceIds.length === 0 || invoiceIds.includes(i.id)}
                  onChange={(e) => {
                    const current = invoiceIds.length === 0 ? open.map((o) => o.id) : invoiceIds;
                    setInvoiceIds(
                      e.target.checked ? [...current, i.id] : current.filter((id) => id !== i.id),
                    );
                  }}
                />
                {i.number} · {f.money(i.openCents)}
              </label>
            ))}
          </fieldset>
          <Field label={t('call.promiseAmount')}>
            {(control) => (
              <input
                {...control}
                inputMode="decimal"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                data-testid="promise-amount"
              />
            )}
          </Field>
          <Field label={t('call.promiseBy')}>
            {(control) => (
              <input
                {...control}
                type="date"
                required
                value={promisedOn}
                onChange={(e) => setPromisedOn(e.target.value)}
                data-testid="promise-by"
              />
            )}
          </Field>
        </div>
      )}
      {withDetails && outcome === 'dispute' && (
        <div className="inline-form">
          <Field label={t('call.disputeInvoice')}>
            {(control) => (
              <select
                {...control}
                value={invoiceIds[0] ?? ''}
                onChange={(e) => setInvoiceIds(e.target.value ? [Number(e.target.value)] : [])}
              >
                <option value="">–</option>
                {open.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.number}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('call.disputeReason')} className="field-grow">
            {(control) => (
              <input
                {...control}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={2000}
              />
            )}
          </Field>
        </div>
      )}
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={complete.isPending}
          data-testid="task-complete-submit"
        >
          {t('tasks.complete')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {localError && (
        <p className="notice notice-error" role="alert">
          {localError}
        </p>
      )}
      {complete.error ? <ErrorNotice error={complete.error} /> : null}
    </form>
  );
}
