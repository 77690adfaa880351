import { Link } from '@tanstack/react-router';
import type { Dispute, PromiseToPay } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';

/** What pauses dunning for some invoices: disputes and promises to pay. */
export function CustomerHolds({ disputes, promises }: { disputes: Dispute[]; promises: PromiseToPay[] }) {
  const { t, f } = useI18n();
  const invoiceLink = (id: number, number: string | null | undefined) => (
    <Link to="/invoices/$invoiceId" params={{ invoiceId: String(id) }}>
      {number ?? `#${id}`}
    </Link>
  );
  return (
    <div className="grid grid-2">
      {disputes.length > 0 && (
        <Section title={t('customer.disputes')}>
          <ul className="plain-list">
            {disputes.map((d) => (
              <li key={d.id}>
                {invoiceLink(d.invoiceId, d.invoiceNumber)}: {d.reason}{' '}
                <span className="muted">({f.date(d.openedOn)})</span>
                {d.resolvedOn && (
                  <span className="muted">
                    {' '}
                    – {t('customer.disputeResolved', { date: f.date(d.resolvedOn) })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {promises.length > 0 && (
        <Section title={t('customer.promises')}>
          <ul className="plain-list">
            {promises.map((p) => (
              <li key={p.id}>
                {f.money(p.amountCents)} · {f.date(p.payBy)} · {invoiceLink(p.invoiceId, p.invoiceNumber)}{' '}
                <StatusBadge status={p.status} />
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
