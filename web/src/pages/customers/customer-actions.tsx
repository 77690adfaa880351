import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CustomerInvoice } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { usePermissions } from '../../auth/session.ts';
import { localDateFromToday, parseAmountInput } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { Section } from '../../ui/section.tsx';

type Action = 'promise' | 'dispute' | 'call';

function OpenInvoicePicker({
  invoices,
  selected,
  onChange,
}: {
  invoices: CustomerInvoice[];
  selected: number[];
  onChange: (ids: number[]) => void;
}) {
  const { t, f } = useI18n();
  return (
    <fieldset className="invoice-picker">
      <legend>{t('actions.invoices')}</legend>
      {invoices.map((invoice) => (
        <label key={invoice.id} className="checkbox">
          <input
            type="checkbox"
            checked={selected.includes(invoice.id)}
            onChange={(e) =>
              onChange(
                e.target.checked ? [...selected, invoice.id] : selected.filter((id) => id !== invoice.id),
              )
            }
          />
          {invoice.number} · {f.money(invoice.openCents)}
        </label>
      ))}
    </fieldset>
  );
}

/** What a credit controller notes after a call: a promise to pay, a dispute, or the next call. */
export function CustomerActions({
  customerId,
  invoices,
}: {
  customerId: number;
  invoices: CustomerInvoice[];
}) {
  const { t } = useI18n();
  const { canWrite } = usePermissions();
  const open = invoices.filter((i) => i.openCents > 0 && i.status === 'open');
  const [action, setAction] = useState<Action>('promise');
  const [selected, setSelected] = useState<number[]>([]);
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState(() => localDateFromToday(7));
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const submit = useApiMutation(
    (body: { path: string; json: unknown }) => api.post(body.path, body.json),
    () => {
      setSelected([]);
      setAmount('');
      setText('');
    },
  );
  if (!canWrite) return null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    if (action !== 'call' && selected.length === 0) {
      setLocalError(t('actions.chooseInvoice'));
      return;
    }
    if (action === 'promise') {
      const chosen = open.filter((i) => selected.includes(i.id));
      const amountCents = amount.trim()
        ? parseAmountInput(amount)
        : chosen.reduce((sum, i) => sum + i.openCents, 0);
      if (amountCents === null || amountCents <= 0) {
        setLocalError(t('payments.invalidAmount'));
        return;
      }
      submit.mutate({
        path: '/api/promises',
        json: { customerId, invoiceIds: selected, amountCents, promisedOn: date },
      });
    } else if (action === 'dispute') {
      submit.mutate({
        path: '/api/disputes',
        json: {
          invoiceId: selected[0],
          reason: text.trim(),
          ...(owner.trim() ? { owner: owner.trim() } : {}),
        },
      });
    } else {
      submit.mutate({
        path: '/api/tasks',
        json: { customerId, kind: 'call', title: text.trim() || t('actions.callDefault'), dueOn: date },
      });
    }
  };
  return (
    <Section title={t('actions.title')} testId="customer-actions">
      <div className="segmented" role="group" aria-label={t('actions.title')}>
        {(['promise', 'dispute', 'call'] as const).map((a) => (
          <button
            key={a}
            type="button"
            aria-pressed={action === a}
            onClick={() => {
              setAction(a);
              setSelected([]);
              submit.reset();
            }}
          >
            {t(`actions.${a}`)}
          </button>
        ))}
      </div>
      <form className="stack" onSubmit={onSubmit}>
        {action === 'promise' && <p className="muted small">{t('actions.promiseHint')}</p>}
        {action === 'dispute' && <p className="muted small">{t('actions.disputeHint')}</p>}
        {action !== 'call' &&
          (action === 'dispute' ? (
            <Field label={t('actions.invoice')}>
              {(control) => (
                <select
                  {...control}
                  value={selected[0] ?? ''}
                  onChange={(e) => setSelected(e.target.value ? [Number(e.target.value)] : [])}
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
          ) : (
            <OpenInvoicePicker invoices={open} selected={selected} onChange={setSelected} />
          ))}
        <div className="inline-form">
          {action === 'promise' && (
            <Field label={t('actions.amount')}>
              {(control) => (
                <input
                  {...control}
                  inputMode="decimal"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                />
              )}
            </Field>
          )}
          {action !== 'dispute' && (
            <Field label={action === 'promise' ? t('actions.payBy') : t('actions.dueOn')}>
              {(control) => (
                <input
                  {...control}
                  type="date"
                  required
                  value={date}
                  onChange={(e) => setDate(e.target.value)}
                />
              )}
            </Field>
          )}
          {action !== 'promise' && (
            <Field
              label={action === 'dispute' ? t('actions.reason') : t('actions.callTitle')}
              className="field-grow"
            >
              {(control) => (
                <input
                  {...control}
                  required={action === 'dispute'}
                  maxLength={action === 'dispute' ? 2000 : 200}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
              )}
            </Field>
          )}
          {action === 'dispute' && (
            <Field label={t('actions.owner')}>
              {(control) => <input {...control} value={owner} onChange={(e) => setOwner(e.target.value)} />}
            </Field>
          )}
        </div>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={submit.isPending}>
            {t('actions.save')}
          </button>
        </div>
        {localError && (
          <p className="notice notice-error" role="alert">
            {localError}
          </p>
        )}
        {submit.error ? <ErrorNotice error={submit.error} /> : null}
        {submit.isSuccess && (
          <p className="notice notice-success" role="status">
            {t('actions.saved')}
          </p>
        )}
      </form>
    </Section>
  );
}
