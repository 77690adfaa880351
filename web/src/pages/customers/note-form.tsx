import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { Section } from '../../ui/section.tsx';

/** A note on the customer's timeline (a call, an agreement). */
export function NoteForm({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const { canWrite } = usePermissions();
  const [text, setText] = useState('');
  const add = useApiMutation(
    (note: string) => api.post(`/api/customers/${customerId}/notes`, { text: note }),
    () => setText(''),
  );
  if (!canWrite) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) add.mutate(text.trim());
  };
  return (
    <Section title={t('note.title')}>
      <form onSubmit={submit} className="stack-small" data-testid="note-form">
        <Field label={t('note.text')}>
          {(control) => (
            <textarea
              {...control}
              rows={3}
              value={text}
              placeholder={t('note.placeholder')}
              onChange={(e) => setText(e.target.value)}
              maxLength={5000}
              required
            />
          )}
        </Field>
        <button type="submit" className="button button-primary" disabled={add.isPending || !text.trim()}>
          {t('note.add')}
        </button>
        {add.error ? <ErrorNotice error={add.error} /> : null}
      </form>
    </Section>
  );
}
