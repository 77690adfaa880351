import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { api } from '../../api/client.ts';
import { listItems } from '../../api/list-items.ts';
import type { Page, Role, User } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useSession } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { RoleSelect } from './role-select.tsx';

const EMPTY = { name: '', email: '', role: 'controller' as Role, password: '' };

function CreateUserForm() {
  const { t } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const create = useApiMutation(
    (body: typeof EMPTY) => api.post<User>('/api/users', body),
    () => setForm(EMPTY),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ ...form, name: form.name.trim(), email: form.email.trim() });
  };
  const errorFor = (path: string) =>
    create.error instanceof ApiError ? create.error.messageFor(path) : undefined;
  return (
    <form className="form-grid" onSubmit={submit} data-testid="create-user-form">
      <Field label={t('users.name')} error={errorFor('name')}>
        {(control) => (
          <input
            {...control}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            required
          />
        )}
      </Field>
      <Field label={t('users.email')} error={errorFor('email')}>
        {(control) => (
          <input
            {...control}
            type="email"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
            required
          />
        )}
      </Field>
      <RoleSelect label={t('users.role')} value={form.role} onChange={(role) => setForm({ ...form, role })} />
      <Field label={t('users.password')} hint={t('users.passwordHint')} error={errorFor('password')}>
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            required
            minLength={12}
          />
        )}
      </Field>
      <div className="button-row form-grid-full">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {t('users.create')}
        </button>
        {create.data && (
          <span className="text-success" role="status">
            {t('users.created', { email: create.data.email })}
          </span>
        )}
      </div>
      {create.error ? <ErrorNotice error={create.error} /> : null}
    </form>
  );
}

export function UsersPanel() {
  const { t, f } = useI18n();
  const session = useSession();
  const query = useApiQuery<User[] | Page<User>>('/api/users');
  const remove = useApiMutation((id: number) => api.delete(`/api/users/${id}`));
  return (
    <>
      <Section title={t('settings.users')} testId="users">
        <QueryView query={query}>
          {(data) => (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('users.name')}</th>
                    <th scope="col">{t('users.email')}</th>
                    <th scope="col">{t('users.role')}</th>
                    <th scope="col" className="hide-narrow">
                      {t('users.lastLogin')}
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {listItems(data).map((user) => (
                    <tr key={user.id}>
                      <td>
                        {user.name}
                        {user.active === false && (
                          <span className="badge badge-muted badge-inline">{t('users.inactive')}</span>
                        )}
                      </td>
                      <td>{user.email}</td>
                      <td>{t(`role.${user.role}`)}</td>
                      <td className="hide-narrow">{f.dateTime(user.lastLoginAt)}</td>
                      <td className="actions">
                        {user.id !== session.user?.id && user.active !== false && (
                          <button
                            type="button"
                            className="button button-small button-quiet"
                            disabled={remove.isPending}
                            onClick={() => remove.mutate(user.id)}
                          >
                            {t('users.remove')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
        {remove.error ? <ErrorNotice error={remove.error} /> : null}
      </Section>
      <Section title={t('users.create')}>
        <CreateUserForm />
      </Section>
    </>
  );
}
