import type { Language } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

const LANGUAGES: Language[] = ['de', 'en'];

/** DE | EN as two toggle buttons; the choice is kept in the browser. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div
      className="language-switch"
      role="group"
      aria-label={t('language.label')}
      data-testid="language-switch"
    >
      {LANGUAGES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={language === option}
          title={t(`language.${option}`)}
          onClick={() => setLanguage(option)}
          data-testid={`language-${option}`}
        >
          {option.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
