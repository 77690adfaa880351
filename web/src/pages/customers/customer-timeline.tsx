import { Link } from '@tanstack/react-router';
import type { TimelineEvent } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { LoadMore } from '../../ui/load-more.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { summarizeEvent } from './event-summary.ts';

/** Every event about the customer, newest first, one readable line each. */
export function CustomerTimeline({ customerId }: { customerId: number }) {
  const { t, f, language } = useI18n();
  const list = useCursorList<TimelineEvent>(`/api/customers/${customerId}/timeline`, { limit: 30 });
  return (
    <Section title={t('customer.timeline')} testId="customer-timeline">
      <QueryView query={list}>
        {() =>
          list.items.length === 0 ? (
            <EmptyState>{t('customer.timelineEmpty')}</EmptyState>
          ) : (
            <ol className="timeline">
              {list.items.map((event) => (
                <li
                  key={event.id}
                  className={`timeline-item timeline-${event.type.split('.')[0]}`}
                  data-event-type={event.type}
                >
                  <div className="timeline-meta">
                    <time dateTime={event.at}>{f.dateTime(event.at)}</time>
                    <span className="timeline-type">{event.type}</span>
                    <span className="timeline-actor">{event.actor}</span>
                  </div>
                  <div className="timeline-summary">
                    {event.entityType === 'invoice' ? (
                      <Link to="/invoices/$invoiceId" params={{ invoiceId: event.entityId }}>
                        {summarizeEvent(event, language)}
                      </Link>
                    ) : event.entityType === 'collection-case' ? (
                      <Link to="/collection/$caseId" params={{ caseId: event.entityId }}>
                        {summarizeEvent(event, language)}
                      </Link>
                    ) : (
                      summarizeEvent(event, language)
                    )}
                  </div>
                </li>
              ))}
            </ol>
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
