import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { fieldError } from '../../api/field-error.ts';
import type { CourtDunningSettings, NwOlgDistrict } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';

const DISTRICTS: NwOlgDistrict[] = ['hamm', 'duesseldorf', 'koeln'];

function CourtDunningForm({ settings }: { settings: CourtDunningSettings }) {
  const { t } = useI18n();
  const { isAdmin } = usePermissions();
  const [district, setDistrict] = useState<NwOlgDistrict | ''>(settings.nwOlgDistrict ?? '');
  const save = useApiMutation((nwOlgDistrict: NwOlgDistrict | null) =>
    api.put<CourtDunningSettings>('/api/settings/court-dunning', { nwOlgDistrict }),
  );
  const current = save.data ?? settings;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(district === '' ? null : district);
  };
  return (
    <div className="stack">
      <p className="muted">{t('courtSettings.intro')}</p>
      {current.court ? (
        <p className="notice notice-info" data-testid="court-settings-court">
          <strong>
            {t('court.dunningCourt')}: {current.court.name}
          </strong>
          <br />
          <span className="small">
            {current.court.reason} ({current.court.statute})
          </span>
        </p>
      ) : (
        <p className="notice notice-warning" data-testid="court-settings-missing">
          {t('courtSettings.missing')} <span className="small">{current.missing}</span>
        </p>
      )}
      <form className="stack" onSubmit={submit} data-testid="court-settings-form">
        <Field
          label={t('courtSettings.district')}
          hint={t('courtSettings.districtHint')}
          error={fieldError(save.error, 'nwOlgDistrict')}
        >
          {(control) => (
            <select
              {...control}
              value={district}
              disabled={!isAdmin}
              onChange={(e) => setDistrict(e.target.value as NwOlgDistrict | '')}
              data-testid="court-settings-district"
            >
              <option value="">{t('courtSettings.noDistrict')}</option>
              {DISTRICTS.map((d) => (
                <option key={d} value={d}>
                  {t(`courtSettings.district.${d}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {isAdmin && (
          <div className="button-row">
            <button
              type="submit"
              className="button button-primary"
              disabled={save.isPending}
              data-testid="court-settings-save"
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
        <FormError error={save.error} fields={['nwOlgDistrict']} />
      </form>
    </div>
  );
}

/**
 * Court dunning settings: which central dunning court the company's seat gives, and for a seat in
 * Nordrhein-Westfalen the Oberlandesgericht district that decides between Hagen and Euskirchen
 * (postal codes cross the districts, so it is a setting). Admins change it; everyone sees it.
 */
export function CourtDunningPanel() {
  const { t } = useI18n();
  const query = useApiQuery<CourtDunningSettings>('/api/settings/court-dunning');
  return (
    <Section title={t('settings.courtDunning')} testId="court-settings">
      <QueryView query={query}>{(settings) => <CourtDunningForm settings={settings} />}</QueryView>
    </Section>
  );
}
