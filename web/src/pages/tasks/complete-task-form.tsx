import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';

const OUTCOMES = ['reached', 'promise', 'dispute', 'no-answer', 'done'] as const;

/** Records how a task ended (a call: reached, promise, dispute, no answer) with an optional note. */
export function CompleteTaskForm({ taskId, onDone }: { taskId: number; onDone: () => void }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<string>('reached');
  const [note, setNote] = useState('');
  const [followUpOn, setFollowUpOn] = useState('');
  const complete = useApiMutation(
    (body: { outcome: string; note?: string; followUpOn?: string }) =>
      api.post(`/api/tasks/${taskId}/complete`, body),
    onDone,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    complete.mutate({
      outcome,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(followUpOn ? { followUpOn } : {}),
    });
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="complete-task-form">
      <Field label={t('tasks.outcome')}>
        {(control) => (
          <select {...control} value={outcome} onChange={(e) => setOutcome(e.target.value)} autoFocus>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`outcome.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('tasks.note')} className="field-grow">
        {(control) => (
          <input {...control} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        )}
      </Field>
      <Field label={t('tasks.followUpOn')}>
        {(control) => (
          <input
            {...control}
            type="date"
            value={followUpOn}
            onChange={(e) => setFollowUpOn(e.target.value)}
          />
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={complete.isPending}>
          {t('tasks.complete')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {complete.error ? <ErrorNotice error={complete.error} /> : null}
    </form>
  );
}
