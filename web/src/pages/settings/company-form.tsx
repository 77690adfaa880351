import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { api } from '../../api/client.ts';
import { type CompanyProfile, GERMAN_STATES, type GermanState } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/messages-de.ts';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { type CompanyFormValues, formValuesOf, profileOf } from './company-form-values.ts';

const GROUPS: {
  title: MessageKey;
  fields: { name: keyof CompanyFormValues; label: MessageKey; path: string; type?: string }[];
}[] = [
  {
    title: 'company.addressSection',
    fields: [
      { name: 'name', label: 'company.name', path: 'name' },
      { name: 'street', label: 'company.street', path: 'address.street' },
      { name: 'postalCode', label: 'company.postalCode', path: 'address.postalCode' },
      { name: 'city', label: 'company.city', path: 'address.city' },
      { name: 'country', label: 'company.country', path: 'address.country' },
    ],
  },
  {
    title: 'company.contactSection',
    fields: [
      { name: 'phone', label: 'company.phone', path: 'phone', type: 'tel' },
      { name: 'email', label: 'company.email', path: 'email', type: 'email' },
      { name: 'website', label: 'company.website', path: 'website' },
    ],
  },
  {
    title: 'company.legalSection',
    fields: [
      { name: 'vatId', label: 'company.vatId', path: 'vatId' },
      { name: 'taxNumber', label: 'company.taxNumber', path: 'taxNumber' },
      { name: 'register', label: 'company.register', path: 'register' },
      { name: 'managingDirectors', label: 'company.managingDirectors', path: 'managingDirectors' },
      { name: 'creditorId', label: 'company.creditorId', path: 'creditorId' },
    ],
  },
  {
    title: 'company.bankSection',
    fields: [
      { name: 'iban', label: 'company.iban', path: 'bank.iban' },
      { name: 'bic', label: 'company.bic', path: 'bank.bic' },
      { name: 'bankName', label: 'company.bankName', path: 'bank.bankName' },
    ],
  },
];

function CompanyFormFields({ profile }: { profile: CompanyProfile }) {
  const { t } = useI18n();
  const [values, setValues] = useState(() => formValuesOf(profile));
  const save = useApiMutation((next: CompanyProfile) =>
    api.put<CompanyProfile>('/api/settings/company', next),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(profileOf(values));
  };
  const errorFor = (path: string) =>
    save.error instanceof ApiError ? save.error.messageFor(path) : undefined;
  return (
    <form onSubmit={submit} data-testid="company-form">
      <p className="muted">{t('company.intro')}</p>
      <div className="form-groups">
        {GROUPS.map((group) => (
          <fieldset key={group.title} className="form-group">
            <legend>{t(group.title)}</legend>
            {group.fields.map((field) => (
              <Field key={field.name} label={t(field.label)} error={errorFor(field.path)}>
                {(control) => (
                  <input
                    {...control}
                    name={field.name}
                    type={field.type ?? 'text'}
                    value={values[field.name]}
                    required={field.name === 'name'}
                    onChange={(e) => setValues((v) => ({ ...v, [field.name]: e.target.value }))}
                  />
                )}
              </Field>
            ))}
            {group.title === 'company.addressSection' && (
              <Field label={t('company.state')} hint={t('company.stateHint')} error={errorFor('state')}>
                {(control) => (
                  <select
                    {...control}
                    name="state"
                    value={values.state}
                    onChange={(e) => setValues((v) => ({ ...v, state: e.target.value as GermanState }))}
                    data-testid="company-state"
                  >
                    {GERMAN_STATES.map((code) => (
                      <option key={code} value={code}>
                        {t(`germanState.${code}`)} ({code})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </fieldset>
        ))}
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('common.save')}
        </button>
        {save.isSuccess && (
          <span className="text-success" role="status">
            {t('common.saved')}
          </span>
        )}
      </div>
      {save.error ? <ErrorNotice error={save.error} /> : null}
    </form>
  );
}

export function CompanyForm() {
  const { t } = useI18n();
  const query = useApiQuery<CompanyProfile>('/api/settings/company');
  return (
    <Section title={t('settings.company')}>
      <QueryView query={query}>{(profile) => <CompanyFormFields profile={profile} />}</QueryView>
    </Section>
  );
}
