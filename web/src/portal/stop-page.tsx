/**
 * @module stop-page
 * The page when the portal cannot (or no longer) be shown: an unknown, expired or revoked link, an
 * ended session, too many tries, or the server out of reach — each with what to do now, in plain
 * words, never a technical error.
 */
import { useEffect, useRef } from 'react';
import { usePortalI18n } from './portal-i18n.tsx';
import type { PortalMessageKey } from './portal-messages.ts';
import type { StopReason } from './portal-problems.ts';

const TEXTS: Record<StopReason, { title: PortalMessageKey; text: PortalMessageKey }> = {
  unknown: { title: 'stop.unknown.title', text: 'stop.unknown.text' },
  expired: { title: 'stop.expired.title', text: 'stop.expired.text' },
  revoked: { title: 'stop.revoked.title', text: 'stop.revoked.text' },
  'no-link': { title: 'stop.noLink.title', text: 'stop.noLink.text' },
  ended: { title: 'stop.ended.title', text: 'stop.ended.text' },
  'logged-out': { title: 'stop.loggedOut.title', text: 'stop.loggedOut.text' },
  'too-many': { title: 'stop.tooMany.title', text: 'stop.tooMany.text' },
  'no-email': { title: 'stop.noEmail.title', text: 'stop.noEmail.text' },
  failed: { title: 'stop.failed.title', text: 'stop.failed.text' },
};

export function StopPage({ reason, onRetry }: { reason: StopReason; onRetry?: (() => void) | undefined }) {
  const { t } = usePortalI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [reason]);
  const texts = TEXTS[reason];
  return (
    <main className="portal-main narrow" id="main">
      <section className="card stop" data-testid="portal-stop" data-reason={reason}>
        <p className="eyebrow">{t('header.portal')}</p>
        <h1 ref={heading} tabIndex={-1}>
          {t(texts.title)}
        </h1>
        <p>{t(texts.text)}</p>
        {onRetry && (
          <button type="button" className="button button-primary" onClick={onRetry}>
            {t('stop.retry')}
          </button>
        )}
      </section>
    </main>
  );
}
