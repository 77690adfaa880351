import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import type { CustomerSearch } from '../../app/search-params.ts';
import type { CustomerSummary } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { LoadMore } from '../../ui/load-more.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { Spinner } from '../../ui/spinner.tsx';
import { CustomerFilters } from './customer-filters.tsx';

export function CustomersPage() {
  const { t, f } = useI18n();
  const search = useSearch({ from: '/customers' });
  const navigate = useNavigate({ from: '/customers' });
  const setSearch = (change: Partial<CustomerSearch>) =>
    void navigate({ search: { ...search, ...change }, replace: true });
  const list = useCursorList<CustomerSummary>('/api/customers', {
    q: search.q,
    overdue: search.overdue,
    group: search.group,
    sort: search.sort,
    limit: 50,
  });
  return (
    <>
      <PageHeader title={t('customers.title')} />
      <CustomerFilters search={search} onChange={setSearch} />
      <div className="card">
        {list.isPending ? (
          <Spinner />
        ) : list.error ? (
          <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
        ) : list.items.length === 0 ? (
          <EmptyState>{t('customers.none')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="customer-list">
              <thead>
                <tr>
                  <th scope="col">{t('customers.number')}</th>
                  <th scope="col">{t('customers.name')}</th>
                  <th scope="col" className="hide-narrow">
                    {t('customers.kind')}
                  </th>
                  <th scope="col" className="hide-narrow">
                    {t('customers.group')}
                  </th>
                  <th scope="col" className="num">
                    {t('customers.open')}
                  </th>
                  <th scope="col" className="num">
                    {t('customers.overdue')}
                  </th>
                  <th scope="col" className="num hide-narrow">
                    {t('customers.creditLimit')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((c) => (
                  <tr key={c.id}>
                    <td>{c.number}</td>
                    <td>
                      <Link to="/customers/$customerId" params={{ customerId: String(c.id) }}>
                        {c.name}
                      </Link>
                      {c.blocked && (
                        <span className="badge badge-warning badge-inline">{t('customers.blocked')}</span>
                      )}
                    </td>
                    <td className="hide-narrow">{t(`debtorKind.${c.debtorKind}`)}</td>
                    <td className="hide-narrow">{c.groupKey ?? '–'}</td>
                    <td className="num">{f.money(c.openCents)}</td>
                    <td className={`num${c.overdueCents > 0 ? ' text-danger' : ''}`}>
                      {f.money(c.overdueCents)}
                    </td>
                    <td className="num hide-narrow">
                      {c.creditLimitCents === null ? '–' : f.money(c.creditLimitCents)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoad={() => void list.fetchNextPage()}
        />
      </div>
    </>
  );
}
