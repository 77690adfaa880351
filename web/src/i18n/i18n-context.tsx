/**
 * @module i18n-context
 * The chosen language for the whole app (German unless the user switched; kept in localStorage),
 * with `t` for texts and `f` for numbers, amounts and dates in that language.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Language } from '../api/types.ts';
import { type Formatters, formattersFor } from './format.ts';
import type { MessageKey } from './messages-de.ts';
import { type MessageVars, translate, translateOr } from './translate.ts';

const STORAGE_KEY = 'mahnwerk.language';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'de';
  } catch {
    return 'de';
  }
}

export interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey, vars?: MessageVars) => string;
  /** For keys built from API values: the text, or `fallback` when there is none. */
  tOr: (key: string, fallback: string, vars?: MessageVars) => string;
  f: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts until the page is reloaded
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage,
      t: (key, vars) => translate(language, key, vars),
      tOr: (key, fallback, vars) => translateOr(language, key, fallback, vars),
      f: formattersFor(language),
    }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
