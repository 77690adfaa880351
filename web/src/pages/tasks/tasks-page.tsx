import { useNavigate, useSearch } from '@tanstack/react-router';
import type { TaskFilter } from '../../app/search-params.ts';
import type { Task } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { LoadMore } from '../../ui/load-more.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { OpenDisputes } from './open-disputes.tsx';
import { PromisesDue } from './promises-due.tsx';
import { TaskTable } from './task-table.tsx';

export function TasksPage() {
  const { t } = useI18n();
  const search = useSearch({ from: '/tasks' });
  const navigate = useNavigate({ from: '/tasks' });
  const status: TaskFilter = search.status ?? 'open';
  // Open tasks come with the script of each call: phone, e-mail, open claims, last notices.
  const list = useCursorList<Task>('/api/tasks', { status, limit: 50, script: status === 'open' });
  return (
    <>
      <PageHeader title={t('tasks.title')}>
        <div className="segmented" role="group" aria-label={t('tasks.show')}>
          {(['open', 'done'] as const).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={status === s}
              onClick={() => void navigate({ search: { status: s }, replace: true })}
            >
              {t(`tasks.${s}`)}
            </button>
          ))}
        </div>
      </PageHeader>
      <Section title={t('tasks.title')} testId="task-list">
        <QueryView query={list}>
          {() =>
            list.items.length === 0 ? (
              <EmptyState>{t('tasks.none')}</EmptyState>
            ) : (
              <TaskTable tasks={list.items} showCustomer />
            )
          }
        </QueryView>
        <LoadMore
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoad={() => void list.fetchNextPage()}
        />
      </Section>
      {status === 'open' && <PromisesDue />}
      {status === 'open' && <OpenDisputes />}
    </>
  );
}
