import { useI18n } from '../i18n/i18n-context.tsx';

/** A busy indicator with a text for screen readers (and for sighted users when `label` is shown). */
export function Spinner({ label, showLabel = true }: { label?: string; showLabel?: boolean }) {
  const { t } = useI18n();
  const text = label ?? t('common.loading');
  return (
    <span className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className={showLabel ? undefined : 'visually-hidden'}>{text}</span>
    </span>
  );
}
