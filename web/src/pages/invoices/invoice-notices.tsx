import type { InvoiceDetail } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Section } from '../../ui/section.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';

export function InvoiceNotices({ notices }: { notices: InvoiceDetail['notices'] }) {
  const { t, f, tOr } = useI18n();
  return (
    <Section title={t('invoice.notices')} testId="invoice-notices">
      {notices.length === 0 ? (
        <EmptyState>{t('invoice.noNotices')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('common.date')}</th>
                <th scope="col">{t('invoice.stage')}</th>
                <th scope="col" className="num">
                  {t('dunning.total')}
                </th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={n.id}>
                  <td>{f.date(n.issuedOn)}</td>
                  <td>
                    <a href={`/api/notices/${n.id}/pdf`} target="_blank" rel="noopener">
                      {tOr(`stage.${n.stageKey}`, n.stageKey)}
                    </a>
                  </td>
                  <td className="num">{f.money(n.totalCents)}</td>
                  <td>
                    <StatusBadge status={n.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
