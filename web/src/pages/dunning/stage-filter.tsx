import type { Notice } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** The stages among the loaded notices, with their counts, as filter buttons (in policy order). */
export function StageFilter({
  notices,
  stage,
  onChange,
}: {
  notices: Notice[];
  stage: string | null;
  onChange: (stage: string | null) => void;
}) {
  const { t, f, tOr } = useI18n();
  const stages = new Map<string, { index: number; count: number }>();
  for (const n of notices) {
    const entry = stages.get(n.stageKey) ?? { index: n.stageIndex, count: 0 };
    entry.count += 1;
    stages.set(n.stageKey, entry);
  }
  if (stages.size < 2) return null;
  const ordered = [...stages.entries()].sort((a, b) => a[1].index - b[1].index);
  return (
    <div className="chips" role="group" aria-label={t('dunning.stageFilter')} data-testid="stage-filter">
      <button type="button" aria-pressed={stage === null} onClick={() => onChange(null)}>
        {t('dunning.allStages')} <span className="chip-count">{f.number(notices.length)}</span>
      </button>
      {ordered.map(([key, { count }]) => (
        <button key={key} type="button" aria-pressed={stage === key} onClick={() => onChange(key)}>
          {tOr(`stage.${key}`, key)} <span className="chip-count">{f.number(count)}</span>
        </button>
      ))}
    </div>
  );
}
