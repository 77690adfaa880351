import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** A new API token, shown this once, with a copy button. */
export function NewTokenNotice({
  name,
  token,
  onDismiss,
}: {
  name: string;
  token: string;
  onDismiss: () => void;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      // No clipboard (plain http on another host): the token stays selectable in the field.
    }
  };
  return (
    <div className="notice notice-warning token-notice" role="status" data-testid="new-token">
      <strong>{t('tokens.created', { name })}</strong>
      <p>{t('tokens.shownOnce')}</p>
      <div className="token-row">
        <input
          readOnly
          value={token}
          className="mono"
          aria-label={t('tokens.created', { name })}
          onFocus={(e) => e.target.select()}
          data-testid="new-token-value"
        />
        <button type="button" className="button" onClick={() => void copy()} data-testid="copy-token">
          {copied ? t('common.copied') : t('common.copy')}
        </button>
        <button type="button" className="button button-quiet" onClick={onDismiss}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
