import { Outlet } from '@tanstack/react-router';
import { LoginPage } from '../auth/login-page.tsx';
import { useSessionQuery } from '../auth/session.ts';
import { AppShell } from '../layout/app-shell.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { Spinner } from '../ui/spinner.tsx';

/** Every page sits behind the login: without a session the login form takes the page's place. */
export function RootLayout() {
  const session = useSessionQuery();
  if (session.isPending) {
    return (
      <div className="center-page">
        <Spinner />
      </div>
    );
  }
  if (session.error) {
    return (
      <div className="center-page">
        <ErrorNotice error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  if (!session.data) return <LoginPage />;
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  );
}
