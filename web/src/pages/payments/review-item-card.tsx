import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { ReviewAssignment, ReviewItem } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { ReasonForm } from '../../ui/reason-form.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { ManualAssignForm } from './manual-assign-form.tsx';
import { SuggestionList } from './suggestion-list.tsx';

/** One bank entry to review: what the bank says, the suggestions, and assign or ignore. */
export function ReviewItemCard({ item }: { item: ReviewItem }) {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const [ignoring, setIgnoring] = useState(false);
  const assign = useApiMutation((assignment: ReviewAssignment) =>
    api.post(`/api/review-queue/${item.id}/assign`, assignment),
  );
  const ignore = useApiMutation((reason: string) =>
    api.post(`/api/review-queue/${item.id}/ignore`, { reason }),
  );
  const amount =
    item.currency === 'EUR'
      ? f.money(item.amountCents)
      : `${f.number(item.amountCents / 100, 2)} ${item.currency}`;
  return (
    <li className="review-item" data-testid={`review-item-${item.id}`}>
      <div className="review-head">
        <strong className="review-amount">{amount}</strong>
        <span>{f.date(item.bookingDate)}</span>
        {item.status !== 'review' && <StatusBadge status={item.status} />}
      </div>
      <dl className="details details-compact">
        <div>
          <dt>{t('payments.payer')}</dt>
          <dd>
            {item.payerName ?? '–'}
            {item.payerIban && <span className="muted mono"> {item.payerIban}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('payments.remittance')}</dt>
          <dd className="break">{item.remittance || '–'}</dd>
        </div>
        {item.reason.length > 0 && (
          <div>
            <dt>{t('payments.why')}</dt>
            <dd>{item.reason.join(' · ')}</dd>
          </div>
        )}
      </dl>
      <SuggestionList
        suggestions={item.suggestions}
        canAssign={canWrite}
        busy={assign.isPending}
        onAssign={(suggestion) =>
          assign.mutate({
            invoiceNumbers: suggestion.invoiceNumbers,
            ...(suggestion.customerNumber ? { customerNumber: suggestion.customerNumber } : {}),
          })
        }
      />
      {assign.error ? <ErrorNotice error={assign.error} /> : null}
      {canWrite && (
        <div className="review-actions">
          <ManualAssignForm busy={assign.isPending} onAssign={(assignment) => assign.mutate(assignment)} />
          {ignoring ? (
            <ReasonForm
              label={t('payments.ignoreReason')}
              submitLabel={t('payments.ignore')}
              busy={ignore.isPending}
              error={ignore.error}
              onSubmit={(reason) => ignore.mutate(reason)}
              onCancel={() => setIgnoring(false)}
            />
          ) : (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => setIgnoring(true)}
              data-testid="ignore-payment"
            >
              {t('payments.ignore')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
