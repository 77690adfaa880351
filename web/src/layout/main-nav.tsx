import { Link } from '@tanstack/react-router';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { MessageKey } from '../i18n/messages-de.ts';

const ITEMS: {
  to:
    | '/'
    | '/customers'
    | '/invoices'
    | '/orders'
    | '/dunning'
    | '/payments'
    | '/direct-debits'
    | '/plans'
    | '/collection'
    | '/risk'
    | '/tasks'
    | '/settings';
  label: MessageKey;
  icon: string;
}[] = [
  { to: '/', label: 'nav.dashboard', icon: '◧' },
  { to: '/customers', label: 'nav.customers', icon: '☷' },
  { to: '/invoices', label: 'nav.invoices', icon: '▤' },
  { to: '/orders', label: 'nav.orders', icon: '☑' },
  { to: '/dunning', label: 'nav.dunning', icon: '✉' },
  { to: '/payments', label: 'nav.payments', icon: '€' },
  { to: '/direct-debits', label: 'nav.directDebits', icon: '⇄' },
  { to: '/plans', label: 'nav.plans', icon: '⋯' },
  { to: '/collection', label: 'nav.collection', icon: '⚖' },
  { to: '/risk', label: 'nav.risk', icon: '⚠' },
  { to: '/tasks', label: 'nav.tasks', icon: '✓' },
  { to: '/settings', label: 'nav.settings', icon: '⚙' },
];

export function MainNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useI18n();
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              activeOptions={{ exact: item.to === '/' }}
              activeProps={{ className: 'active', 'aria-current': 'page' }}
              onClick={onNavigate}
              data-testid={`nav-${item.to === '/' ? 'dashboard' : item.to.slice(1)}`}
            >
              <span className="nav-icon" aria-hidden="true">
                {item.icon}
              </span>
              {t(item.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
