/**
 * @module portal-i18n
 * The portal's language for every component: `t` for its texts, `f` for amounts and dates. The
 * language is the customer's, as the overview names it; before the session is open (the code form,
 * a refused link) it is the one last used in this browser, else the browser's own.
 */
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { type Formatters, formattersFor } from '../i18n/format.ts';
import { type MessageVars, type PortalMessageKey, portalText } from './portal-messages.ts';
import type { Language } from './portal-types.ts';

interface PortalI18n {
  language: Language;
  t: (key: PortalMessageKey, vars?: MessageVars) => string;
  f: Formatters;
}

const PortalI18nContext = createContext<PortalI18n | null>(null);

export function PortalI18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo<PortalI18n>(
    () => ({
      language,
      t: (key, vars) => portalText(language, key, vars),
      f: formattersFor(language),
    }),
    [language],
  );
  return <PortalI18nContext.Provider value={value}>{children}</PortalI18nContext.Provider>;
}

export function usePortalI18n(): PortalI18n {
  const value = useContext(PortalI18nContext);
  if (!value) throw new Error('usePortalI18n outside PortalI18nProvider');
  return value;
}

const LANGUAGE_KEY = 'mahnwerk-portal-language';

/** The language to start in: the one the portal last showed in this browser, else the browser's. */
export function startLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_KEY);
    if (stored === 'de' || stored === 'en') return stored;
  } catch {
    // storage switched off: fall through to the browser's language
  }
  const preferred = (navigator.languages?.[0] ?? navigator.language ?? 'de').toLowerCase();
  return preferred.startsWith('en') ? 'en' : 'de';
}

/** Keeps the customer's language for the next visit's first page (the code form, a refused link). */
export function rememberLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // storage switched off: the browser's language is used next time
  }
}
