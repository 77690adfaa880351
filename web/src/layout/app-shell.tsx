import type { ReactNode } from 'react';
import { useState } from 'react';
import { usePermissions } from '../auth/session.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { MainNav } from './main-nav.tsx';
import { UserMenu } from './user-menu.tsx';

/** Top bar (brand, language, user) and side navigation; on narrow screens the navigation folds away. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { canWrite } = usePermissions();
  const [navOpen, setNavOpen] = useState(false);
  return (
    <div className={`app-shell${navOpen ? ' nav-open' : ''}`}>
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <header className="top-bar">
        <button
          type="button"
          className="nav-toggle"
          aria-expanded={navOpen}
          aria-controls="side-nav"
          onClick={() => setNavOpen((open) => !open)}
        >
          <span aria-hidden="true">☰</span>
          <span className="visually-hidden">{t('nav.menu')}</span>
        </button>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            M
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <div className="top-bar-end">
          <LanguageSwitch />
          <UserMenu />
        </div>
      </header>
      <aside id="side-nav" className="side-nav">
        <MainNav onNavigate={() => setNavOpen(false)} />
      </aside>
      <main id="main" className="content" tabIndex={-1}>
        {!canWrite && <p className="notice notice-info">{t('common.readOnly')}</p>}
        {children}
      </main>
    </div>
  );
}
