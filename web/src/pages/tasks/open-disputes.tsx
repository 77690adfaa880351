import { Link } from '@tanstack/react-router';
import { type FormEvent, Fragment, useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { fieldError } from '../../api/field-error.ts';
import { Field } from '../../ui/field.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { Section } from '../../ui/section.tsx';
import {
  amountFieldOf,
  type DisputeResolutionBody,
  disputeResolutionBody,
} from './dispute-resolution-body.ts';

interface Dispute {
  id: number;
  invoiceId: number;
  invoiceNumber: string;
  customerId: number;
  customerName: string;
  openedOn: string;
  reason: string;
  owner: string | null;
  expiresOn: string | null;
}

const RESOLUTIONS = ['rejected', 'credit-note', 'write-off', 'withdrawn'] as const;

/**
 * Ends a dispute. With "write-off", the part of the principal given up can be named (in German or
 * English notation); left empty, all that is open on the invoice is written off. With "credit-note",
 * the gross amount of a credit note can be named: it is issued and booked against the invoice.
 */
function ResolveForm({ dispute, onDone }: { dispute: Dispute; onDone: () => void }) {
  const { t } = useI18n();
  const [resolution, setResolution] = useState<string>('rejected');
  const [note, setNote] = useState('');
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const resolve = useApiMutation(
    (body: DisputeResolutionBody) => api.post(`/api/disputes/${dispute.id}/resolve`, body),
    onDone,
  );
  const amountField = amountFieldOf(resolution);
  const chooseResolution = (next: string) => {
    // An amount meant as write-off is not silently sent as a credit note, nor the other way round.
    if (amountFieldOf(next) !== amountField) {
      setAmount('');
      setAmountError(null);
    }
    setResolution(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = disputeResolutionBody({ resolution, note, amount });
    if ('invalidAmount' in parsed) {
      setAmountError(t('collection.invalidAmount'));
      return;
    }
    setAmountError(null);
    resolve.mutate(parsed.body);
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate data-testid="resolve-dispute-form">
      <Field label={t('disputes.resolution')} error={fieldError(resolve.error, 'resolution')}>
        {(control) => (
          <select
            {...control}
            value={resolution}
            onChange={(e) => chooseResolution(e.target.value)}
            autoFocus
            data-testid="dispute-resolution"
          >
            {RESOLUTIONS.map((r) => (
              <option key={r} value={r}>
                {t(`resolution.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {amountField === 'writeOffAmountCents' && (
        <Field
          label={t('disputes.writeOffAmount')}
          hint={t('disputes.writeOffAmountHint')}
          error={amountError ?? fieldError(resolve.error, 'writeOffAmountCents', 'writeOffAmount', 'amount')}
        >
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              placeholder={t('common.amountPlaceholder')}
              data-testid="dispute-write-off-amount"
            />
          )}
        </Field>
      )}
      {amountField === 'creditNoteAmountCents' && (
        <Field
          label={t('disputes.creditNoteAmount')}
          hint={t('disputes.creditNoteAmountHint')}
          error={amountError ?? fieldError(resolve.error, 'creditNoteAmountCents', 'creditNoteAmount')}
        >
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              placeholder={t('common.amountPlaceholder')}
              data-testid="dispute-credit-note-amount"
            />
          )}
        </Field>
      )}
      <Field label={t('disputes.note')} className="field-grow" error={fieldError(resolve.error, 'note')}>
        {(control) => (
          <input {...control} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={resolve.isPending}>
          {t('disputes.resolve')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      <FormError
        error={resolve.error}
        fields={[
          'resolution',
          'note',
          'writeOffAmountCents',
          'writeOffAmount',
          'amount',
          'creditNoteAmountCents',
          'creditNoteAmount',
        ]}
      />
    </form>
  );
}

/** Open disputes of all customers: what pauses dunning, and the way to settle each. */
export function OpenDisputes() {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const [resolving, setResolving] = useState<number | null>(null);
  const list = useCursorList<Dispute>('/api/disputes', { status: 'open', limit: 50 });
  return (
    <Section title={t('disputes.title')} testId="open-disputes">
      <p className="muted small">{t('disputes.hint')}</p>
      <PagedTable
        list={list}
        empty={t('common.none')}
        head={
          <>
            <th scope="col">{t('disputes.openedOn')}</th>
            <th scope="col">{t('common.customer')}</th>
            <th scope="col">{t('invoices.number')}</th>
            <th scope="col">{t('disputes.reason')}</th>
            <th scope="col">{t('disputes.owner')}</th>
            {canWrite && <th scope="col" className="actions" />}
          </>
        }
        rows={(d) => (
          <Fragment key={d.id}>
            <tr>
              <td>{f.date(d.openedOn)}</td>
              <td>
                <Link to="/customers/$customerId" params={{ customerId: String(d.customerId) }}>
                  {d.customerName}
                </Link>
              </td>
              <td>
                <Link to="/invoices/$invoiceId" params={{ invoiceId: String(d.invoiceId) }}>
                  {d.invoiceNumber}
                </Link>
              </td>
              <td>{d.reason}</td>
              <td>{d.owner ?? '–'}</td>
              {canWrite && (
                <td className="actions">
                  <button type="button" className="button button-small" onClick={() => setResolving(d.id)}>
                    {t('disputes.resolve')}
                  </button>
                </td>
              )}
            </tr>
            {resolving === d.id && (
              <tr className="row-form">
                <td colSpan={canWrite ? 6 : 5}>
                  <ResolveForm dispute={d} onDone={() => setResolving(null)} />
                </td>
              </tr>
            )}
          </Fragment>
        )}
      />
    </Section>
  );
}
