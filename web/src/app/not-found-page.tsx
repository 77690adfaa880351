import { Link } from '@tanstack/react-router';
import { useI18n } from '../i18n/i18n-context.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="card">
      <p>{t('app.notFound')}</p>
      <Link to="/">{t('nav.dashboard')}</Link>
    </div>
  );
}
