/**
 * @module action-panel
 * One thing a customer can do, as a disclosure (`<details>`: keyboard and screen-reader friendly
 * without script): its title, a short explanation, the form, and after it went through a message
 * in words of what happened — focused, so it is read out — while the overview reloads behind it.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import { usePortalI18n } from './portal-i18n.tsx';
import { isAboutField, localizeFieldMessage, problemText } from './portal-problems.ts';
import { usePortalSession } from './portal-session.tsx';

export function ActionPanel({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  /** The form; `report` shows what happened and reloads the overview. */
  children: (report: (text: string) => void) => ReactNode;
}) {
  const { reload } = usePortalSession();
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const report = (text: string) => {
    setDone(text);
    void reload();
  };
  return (
    <details className="action" data-testid={`action-${id}`}>
      <summary>{title}</summary>
      <div className="action-body">
        <div role="status">
          {done && (
            <p
              ref={doneRef}
              tabIndex={-1}
              className="notice notice-success"
              data-testid={`action-${id}-done`}
            >
              {done}
            </p>
          )}
        </div>
        {/* Once done, the message says what happened; the explanation would only repeat the offer. */}
        {intro && !done && <p className="action-intro">{intro}</p>}
        {children(report)}
      </div>
    </details>
  );
}

/**
 * The form's problem below its button, in the customer's words. Messages the form shows at its
 * fields are not repeated; one about a field the form does not have is listed here, so none is lost.
 */
export function FormProblem({ error, fields }: { error: unknown; fields: readonly string[] }) {
  const { language } = usePortalI18n();
  if (!error) return null;
  const elsewhere =
    error instanceof ApiError ? error.errors.filter((e) => e.path && !isAboutField(e.path, fields)) : [];
  return (
    <div className="notice notice-error" role="alert">
      <p>{problemText(error, language)}</p>
      {elsewhere.length > 0 && (
        <ul>
          {elsewhere.map((e) => (
            <li key={`${e.path}:${e.message}`}>{localizeFieldMessage(e.message, language)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The submit button: says that it is sending, and cannot be pressed twice meanwhile. */
export function SubmitButton({ busy, label, testId }: { busy: boolean; label: string; testId: string }) {
  const { t } = usePortalI18n();
  return (
    <button type="submit" className="button button-primary" disabled={busy} data-testid={testId}>
      {busy ? t('form.sending') : label}
    </button>
  );
}
