import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { fieldError } from '../../api/field-error.ts';
import type { CollectionCase } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { localDateFromToday } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { FormError } from '../../ui/form-error.tsx';

const FIELDS = ['writeOffReason', 'note', 'closedOn', 'outcome'];

interface CloseBody {
  outcome: 'closed' | 'returned';
  writeOffReason?: string;
  note?: string;
  closedOn: string;
}

/**
 * Ends a case: `closed` writes off what is still open on its claims (the reason is required then,
 * bad debt with the VAT to correct); `returned` gives the claims back to the company's dunning.
 */
export function CloseCaseForm({
  collectionCase,
  outcome,
  openClaims,
  onDone,
  onCancel,
}: {
  collectionCase: CollectionCase;
  outcome: 'closed' | 'returned';
  openClaims: string[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [closedOn, setClosedOn] = useState(() => localDateFromToday(0));
  const [local, setLocal] = useState<string | null>(null);
  const close = useApiMutation(
    (body: CloseBody) => api.post<CollectionCase>(`/api/collection-cases/${collectionCase.id}/close`, body),
    onDone,
  );
  const writesOff = outcome === 'closed' && openClaims.length > 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (writesOff && !reason.trim()) {
      setLocal(t('collection.writeOffReasonRequired'));
      return;
    }
    setLocal(null);
    close.mutate({
      outcome,
      closedOn,
      ...(writesOff ? { writeOffReason: reason.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="close-case-form">
      <p className="muted small">
        {outcome === 'returned'
          ? t('collection.returnHint')
          : writesOff
            ? t('collection.closeHint', { claims: openClaims.join(', ') })
            : t('collection.closeNothingOpen')}
      </p>
      <div className="inline-form">
        {writesOff && (
          <Field
            label={t('collection.writeOffReason')}
            error={local ?? fieldError(close.error, 'writeOffReason')}
            className="field-grow"
          >
            {(control) => (
              <input
                {...control}
                value={reason}
                maxLength={2000}
                onChange={(e) => setReason(e.target.value)}
                data-testid="close-write-off-reason"
                autoFocus
              />
            )}
          </Field>
        )}
        <Field label={t('collection.closedOnLabel')} error={fieldError(close.error, 'closedOn')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={closedOn}
              onChange={(e) => setClosedOn(e.target.value)}
              data-testid="close-closed-on"
            />
          )}
        </Field>
      </div>
      <Field label={t('collection.note')} error={fieldError(close.error, 'note')}>
        {(control) => (
          <input {...control} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        )}
      </Field>
      <div className="button-row">
        <button
          type="submit"
          className={`button ${outcome === 'closed' ? 'button-danger' : 'button-primary'}`}
          disabled={close.isPending}
          data-testid="close-case-submit"
        >
          {outcome === 'closed'
            ? writesOff
              ? t('collection.closeAndWriteOff')
              : t('collection.close')
            : t('collection.return')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <FormError error={close.error} fields={FIELDS} />
    </form>
  );
}
