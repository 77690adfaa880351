import { useI18n } from '../../i18n/i18n-context.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import type { OrderDetail } from './order-types.ts';

/** The order's life as one list by day: each status change and each moved delivery date with its reason. */
export function OrderLifecycle({ order }: { order: OrderDetail }) {
  const { t, f } = useI18n();
  const entries = [
    ...order.statusChanges.map((c, i) => ({
      key: `s${i}`,
      on: c.on,
      order: i,
      content: (
        <>
          <StatusBadge status={c.to} />
          {c.note && <span className="muted"> {c.note}</span>}
        </>
      ),
    })),
    ...order.deliveryDateChanges.map((c, i) => ({
      key: `d${i}`,
      on: c.on,
      order: order.statusChanges.length + i,
      content: (
        <>
          {t('orders.dateMovedEntry', {
            from: c.previousDate ? f.date(c.previousDate) : t('orders.deliveryOpen'),
            to: f.date(c.newDate),
          })}
          <span className="muted"> – {c.reason}</span>
        </>
      ),
    })),
  ].sort((a, b) => (a.on === b.on ? a.order - b.order : a.on < b.on ? -1 : 1));
  return (
    <ol className="timeline" data-testid="order-lifecycle-list">
      {entries.map((entry) => (
        <li key={entry.key} className="timeline-item">
          <div className="timeline-meta">
            <time dateTime={entry.on}>{f.date(entry.on)}</time>
          </div>
          <div className="timeline-summary">{entry.content}</div>
        </li>
      ))}
    </ol>
  );
}
