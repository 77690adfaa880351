import { useEffect, useRef } from 'react';
import { useSession } from '../auth/session.ts';
import { useLogout } from '../auth/use-login.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The logged-in user, company and role, and the logout. */
export function UserMenu() {
  const { t } = useI18n();
  const session = useSession();
  const logout = useLogout();
  const ref = useRef<HTMLDetailsElement>(null);
  // A <details> stays open until toggled; a menu closes on a click elsewhere and on Escape.
  useEffect(() => {
    const close = (event: MouseEvent | KeyboardEvent) => {
      const menu = ref.current;
      if (!menu?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !menu.contains(event.target as Node)) {
        menu.open = false;
        if (event instanceof KeyboardEvent) menu.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const name = session.user?.name ?? session.user?.email ?? t(`role.${session.role}`);
  return (
    <details className="user-menu" data-testid="user-menu" ref={ref}>
      <summary aria-label={t('user.menu')}>
        <span className="avatar" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </span>
        <span className="user-menu-name">{name}</span>
      </summary>
      <div className="user-menu-popup">
        {session.user && <div className="user-menu-email">{session.user.email}</div>}
        <div>{t(`role.${session.role}`)}</div>
        <div className="muted">{t('user.company', { name: session.tenant.name })}</div>
        <button
          type="button"
          className="button button-block"
          onClick={() => logout.mutate(false)}
          disabled={logout.isPending}
          data-testid="logout"
        >
          {t('user.logout')}
        </button>
        {session.user && (
          <button
            type="button"
            className="button button-block button-quiet"
            onClick={() => logout.mutate(true)}
            disabled={logout.isPending}
            data-testid="logout-everywhere"
          >
            {t('user.logoutEverywhere')}
          </button>
        )}
      </div>
    </details>
  );
}
