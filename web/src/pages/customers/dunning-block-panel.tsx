import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ApiError } from '../../api/api-error.ts';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { Section } from '../../ui/section.tsx';

/** Shows the dunning block and sets or lifts it. */
export function DunningBlockPanel({ customer }: { customer: Customer }) {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const path = `/api/customers/${customer.id}/dunning-block`;
  const setBlock = useApiMutation(
    (block: { reason: string; until: string | null }) => api.put(path, block),
    () => {
      setReason('');
      setUntil('');
    },
  );
  const lift = useApiMutation(() => api.delete(path));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBlock.mutate({ reason: reason.trim(), until: until || null });
  };
  const fieldError = (name: string) =>
    setBlock.error instanceof ApiError ? setBlock.error.messageFor(name) : undefined;
  return (
    <Section title={t('block.title')} testId="dunning-block">
      {customer.blockReason !== null ? (
        <>
          <p className="notice notice-warning">
            {t('block.active', { reason: customer.blockReason })}
            <br />
            {customer.blockUntil
              ? t('block.until', { date: f.date(customer.blockUntil) })
              : t('block.indefinite')}
          </p>
          {canWrite && (
            <button type="button" className="button" onClick={() => lift.mutate()} disabled={lift.isPending}>
              {t('block.lift')}
            </button>
          )}
          {lift.error ? <ErrorNotice error={lift.error} /> : null}
        </>
      ) : (
        <>
          <p className="muted">{t('block.none')}</p>
          {canWrite && (
            <form onSubmit={submit} className="stack-small">
              <Field label={t('block.reason')} error={fieldError('reason')}>
                {(control) => (
                  <input
                    {...control}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    required
                    maxLength={500}
                  />
                )}
              </Field>
              <Field label={t('block.untilLabel')} error={fieldError('until')}>
                {(control) => (
                  <input {...control} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
                )}
              </Field>
              <button type="submit" className="button" disabled={setBlock.isPending || !reason.trim()}>
                {t('block.set')}
              </button>
              {setBlock.error ? <ErrorNotice error={setBlock.error} /> : null}
            </form>
          )}
        </>
      )}
    </Section>
  );
}
