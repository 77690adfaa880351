/**
 * @module portal-app
 * The customer portal's page from the link to the overview. The link is `<public url>/portal#<token>`:
 * the token sits in the fragment, which browsers never send to a server. The page takes it out of
 * the address bar at once (so it stays out of the history, bookmarks and screenshots), posts it to
 * POST /portal-api/session, asks for the one-time code when the API wants one, and then shows the
 * overview. A reload in the same tab keeps the session (cookie plus the CSRF value in
 * sessionStorage); once the session is gone, the customer is told to open the link again.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CodeForm } from './code-form.tsx';
import { OverviewPage } from './overview-page.tsx';
import { isSessionGone, portalApi, rememberCsrf, storedCsrf } from './portal-client.ts';
import { PortalI18nProvider, rememberLanguage, startLanguage } from './portal-i18n.tsx';
import { portalText } from './portal-messages.ts';
import { problemText, sessionRefusal, type StopReason, tokenOfHash } from './portal-problems.ts';
import { type PortalSession, PortalSessionContext } from './portal-session.tsx';
import type { Language, PortalOverview, SessionAnswer } from './portal-types.ts';
import { StopPage } from './stop-page.tsx';

type Screen =
  | { kind: 'loading' }
  | { kind: 'code'; token: string; sentTo: string }
  | { kind: 'portal'; overview: PortalOverview }
  | { kind: 'stop'; reason: StopReason; retry?: () => void };

/** Takes the token out of the address bar; returns it, or null when the address had none. */
function takeTokenFromAddress(): string | null {
  const token = tokenOfHash(window.location.hash);
  if (window.location.hash) {
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  }
  return token;
}

export function PortalApp() {
  const [language, setLanguage] = useState<Language>(startLanguage);
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [expiresAt, setExpiresAt] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const started = useRef(false);

  const stop = useCallback((reason: StopReason, retry?: () => void) => {
    if (reason !== 'failed' && reason !== 'too-many') rememberCsrf(null);
    setScreen(retry ? { kind: 'stop', reason, retry } : { kind: 'stop', reason });
  }, []);

  /** Loads the overview; on the first load a failure stops the page, later it only says so. */
  const loadOverview = useCallback(
    async (first: boolean): Promise<void> => {
      try {
        const overview = await portalApi.overview();
        setLanguage(overview.customer.language);
        rememberLanguage(overview.customer.language);
        setNotice(null);
        setScreen({ kind: 'portal', overview });
      } catch (error) {
        if (isSessionGone(error)) stop('ended');
        else if (first) stop('failed', () => void loadOverview(true));
        else setNotice(problemText(error, language));
      }
    },
    [stop, language],
  );

  const opened = useCallback(
    (session: Extract<SessionAnswer, { status: 'session' }>) => {
      rememberCsrf(session.csrfToken);
      setExpiresAt(session.expiresAt);
      void loadOverview(true);
    },
    [loadOverview],
  );

  const openWith = useCallback(
    async (token: string) => {
      setScreen({ kind: 'loading' });
      try {
        const answer = await portalApi.openSession(token);
        if (answer.status === 'code-required') setScreen({ kind: 'code', token, sentTo: answer.sentTo });
        else opened(answer);
      } catch (error) {
        const refusal = sessionRefusal(error);
        const reason = refusal.kind === 'stop' ? refusal.reason : 'failed';
        stop(reason, reason === 'failed' ? () => void openWith(token) : undefined);
      }
    },
    [opened, stop],
  );

  useEffect(() => {
    // Once only, also under React's development double start: the token is gone from the address after the first.
    if (started.current) return;
    started.current = true;
    const token = takeTokenFromAddress();
    if (token) void openWith(token);
    else if (storedCsrf()) void loadOverview(true);
    else stop('no-link');
  }, [openWith, loadOverview, stop]);

  useEffect(() => {
    // A second link opened in this tab changes only the fragment: open that one.
    const onHashChange = () => {
      const next = takeTokenFromAddress();
      if (next) void openWith(next);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [openWith]);

  useEffect(() => {
    document.documentElement.lang = language;
    const title = portalText(language, 'page.title');
    document.title = screen.kind === 'portal' ? `${screen.overview.company.name} – ${title}` : title;
  }, [language, screen]);

  const logout = useCallback(async () => {
    try {
      await portalApi.endSession();
      stop('logged-out');
    } catch (error) {
      if (isSessionGone(error)) stop('logged-out');
      else setNotice(problemText(error, language));
    }
  }, [stop, language]);

  const session = useMemo<PortalSession>(
    () => ({ reload: () => loadOverview(false), sessionEnded: () => stop('ended') }),
    [loadOverview, stop],
  );

  return (
    <PortalI18nProvider language={language}>
      <PortalSessionContext.Provider value={session}>
        {screen.kind === 'loading' && (
          <main className="portal-main narrow" id="main" aria-busy="true">
            <p className="card loading" role="status">
              {portalText(language, 'page.loading')}
            </p>
          </main>
        )}
        {screen.kind === 'code' && (
          <CodeForm
            token={screen.token}
            sentTo={screen.sentTo}
            onOpened={opened}
            onStop={(reason) => stop(reason)}
          />
        )}
        {screen.kind === 'portal' && (
          <OverviewPage
            overview={screen.overview}
            expiresAt={expiresAt}
            onLogout={() => void logout()}
            notice={notice}
          />
        )}
        {screen.kind === 'stop' && <StopPage reason={screen.reason} onRetry={screen.retry} />}
      </PortalSessionContext.Provider>
    </PortalI18nProvider>
  );
}
