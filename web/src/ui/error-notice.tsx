import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** An error as the user reads it: the API's `detail`, its field messages, and a retry when given. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const detail =
    error instanceof ApiError
      ? error.status === 0
        ? t('common.networkError')
        : error.detail
      : error instanceof Error
        ? error.message
        : String(error);
  const fieldErrors = error instanceof ApiError ? error.errors.filter((e) => e.path) : [];
  return (
    <div className="notice notice-error" role="alert">
      <strong>{t('common.error')}:</strong> {detail}
      {fieldErrors.length > 1 && (
        <ul>
          {fieldErrors.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
