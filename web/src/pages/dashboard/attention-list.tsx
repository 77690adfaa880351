import { Link } from '@tanstack/react-router';
import type { Dashboard } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

/** Today's work, each with the page where it is done. */
export function AttentionList({ attention }: { attention: Dashboard['attention'] }) {
  const { t, f } = useI18n();
  const items = [
    { count: attention.proposals, label: t('dashboard.attentionProposals'), to: '/dunning', id: 'proposals' },
    {
      count: attention.paymentsToReview,
      label: t('dashboard.attentionPayments'),
      to: '/payments',
      id: 'payments',
    },
    { count: attention.promisesDue, label: t('dashboard.attentionPromises'), to: '/tasks', id: 'promises' },
    { count: attention.tasksOpen, label: t('dashboard.attentionTasks'), to: '/tasks', id: 'tasks' },
  ] as const;
  return (
    <Section title={t('dashboard.attention')} testId="attention">
      <ul className="attention-list">
        {items.map((item) => (
          <li key={item.id}>
            <Link to={item.to} data-testid={`attention-${item.id}`}>
              <span className={`attention-count${item.count > 0 ? ' attention-count-due' : ''}`}>
                {f.number(item.count)}
              </span>
              <span>{item.label}</span>
              <span aria-hidden="true" className="attention-arrow">
                →
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </Section>
  );
}
