import type { StatementResult } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/messages-de.ts';

const COUNTS: { field: keyof StatementResult; label: MessageKey }[] = [
  { field: 'statements', label: 'payments.statements' },
  { field: 'entries', label: 'payments.entries' },
  { field: 'newEntries', label: 'payments.newEntries' },
  { field: 'booked', label: 'payments.booked' },
  { field: 'review', label: 'payments.review' },
  { field: 'parked', label: 'payments.parked' },
  { field: 'ignored', label: 'payments.ignored' },
  { field: 'returns', label: 'payments.returns' },
];

export function StatementResultView({ fileName, result }: { fileName: string; result: StatementResult }) {
  const { t, f } = useI18n();
  return (
    <div className="run-counts" role="status" data-testid="statement-result">
      <h3>{t('payments.imported', { file: fileName })}</h3>
      {result.duplicate && <p className="notice notice-warning">{t('payments.duplicate')}</p>}
      <dl className="stat-row">
        {COUNTS.filter((c) => typeof result[c.field] === 'number').map((c) => (
          <div key={c.field} data-testid={`statement-${c.field}`}>
            <dt>{t(c.label)}</dt>
            <dd>{f.number(Number(result[c.field]))}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
