import type { LeftOutClaim } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** The due claims a handover did not take (disputed, in a plan or another case), each with why. */
export function LeftOutNotice({ leftOut }: { leftOut: LeftOutClaim[] }) {
  const { t } = useI18n();
  if (leftOut.length === 0) return null;
  return (
    <div className="notice notice-warning" role="status" data-testid="case-left-out">
      <strong>{t('collection.leftOut', { count: leftOut.length })}</strong>
      <ul>
        {leftOut.map((l) => (
          <li key={l.invoiceNumber}>
            <strong>{l.invoiceNumber}</strong>: {l.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
