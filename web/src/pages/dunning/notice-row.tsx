import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Notice } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ReasonForm } from '../../ui/reason-form.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';

/** One notice: selectable for approval, its letter, and cancelling it with a reason. */
export function NoticeRow({
  notice: n,
  selectable,
  selected,
  onToggle,
  onPreview,
  canCancel,
}: {
  notice: Notice;
  selectable: boolean;
  selected: boolean;
  onToggle: () => void;
  onPreview: () => void;
  canCancel: boolean;
}) {
  const { t, f, tOr } = useI18n();
  const [cancelling, setCancelling] = useState(false);
  const cancel = useApiMutation(
    (reason: string) => api.post(`/api/notices/${n.id}/cancel`, { reason }),
    () => setCancelling(false),
  );
  const columns = selectable ? 8 : 7;
  return (
    <>
      <tr data-testid={`notice-${n.id}`} className={selected ? 'row-selected' : undefined}>
        {selectable && (
          <td className="col-check">
            <input
              type="checkbox"
              checked={selected}
              onChange={onToggle}
              aria-label={t('dunning.select', { customer: n.customerName })}
            />
          </td>
        )}
        <td>
          <Link to="/customers/$customerId" params={{ customerId: String(n.customerId) }}>
            {n.customerName}
          </Link>
          <div className="muted small">{n.customerNumber}</div>
        </td>
        <td>
          {tOr(`stage.${n.stageKey}`, n.stageKey)}
          {n.status !== 'proposed' && (
            <>
              {' '}
              <StatusBadge status={n.status} />
            </>
          )}
          <div className="muted small">{tOr(`channel.${n.channel}`, n.channel)}</div>
        </td>
        <td className="hide-narrow">{f.date(n.paymentDeadline)}</td>
        <td className="num">{f.number(n.claims)}</td>
        <td className="num hide-narrow">{f.money(n.feeCents)}</td>
        <td className="num">{f.money(n.totalCents)}</td>
        <td className="actions">
          <button
            type="button"
            className="button button-small"
            onClick={onPreview}
            aria-label={`${t('dunning.letter')}: ${n.customerName}`}
            data-testid="preview-letter"
          >
            {t('dunning.letterShort')}
          </button>
          {canCancel && !cancelling && (
            <button
              type="button"
              className="button button-small button-quiet"
              onClick={() => setCancelling(true)}
              data-testid="cancel-notice"
            >
              {t('dunning.cancel')}
            </button>
          )}
        </td>
      </tr>
      {cancelling && (
        <tr className="row-form">
          <td colSpan={columns}>
            <ReasonForm
              label={t('dunning.cancelReason')}
              submitLabel={t('dunning.cancelConfirm')}
              busy={cancel.isPending}
              error={cancel.error}
              onSubmit={(reason) => cancel.mutate(reason)}
              onCancel={() => setCancelling(false)}
            />
          </td>
        </tr>
      )}
    </>
  );
}
