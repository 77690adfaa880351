import type { Dashboard } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

/** Cash expected by due date in each of the next four weeks, with bars relative to the largest. */
export function ExpectedCash({ weeks }: { weeks: Dashboard['expected'] }) {
  const { t, f } = useI18n();
  const largest = Math.max(1, ...weeks.map((w) => w.cents));
  return (
    <Section title={t('dashboard.expected')} testId="expected-cash">
      <ul className="bar-list">
        {weeks.map((week) => (
          <li key={week.weekStart}>
            <div className="bar-list-label">
              <span>{t('dashboard.weekFrom', { date: f.date(week.weekStart) })}</span>
              <strong className="num">{f.money(week.cents)}</strong>
            </div>
            <div className="meter" aria-hidden="true">
              <div className="meter-fill" style={{ width: `${(week.cents / largest) * 100}%` }} />
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}
