import { useI18n } from '../i18n/i18n-context.tsx';

/** "Load more" under a cursor-paged list, while there is more. */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
}) {
  const { t } = useI18n();
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <button type="button" className="button" onClick={onLoad} disabled={loading} data-testid="load-more">
        {loading ? t('common.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}
