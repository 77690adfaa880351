import type { RiskBand } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { BAND_TONE } from './risk-facts.ts';

/** The score with its band, coloured green (low) to red (very high). */
export function RiskBandBadge({ band, score }: { band: RiskBand; score?: number }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${BAND_TONE[band]}`} data-testid="risk-band" data-band={band}>
      {score !== undefined ? `${score} · ` : ''}
      {t(`riskBand.${band}`)}
    </span>
  );
}
