/**
 * @module code-form
 * The one-time code a link may ask for: the API e-mailed six digits to the customer's address
 * (shown masked); the customer types them, or asks for a new code when it expired or was mistyped
 * too often. A wrong code is said at the field; a refused link ends the page.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Field } from '../ui/field.tsx';
import { portalApi } from './portal-client.ts';
import { usePortalI18n } from './portal-i18n.tsx';
import type { PortalMessageKey } from './portal-messages.ts';
import { sessionRefusal, type StopReason } from './portal-problems.ts';
import type { SessionAnswer } from './portal-types.ts';

export function CodeForm({
  token,
  sentTo,
  onOpened,
  onStop,
}: {
  token: string;
  sentTo: string;
  onOpened: (session: Extract<SessionAnswer, { status: 'session' }>) => void;
  onStop: (reason: StopReason) => void;
}) {
  const { t } = usePortalI18n();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<PortalMessageKey | null>(null);
  const [needsNewCode, setNeedsNewCode] = useState(false);
  const [resent, setResent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [mask, setMask] = useState(sentTo);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const send = async (withCode: string | undefined) => {
    setBusy(true);
    try {
      const answer = await portalApi.openSession(token, withCode);
      if (answer.status === 'session') return onOpened(answer);
      setMask(answer.sentTo);
      setResent(true);
      setProblem(null);
      setNeedsNewCode(false);
      setCode('');
      input.current?.focus();
    } catch (error) {
      const refusal = sessionRefusal(error);
      if (refusal.kind === 'stop') return onStop(refusal.reason);
      setProblem(refusal.message);
      setNeedsNewCode(refusal.needsNewCode);
      setResent(false);
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const digits = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setProblem('code.invalid');
      input.current?.focus();
      return;
    }
    void send(digits);
  };

  return (
    <main className="portal-main narrow" id="main">
      <section className="card">
        <p className="eyebrow">{t('header.portal')}</p>
        <h1>{t('code.title')}</h1>
        <p>{t('code.sent', { email: mask })}</p>
        <div role="status">{resent && <p className="notice notice-info">{t('code.resent')}</p>}</div>
        <form className="stack" onSubmit={submit} noValidate data-testid="code-form">
          <Field label={t('code.label')} hint={t('code.hint')} error={problem ? t(problem) : undefined}>
            {(control) => (
              <input
                {...control}
                ref={input}
                className="code-input"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                data-testid="code-input"
              />
            )}
          </Field>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || needsNewCode}
            data-testid="code-submit"
          >
            {busy ? t('form.sending') : t('code.submit')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void send(undefined)}
            data-testid="code-resend"
          >
            {t('code.resend')}
          </button>
        </form>
      </section>
    </main>
  );
}
