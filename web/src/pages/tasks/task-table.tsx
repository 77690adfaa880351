import { Link } from '@tanstack/react-router';
import { Fragment, useState } from 'react';
import type { Task } from '../../api/types.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { CallScript, isContactTask } from './call-script.tsx';
import { CompleteTaskForm } from './complete-task-form.tsx';

/**
 * Tasks (the call list) with their customer and, for open ones, "complete with outcome"; an open
 * call (or promise follow-up) shows its script – phone, open items, last notices – while it is
 * being worked on, when the list came with the scripts (GET /api/tasks?script=true).
 */
export function TaskTable({ tasks, showCustomer = false }: { tasks: Task[]; showCustomer?: boolean }) {
  const { t, f, tOr } = useI18n();
  const { canWrite } = usePermissions();
  const [completing, setCompleting] = useState<number | null>(null);
  const [scripted, setScripted] = useState<number | null>(null);
  const columns = showCustomer ? 6 : 5;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="task-table">
        <thead>
          <tr>
            <th scope="col">{t('tasks.dueOn')}</th>
            <th scope="col">{t('tasks.kind')}</th>
            <th scope="col">{t('tasks.task')}</th>
            {showCustomer && <th scope="col">{t('common.customer')}</th>}
            <th scope="col">{t('common.status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <Fragment key={task.id}>
              <tr data-testid={`task-${task.id}`}>
                <td>{f.date(task.dueOn)}</td>
                <td>{tOr(`taskKind.${task.kind}`, task.kind)}</td>
                <td>{task.title}</td>
                {showCustomer && (
                  <td>
                    {task.customerId !== undefined && (
                      <Link to="/customers/$customerId" params={{ customerId: String(task.customerId) }}>
                        {task.customerName ?? task.customerNumber}
                      </Link>
                    )}
                  </td>
                )}
                <td>
                  <StatusBadge status={task.status} />
                  {task.outcome && (
                    <div className="muted small">{tOr(`outcome.${task.outcome}`, task.outcome)}</div>
                  )}
                </td>
                <td className="actions">
                  {task.status === 'open' && isContactTask(task.kind) && task.script && (
                    <button
                      type="button"
                      className="button button-small"
                      aria-expanded={scripted === task.id}
                      onClick={() => setScripted(scripted === task.id ? null : task.id)}
                      data-testid="call-script-toggle"
                    >
                      {scripted === task.id ? t('call.hideScript') : t('call.showScript')}
                    </button>
                  )}{' '}
                  {canWrite && task.status === 'open' && completing !== task.id && (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => {
                        setCompleting(task.id);
                        if (isContactTask(task.kind) && task.script) setScripted(task.id);
                      }}
                      data-testid="complete-task"
                    >
                      {t('tasks.complete')}
                    </button>
                  )}
                </td>
              </tr>
              {scripted === task.id && task.script && (
                <tr className="row-form">
                  <td colSpan={columns}>
                    <CallScript task={task} />
                  </td>
                </tr>
              )}
              {completing === task.id && (
                <tr className="row-form">
                  <td colSpan={columns}>
                    <CompleteTaskForm
                      taskId={task.id}
                      customerId={isContactTask(task.kind) ? task.customerId : undefined}
                      claims={task.script?.claims}
                      onDone={() => {
                        setCompleting(null);
                        setScripted(null);
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
