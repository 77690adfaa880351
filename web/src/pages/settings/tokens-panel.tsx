import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { listItems } from '../../api/list-items.ts';
import type { ApiToken, Page, Role } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { NewTokenNotice } from './new-token-notice.tsx';
import { RoleSelect } from './role-select.tsx';

export function TokensPanel() {
  const { t, f } = useI18n();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('controller');
  const query = useApiQuery<ApiToken[] | Page<ApiToken>>('/api/tokens');
  const create = useApiMutation(
    (body: { name: string; role: Role }) => api.post<{ id: number; token: string }>('/api/tokens', body),
    () => setName(''),
  );
  const revoke = useApiMutation((id: number) => api.delete(`/api/tokens/${id}`));
  const [createdName, setCreatedName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreatedName(name.trim());
    create.mutate({ name: name.trim(), role });
  };
  return (
    <Section title={t('settings.tokens')} testId="tokens">
      <p className="muted">{t('tokens.intro')}</p>
      <form className="form-grid" onSubmit={submit} data-testid="create-token-form">
        <Field label={t('tokens.name')}>
          {(control) => (
            <input
              {...control}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
            />
          )}
        </Field>
        <RoleSelect label={t('tokens.role')} value={role} onChange={setRole} />
        <div className="button-row form-grid-full">
          <button type="submit" className="button button-primary" disabled={create.isPending || !name.trim()}>
            {t('tokens.create')}
          </button>
        </div>
      </form>
      {create.error ? <ErrorNotice error={create.error} /> : null}
      {create.data && (
        <NewTokenNotice name={createdName} token={create.data.token} onDismiss={() => create.reset()} />
      )}
      <QueryView query={query}>
        {(data) => {
          const tokens = listItems(data);
          return tokens.length === 0 ? (
            <EmptyState>{t('tokens.none')}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('tokens.name')}</th>
                    <th scope="col">{t('tokens.role')}</th>
                    <th scope="col" className="hide-narrow">
                      {t('tokens.createdAt')}
                    </th>
                    <th scope="col" className="hide-narrow">
                      {t('tokens.lastUsed')}
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.map((token) => (
                    <tr key={token.id}>
                      <td>{token.name}</td>
                      <td>{t(`role.${token.role}`)}</td>
                      <td className="hide-narrow">{f.dateTime(token.createdAt)}</td>
                      <td className="hide-narrow">{f.dateTime(token.lastUsedAt)}</td>
                      <td className="actions">
                        {token.revokedAt ? (
                          <span className="badge badge-muted">{t('tokens.revoked')}</span>
                        ) : (
                          <button
                            type="button"
                            className="button button-small button-quiet"
                            disabled={revoke.isPending}
                            onClick={() => revoke.mutate(token.id)}
                          >
                            {t('tokens.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryView>
      {revoke.error ? <ErrorNotice error={revoke.error} /> : null}
    </Section>
  );
}
