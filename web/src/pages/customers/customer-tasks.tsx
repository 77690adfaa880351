import type { Task } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Section } from '../../ui/section.tsx';
import { TaskTable } from '../tasks/task-table.tsx';

export function CustomerTasks({ tasks }: { tasks: Task[] }) {
  const { t } = useI18n();
  return (
    <Section title={t('customer.tasks')} testId="customer-tasks">
      {tasks.length === 0 ? <EmptyState>{t('customer.noTasks')}</EmptyState> : <TaskTable tasks={tasks} />}
    </Section>
  );
}
