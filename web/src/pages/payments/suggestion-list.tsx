import type { MatchSuggestion } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** The matcher's ranked guesses, each with its confidence, evidence and a one-click assignment. */
export function SuggestionList({
  suggestions,
  canAssign,
  busy,
  onAssign,
}: {
  suggestions: MatchSuggestion[];
  canAssign: boolean;
  busy: boolean;
  onAssign: (suggestion: MatchSuggestion) => void;
}) {
  const { t, f } = useI18n();
  if (suggestions.length === 0) return <p className="muted">{t('payments.noSuggestion')}</p>;
  return (
    <div className="suggestions">
      <h3 className="small-heading">{t('payments.suggestions')}</h3>
      <ol>
        {suggestions.map((s, index) => (
          <li key={`${s.customerNumber ?? ''}:${s.invoiceNumbers.join(',')}:${index}`} className="suggestion">
            <div className="suggestion-main">
              <span
                className={`confidence confidence-${s.confidence >= 80 ? 'high' : s.confidence >= 50 ? 'mid' : 'low'}`}
              >
                {t('payments.confidence', { percent: f.percent(s.confidence) })}
              </span>
              <span>
                {t('payments.suggestionFor', {
                  customer:
                    [s.customerName, s.customerNumber && `(${s.customerNumber})`].filter(Boolean).join(' ') ||
                    '–',
                  invoices: s.invoiceNumbers.join(', ') || t('payments.noInvoiceNamed'),
                })}
              </span>
              {canAssign && (
                <button
                  type="button"
                  className="button button-primary button-small"
                  disabled={busy}
                  onClick={() => onAssign(s)}
                  data-testid="assign-suggested"
                >
                  {t('payments.assignSuggested')}
                </button>
              )}
            </div>
            {s.evidence.length > 0 && (
              <ul className="evidence">
                {s.evidence.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
