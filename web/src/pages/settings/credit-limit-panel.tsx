import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CreditLimitMode, CreditLimitSettings } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';

const MODES: CreditLimitMode[] = ['warn', 'block'];

function CreditLimitForm({ settings }: { settings: CreditLimitSettings }) {
  const { t } = useI18n();
  const { isAdmin } = usePermissions();
  const [mode, setMode] = useState<CreditLimitMode>(settings.mode);
  const save = useApiMutation((next: CreditLimitMode) =>
    api.put<CreditLimitSettings>('/api/settings/credit-limit', { mode: next }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(mode);
  };
  return (
    <form className="stack" onSubmit={submit} data-testid="credit-limit-form">
      <p className="muted">{t('creditLimitSettings.intro')}</p>
      <fieldset className="form-group stack" disabled={!isAdmin}>
        <legend>{t('creditLimitSettings.mode')}</legend>
        {MODES.map((m) => (
          <label key={m} className="checkbox">
            <input
              type="radio"
              name="credit-limit-mode"
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
              data-testid={`credit-limit-mode-${m}`}
            />{' '}
            {t(`creditLimitSettings.mode.${m}`)}
          </label>
        ))}
      </fieldset>
      {isAdmin && (
        <div className="button-row">
          <button
            type="submit"
            className="button button-primary"
            disabled={save.isPending}
            data-testid="credit-limit-save"
          >
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          {save.isSuccess && (
            <span className="text-success" role="status">
              {t('common.saved')}
            </span>
          )}
        </div>
      )}
      <FormError error={save.error} fields={['mode']} />
    </form>
  );
}

/**
 * The credit-limit mode: warn (the order or invoice is made with a warning and a timeline entry)
 * or block (refused). Admins change it; everyone sees it.
 */
export function CreditLimitPanel() {
  const { t } = useI18n();
  const query = useApiQuery<CreditLimitSettings>('/api/settings/credit-limit');
  return (
    <Section title={t('settings.creditLimit')} testId="credit-limit-settings">
      <QueryView query={query}>{(settings) => <CreditLimitForm settings={settings} />}</QueryView>
    </Section>
  );
}
