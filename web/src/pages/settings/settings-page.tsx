import { useNavigate, useSearch } from '@tanstack/react-router';
import type { JSX } from 'react';
import type { SettingsTab } from '../../app/search-params.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/messages-de.ts';
import { PageHeader } from '../../ui/page-header.tsx';
import { AuditLogPage } from './audit-log-page.tsx';
import { BaseRatesPanel } from './base-rates-panel.tsx';
import { CompanyForm } from './company-form.tsx';
import { CourtDunningPanel } from './court-dunning-panel.tsx';
import { CreditLimitPanel } from './credit-limit-panel.tsx';
import { PoliciesPanel } from './policies-panel.tsx';
import { TemplatesPanel } from './templates-panel.tsx';
import { TokensPanel } from './tokens-panel.tsx';
import { UsersPanel } from './users-panel.tsx';

const TABS: { key: SettingsTab; label: MessageKey; adminOnly: boolean }[] = [
  { key: 'company', label: 'settings.company', adminOnly: true },
  { key: 'users', label: 'settings.users', adminOnly: true },
  { key: 'tokens', label: 'settings.tokens', adminOnly: true },
  { key: 'policies', label: 'settings.policies', adminOnly: false },
  { key: 'templates', label: 'settings.templates', adminOnly: true },
  { key: 'base-rates', label: 'settings.baseRates', adminOnly: false },
  { key: 'court-dunning', label: 'settings.courtDunning', adminOnly: false },
  { key: 'credit-limit', label: 'settings.creditLimit', adminOnly: false },
  { key: 'audit', label: 'settings.audit', adminOnly: true },
];

const PANELS: Record<SettingsTab, () => JSX.Element> = {
  company: CompanyForm,
  users: UsersPanel,
  tokens: TokensPanel,
  policies: PoliciesPanel,
  templates: TemplatesPanel,
  'base-rates': BaseRatesPanel,
  'court-dunning': CourtDunningPanel,
  'credit-limit': CreditLimitPanel,
  audit: AuditLogPage,
};

export function SettingsPage() {
  const { t } = useI18n();
  const { isAdmin } = usePermissions();
  const search = useSearch({ from: '/settings' });
  const navigate = useNavigate({ from: '/settings' });
  const tabs = TABS.filter((tab) => isAdmin || !tab.adminOnly);
  const current = tabs.find((tab) => tab.key === search.tab) ?? tabs[0];
  if (!current) return null;
  const Panel = PANELS[current.key];
  return (
    <>
      <PageHeader title={t('settings.title')} />
      {!isAdmin && <p className="notice notice-info">{t('settings.adminOnly')}</p>}
      <div className="tabs" role="tablist" aria-label={t('settings.title')}>
        {tabs.map((tab) => (
          <button
            key={tab.key}
            type="button"
            role="tab"
            id={`tab-${tab.key}`}
            aria-selected={tab.key === current.key}
            aria-controls="settings-panel"
            tabIndex={tab.key === current.key ? 0 : -1}
            onClick={() => void navigate({ search: { tab: tab.key }, replace: true })}
            data-testid={`settings-tab-${tab.key}`}
          >
            {t(tab.label)}
          </button>
        ))}
      </div>
      <div id="settings-panel" role="tabpanel" aria-labelledby={`tab-${current.key}`}>
        <Panel />
      </div>
    </>
  );
}
