import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import type { CaseFilter } from '../../app/search-params.ts';
import { queryString } from '../../api/query-string.ts';
import type { CollectionCaseSummary } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { CaseTable } from './case-table.tsx';

const FILTERS: CaseFilter[] = ['open', 'all'];

/** Every collection case (Inkasso), newest first; open ones or all, as the address bar says. */
export function CollectionPage() {
  const { t } = useI18n();
  const search = useSearch({ from: '/collection' });
  const navigate = useNavigate({ from: '/collection' });
  const status: CaseFilter = search.status ?? 'open';
  const query = useApiQuery<{ items: CollectionCaseSummary[] }>(
    `/api/collection-cases${queryString({ status })}`,
  );
  return (
    <>
      <PageHeader title={t('collection.title')}>
        <div className="segmented" role="group" aria-label={t('collection.show')}>
          {FILTERS.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={status === s}
              onClick={() => void navigate({ search: { status: s }, replace: true })}
              data-testid={`case-filter-${s}`}
            >
              {t(`collection.filter.${s}`)}
            </button>
          ))}
        </div>
      </PageHeader>
      <Section title={t('collection.title')} testId="case-list">
        <QueryView query={query}>{({ items }) => <CaseTable cases={items} showCustomer />}</QueryView>
      </Section>
      <p className="muted small">
        <Link to="/customers">{t('nav.customers')}</Link> → {t('collection.handOver')}
      </p>
    </>
  );
}
