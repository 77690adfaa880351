import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { localDateFromToday } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { type OrderDetail, UPDATE_TEMPLATES } from './order-types.ts';

/** The API's message for a field (`reason`, `lines.0.quantity` …), shown at the field. */
function fieldError(error: unknown, path: string): string | undefined {
  return error instanceof ApiError ? error.errors.find((e) => e.path === path)?.message : undefined;
}

/** A new delivery date and why it moves; optionally the customer is told by e-mail. */
export function MoveDateForm({ order, onDone }: { order: OrderDetail; onDone: () => void }) {
  const { t } = useI18n();
  const [newDate, setNewDate] = useState(order.deliveryDate ?? localDateFromToday(7));
  const [reason, setReason] = useState('');
  const [notify, setNotify] = useState(Boolean(order.customer.email));
  const move = useApiMutation(
    () => api.post(`/api/orders/${order.id}/delivery-date`, { newDate, reason, notify }),
    onDone,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    move.mutate();
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="move-date-form">
      <Field label={t('orders.newDate')} error={fieldError(move.error, 'newDate')}>
        {(control) => (
          <input
            {...control}
            type="date"
            value={newDate}
            onChange={(e) => setNewDate(e.target.value)}
            required
          />
        )}
      </Field>
      <Field label={t('orders.reason')} error={fieldError(move.error, 'reason')}>
        {(control) => (
          <input
            {...control}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            maxLength={1000}
            data-testid="move-date-reason"
          />
        )}
      </Field>
      {order.customer.email && (
        <label className="checkbox">
          <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />{' '}
          {t('orders.notifyCustomer', { email: order.customer.email })}
        </label>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={move.isPending || !reason.trim()}>
          {t('orders.moveDate')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {move.error ? <ErrorNotice error={move.error} /> : null}
    </form>
  );
}

/** A delivery: everything still open, or a quantity per line (over-delivery is refused at the line). */
export function DeliveryForm({ order, onDone }: { order: OrderDetail; onDone: () => void }) {
  const { t, f } = useI18n();
  const open = order.lines.filter((l) => l.remaining > 0);
  const [deliveredOn, setDeliveredOn] = useState(() => localDateFromToday(0));
  const [all, setAll] = useState(true);
  // Empty: a part delivery names what came; "everything open" is the other button.
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [sent, setSent] = useState<number[]>([]);
  const deliver = useApiMutation(() => {
    const lines = open
      .map((l) => ({
        position: l.position,
        quantity: (quantities[l.position] ?? '').trim().replace(',', '.'),
      }))
      .filter((l) => l.quantity !== '' && Number(l.quantity) > 0);
    setSent(lines.map((l) => l.position));
    return api.post(`/api/orders/${order.id}/deliveries`, { deliveredOn, lines: all ? 'all' : lines });
  }, onDone);
  /** The server names a line by its index in what was sent (`lines.1.quantity`). */
  const errorOf = (position: number) => {
    const index = sent.indexOf(position);
    return index < 0 ? undefined : fieldError(deliver.error, `lines.${index}.quantity`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    deliver.mutate();
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="delivery-form">
      <Field label={t('orders.deliveredOn')} error={fieldError(deliver.error, 'deliveredOn')}>
        {(control) => (
          <input
            {...control}
            type="date"
            value={deliveredOn}
            max={localDateFromToday(0)}
            onChange={(e) => setDeliveredOn(e.target.value)}
            required
          />
        )}
      </Field>
      <div className="segmented" role="group" aria-label={t('orders.whatDelivered')}>
        <button type="button" aria-pressed={all} onClick={() => setAll(true)} data-testid="deliver-all">
          {t('orders.deliverAll')}
        </button>
        <button type="button" aria-pressed={!all} onClick={() => setAll(false)} data-testid="deliver-part">
          {t('orders.deliverPart')}
        </button>
      </div>
      {!all && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('orders.position')}</th>
              <th scope="col">{t('orders.description')}</th>
              <th scope="col" className="num">
                {t('orders.remaining')}
              </th>
              <th scope="col" className="num">
                {t('orders.deliveredNow')}
              </th>
            </tr>
          </thead>
          <tbody>
            {open.map((line) => (
              <tr key={line.position}>
                <td>{line.position}</td>
                <td>{line.description}</td>
                <td className="num">{f.number(line.remaining, 3)}</td>
                <td className="num">
                  <input
                    inputMode="decimal"
                    aria-label={t('orders.deliveredNowOf', { position: line.position })}
                    value={quantities[line.position] ?? ''}
                    onChange={(e) => setQuantities({ ...quantities, [line.position]: e.target.value })}
                    aria-invalid={Boolean(errorOf(line.position))}
                    data-testid={`deliver-quantity-${line.position}`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={deliver.isPending}>
          {t('orders.recordDelivery')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {deliver.error ? <ErrorNotice error={deliver.error} /> : null}
    </form>
  );
}

/** An update to the customer by e-mail: a template with an optional note, or written by hand. */
export function UpdateForm({ order, onDone }: { order: OrderDetail; onDone: () => void }) {
  const { t } = useI18n();
  const [template, setTemplate] = useState<string>('');
  const [note, setNote] = useState('');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const send = useApiMutation(
    () =>
      api.post(
        `/api/orders/${order.id}/updates`,
        template ? { template, ...(note.trim() ? { note } : {}) } : { subject, text },
      ),
    onDone,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="update-form">
      <Field label={t('orders.updateTemplate')}>
        {(control) => (
          <select {...control} value={template} onChange={(e) => setTemplate(e.target.value)}>
            <option value="">{t('orders.updateByHand')}</option>
            {UPDATE_TEMPLATES.map((key) => (
              <option key={key} value={key}>
                {t(`orders.template.${key}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {template ? (
        <Field label={t('orders.updateNote')}>
          {(control) => (
            <textarea {...control} value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
          )}
        </Field>
      ) : (
        <>
          <Field label={t('orders.updateSubject')} error={fieldError(send.error, 'subject')}>
            {(control) => (
              <input
                {...control}
                value={subject}
                onChange={(e) => setSubject(e.target.value)}
                required
                maxLength={200}
                data-testid="update-subject"
              />
            )}
          </Field>
          <Field label={t('orders.updateText')} error={fieldError(send.error, 'text')}>
            {(control) => (
              <textarea
                {...control}
                value={text}
                onChange={(e) => setText(e.target.value)}
                required
                rows={6}
                data-testid="update-text"
              />
            )}
          </Field>
        </>
      )}
      <p className="muted small">{t('orders.updateTo', { email: order.customer.email ?? '' })}</p>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={send.isPending}>
          {t('orders.sendUpdate')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {send.error ? <ErrorNotice error={send.error} /> : null}
    </form>
  );
}
