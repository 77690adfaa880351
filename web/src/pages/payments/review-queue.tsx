import type { ReviewItem } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { LoadMore } from '../../ui/load-more.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { ReviewItemCard } from './review-item-card.tsx';

/** Bank entries the matching could not book on its own (Klärungsfälle). */
export function ReviewQueue() {
  const { t } = useI18n();
  const list = useCursorList<ReviewItem>('/api/review-queue', { limit: 20 });
  return (
    <Section title={t('payments.reviewQueue')} testId="review-queue">
      <QueryView query={list}>
        {() =>
          list.items.length === 0 ? (
            <EmptyState>{t('payments.reviewEmpty')}</EmptyState>
          ) : (
            <ul className="review-list">
              {[...list.items]
                .sort((a, b) => Number(a.status !== 'review') - Number(b.status !== 'review'))
                .map((item) => (
                  <ReviewItemCard key={item.id} item={item} />
                ))}
            </ul>
          )
        }
      </QueryView>
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
    </Section>
  );
}
