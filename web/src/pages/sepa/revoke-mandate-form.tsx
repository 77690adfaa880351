import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { fieldError } from '../../api/field-error.ts';
import type { Mandate, RevokedMandate } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { localDateFromToday } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { FormError } from '../../ui/form-error.tsx';

/** Revokes a mandate from a day on (default today): no collection under it from then. */
export function RevokeMandateForm({
  mandate,
  onDone,
  onCancel,
}: {
  mandate: Mandate;
  onDone: (result: RevokedMandate) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [revokedOn, setRevokedOn] = useState(() => localDateFromToday(0));
  const revoke = useApiMutation(
    (day: string) => api.post<RevokedMandate>(`/api/mandates/${mandate.id}/revoke`, { revokedOn: day }),
    (result) => onDone(result),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    revoke.mutate(revokedOn);
  };
  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="revoke-mandate-form">
      <p className="small">{t('mandates.revokeHint', { reference: mandate.reference })}</p>
      <div className="inline-form">
        <Field label={t('mandates.revokedOn')} error={fieldError(revoke.error, 'revokedOn')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={revokedOn}
              onChange={(e) => setRevokedOn(e.target.value)}
              data-testid="revoke-mandate-on"
            />
          )}
        </Field>
      </div>
      <div className="button-row">
        <button
          type="submit"
          className="button button-danger"
          disabled={revoke.isPending}
          data-testid="revoke-mandate-submit"
        >
          {t('mandates.revoke')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <FormError error={revoke.error} fields={['revokedOn']} />
    </form>
  );
}

/** After a revocation: the collections already exported under the mandate, to recall at the bank. */
export function RevokedNotice({ result, onClose }: { result: RevokedMandate; onClose: () => void }) {
  const { t, f } = useI18n();
  const { mandate, pendingCollections } = result;
  return (
    <div
      className={`notice ${pendingCollections.length > 0 ? 'notice-warning' : 'notice-success'}`}
      role="status"
      data-testid="mandate-revoked"
    >
      <strong>
        {t('mandates.revokedDone', { reference: mandate.reference, date: f.date(mandate.revokedOn) })}
      </strong>
      {pendingCollections.length > 0 ? (
        <>
          <p>{t('mandates.recall', { count: pendingCollections.length })}</p>
          <div className="table-wrap">
            <table className="table table-compact" data-testid="mandate-recall">
              <thead>
                <tr>
                  <th scope="col">{t('mandates.endToEndId')}</th>
                  <th scope="col">{t('sepa.collectionDate')}</th>
                  <th scope="col" className="num">
                    {t('common.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {pendingCollections.map((c) => (
                  <tr key={c.endToEndId}>
                    <td className="mono">{c.endToEndId}</td>
                    <td>{f.date(c.collectionDate)}</td>
                    <td className="num">{f.money(c.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>{t('mandates.nothingToRecall')}</p>
      )}
      <button type="button" className="button button-small" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
