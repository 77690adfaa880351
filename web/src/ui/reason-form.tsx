import { type FormEvent, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { Field } from './field.tsx';

/** Asks for a reason before an action that needs one (cancel a notice, ignore a payment). */
export function ReasonForm({
  label,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) onSubmit(reason.trim());
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <Field label={label}>
        {(control) => (
          <input
            {...control}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            maxLength={500}
            autoFocus
          />
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="button button-danger" disabled={busy || !reason.trim()}>
          {submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
