import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import type { PlanFilter } from '../../app/search-params.ts';
import type { PlanSummary } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { Section } from '../../ui/section.tsx';
import { PlanTable } from './plan-table.tsx';

const FILTERS: PlanFilter[] = ['all', 'active', 'accelerated', 'completed', 'cancelled'];

/** Every instalment plan, newest first, filtered by status in the address bar. */
export function PlansPage() {
  const { t, tOr } = useI18n();
  const search = useSearch({ from: '/plans' });
  const navigate = useNavigate({ from: '/plans' });
  const status: PlanFilter = search.status ?? 'all';
  const list = useCursorList<PlanSummary>('/api/plans', { status, limit: 50 });
  return (
    <>
      <PageHeader title={t('plans.title')}>
        <div className="segmented" role="group" aria-label={t('plans.show')}>
          {FILTERS.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={status === s}
              onClick={() => void navigate({ search: { status: s }, replace: true })}
              data-testid={`plan-filter-${s}`}
            >
              {s === 'all' ? t('plans.all') : tOr(`status.${s}`, s)}
            </button>
          ))}
        </div>
      </PageHeader>
      <Section title={t('plans.title')} testId="plan-list">
        <PlanTable list={list} showCustomer />
      </Section>
      <p className="muted small">
        <Link to="/customers">{t('nav.customers')}</Link> → {t('plans.create')}
      </p>
    </>
  );
}
