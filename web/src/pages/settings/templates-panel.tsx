import { type FormEvent, useEffect, useState } from 'react';
import { api, csrfHeaders } from '../../api/client.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';

interface Template {
  key: string;
  language: 'de' | 'en';
  subject: string;
  body: string;
  custom: boolean;
}

interface Placeholder {
  name: string;
  description: string;
}

const idOf = (t: Pick<Template, 'key' | 'language'>) => `${t.key}/${t.language}`;

/** Renders the unsaved wording as a sample letter; the PDF is shown from a blob URL. */
async function previewUrl(template: Template, subject: string, body: string): Promise<string> {
  const response = await fetch(`/api/templates/${template.key}/${template.language}/preview`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...csrfHeaders('POST') },
    body: JSON.stringify({ subject, body }),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new Error(problem.detail ?? response.statusText);
  }
  return URL.createObjectURL(await response.blob());
}

function TemplateEditor({ template }: { template: Template }) {
  const { t } = useI18n();
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [preview, setPreview] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);
  const save = useApiMutation(() =>
    api.put<Template>(`/api/templates/${template.key}/${template.language}`, { subject, body }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const showPreview = () => {
    setPreviewError(null);
    previewUrl(template, subject, body).then(setPreview, (error: Error) => setPreviewError(error.message));
  };
  return (
    <div className="template-editor-layout">
      <form className="template-editor" onSubmit={submit} data-testid="template-editor">
        <Field label={t('templates.subject')}>
          {(control) => (
            <input
              {...control}
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              maxLength={500}
            />
          )}
        </Field>
        <Field label={t('templates.body')}>
          {(control) => (
            <textarea
              {...control}
              className="code-input"
              rows={18}
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
          )}
        </Field>
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={showPreview}
            data-testid="template-preview-button"
          >
            {t('templates.preview')}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
        {save.error ? <ErrorNotice error={save.error} /> : null}
        {save.isSuccess && (
          <p className="notice notice-success" role="status">
            {t('common.saved')}
          </p>
        )}
        {previewError && (
          <p className="notice notice-error" role="alert">
            {previewError}
          </p>
        )}
      </form>
      {preview ? (
        <iframe className="template-preview" src={preview} title={t('templates.preview')} />
      ) : (
        <div />
      )}
    </div>
  );
}

/** The wording of every dunning stage, per language, with the placeholders and a live letter preview. */
export function TemplatesPanel() {
  const { t } = useI18n();
  const templates = useApiQuery<Template[]>('/api/templates');
  const placeholders = useApiQuery<Placeholder[]>('/api/templates/placeholders');
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <div data-testid="templates">
      <p className="notice notice-info">{t('templates.hint')}</p>
      <QueryView query={templates}>
        {(list) => {
          const current = list.find((x) => idOf(x) === selected) ?? list[0];
          return (
            <Section title={t('settings.templates')}>
              <Field label={t('templates.choose')}>
                {(control) => (
                  <select
                    {...control}
                    value={current ? idOf(current) : ''}
                    onChange={(e) => setSelected(e.target.value)}
                  >
                    {list.map((x) => (
                      <option key={idOf(x)} value={idOf(x)}>
                        {x.key} · {x.language.toUpperCase()} ·{' '}
                        {x.custom ? t('templates.custom') : t('templates.shipped')}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {current && <TemplateEditor key={idOf(current)} template={current} />}
            </Section>
          );
        }}
      </QueryView>
      <QueryView query={placeholders}>
        {(list) => (
          <Section title={t('templates.placeholders')}>
            <dl className="details">
              {list.map((p) => (
                <div key={p.name}>
                  <dt>
                    <code>{`{{${p.name}}}`}</code>
                  </dt>
                  <dd>{p.description}</dd>
                </div>
              ))}
            </dl>
          </Section>
        )}
      </QueryView>
    </div>
  );
}
