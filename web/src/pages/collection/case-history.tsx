import type { LeftOutClaim, Page, TimelineEvent } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { summarizeEvent } from '../customers/event-summary.ts';
import { LeftOutNotice } from './left-out-notice.tsx';

function leftOutOf(events: TimelineEvent[]): LeftOutClaim[] {
  const handedOver = events.find((e) => e.type === 'collection.handed-over');
  const leftOut = handedOver?.payload.leftOut;
  return Array.isArray(leftOut)
    ? leftOut.filter(
        (l): l is LeftOutClaim =>
          typeof l === 'object' &&
          l !== null &&
          typeof l.invoiceNumber === 'string' &&
          typeof l.reason === 'string',
      )
    : [];
}

/**
 * What happened to the case, newest first (handover, remittances, closing), and the due claims the
 * handover left out with the reason, as the handover recorded them.
 */
export function CaseHistory({ caseId }: { caseId: number }) {
  const { t, f, language } = useI18n();
  const query = useApiQuery<Page<TimelineEvent>>(
    `/api/events?entityType=collection-case&entityId=${caseId}&limit=100`,
  );
  return (
    <QueryView query={query}>
      {({ items }) => (
        <>
          <LeftOutNotice leftOut={leftOutOf(items)} />
          <Section title={t('collection.history')} testId="case-history">
            {items.length === 0 ? (
              <EmptyState>{t('customer.timelineEmpty')}</EmptyState>
            ) : (
              <ol className="timeline">
                {items.map((event) => (
                  <li
                    key={event.id}
                    className={`timeline-item timeline-${event.type.split('.')[0]}`}
                    data-event-type={event.type}
                  >
                    <div className="timeline-meta">
                      <time dateTime={event.at}>{f.dateTime(event.at)}</time>
                      <span className="timeline-actor">{event.actor}</span>
                    </div>
                    <div className="timeline-summary">{summarizeEvent(event, language)}</div>
                  </li>
                ))}
              </ol>
            )}
          </Section>
        </>
      )}
    </QueryView>
  );
}
