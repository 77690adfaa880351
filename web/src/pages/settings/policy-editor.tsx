import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';

interface Issue {
  path: string;
  message: string;
}

interface Checked {
  policy: { stages: unknown[] };
  warnings: Issue[];
}

/** The policy document as JSON, checked by the server (located errors, legal warnings) and saved as a new version. */
export function PolicyEditor({
  policyKey,
  document,
  onSaved,
}: {
  policyKey: string;
  document: Record<string, unknown>;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(document, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const parse = (): Record<string, unknown> | null => {
    try {
      const value = JSON.parse(text) as Record<string, unknown>;
      setJsonError(null);
      return value;
    } catch (error) {
      setJsonError(t('policies.invalidJson', { message: (error as Error).message }));
      return null;
    }
  };
  const check = useApiMutation((body: Record<string, unknown>) =>
    api.post<Checked>('/api/policies/check', body),
  );
  const save = useApiMutation(
    (body: Record<string, unknown>) =>
      api.put<{ version: number; warnings: Issue[] }>(`/api/policies/${encodeURIComponent(policyKey)}`, body),
    onSaved,
  );
  const warnings = save.data?.warnings ?? check.data?.warnings;
  return (
    <div className="policy-editor" data-testid="policy-editor">
      <p className="muted small">{t('policies.editHint')}</p>
      <label className="visually-hidden" htmlFor={`policy-${policyKey}`}>
        {policyKey}
      </label>
      <textarea
        id={`policy-${policyKey}`}
        className="code-input"
        rows={24}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={check.isPending}
          onClick={() => {
            const body = parse();
            if (body) check.mutate(body);
          }}
        >
          {t('policies.check')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={save.isPending}
          onClick={() => {
            const body = parse();
            if (body) save.mutate(body);
          }}
        >
          {t('policies.saveVersion')}
        </button>
      </div>
      {jsonError && (
        <p className="notice notice-error" role="alert">
          {jsonError}
        </p>
      )}
      {check.error ? <ErrorNotice error={check.error} /> : null}
      {save.error ? <ErrorNotice error={save.error} /> : null}
      {check.data && !save.data && (
        <p className="notice notice-success" role="status">
          {t('policies.valid', { stages: check.data.policy.stages.length })}
        </p>
      )}
      {save.data && (
        <p className="notice notice-success" role="status">
          {t('policies.saved', { version: save.data.version })}
        </p>
      )}
      {warnings && (
        <div className={warnings.length > 0 ? 'notice notice-warning' : 'notice notice-info'}>
          <strong>{t('policies.warnings')}:</strong>{' '}
          {warnings.length === 0 ? (
            t('policies.noWarnings')
          ) : (
            <ul>
              {warnings.map((w) => (
                <li key={`${w.path}:${w.message}`}>
                  <code>{w.path}</code>: {w.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
