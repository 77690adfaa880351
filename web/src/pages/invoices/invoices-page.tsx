import { useNavigate, useSearch } from '@tanstack/react-router';
import type { InvoiceFilter, InvoiceSearch, InvoiceSort } from '../../app/search-params.ts';
import type { InvoiceSummary } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/messages-de.ts';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Field } from '../../ui/field.tsx';
import { LoadMore } from '../../ui/load-more.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { SearchBox } from '../../ui/search-box.tsx';
import { InvoiceTable } from './invoice-table.tsx';

const SORTS: { value: InvoiceSort; label: MessageKey }[] = [
  { value: 'dueDate', label: 'invoices.dueDate' },
  { value: 'number', label: 'invoices.number' },
  { value: 'open', label: 'invoices.sortOpen' },
];

const FILTERS: { value: InvoiceFilter; label: MessageKey }[] = [
  { value: 'open', label: 'invoices.filterOpen' },
  { value: 'overdue', label: 'invoices.filterOverdue' },
  { value: 'paid', label: 'invoices.filterPaid' },
  { value: 'all', label: 'invoices.filterAll' },
];

export function InvoicesPage() {
  const { t } = useI18n();
  const search = useSearch({ from: '/invoices' });
  const navigate = useNavigate({ from: '/invoices' });
  const setSearch = (change: Partial<InvoiceSearch>) =>
    void navigate({ search: { ...search, ...change }, replace: true });
  const status = search.status ?? 'open';
  const list = useCursorList<InvoiceSummary>('/api/invoices', {
    q: search.q,
    status,
    sort: search.sort,
    limit: 50,
  });
  return (
    <>
      <PageHeader title={t('invoices.title')} />
      <div className="filters" role="search">
        <SearchBox
          label={t('common.search')}
          placeholder={t('invoices.searchPlaceholder')}
          value={search.q ?? ''}
          onSearch={(q) => setSearch({ q: q || undefined })}
          testId="invoice-search"
        />
        <Field label={t('customers.sort')}>
          {(control) => (
            <select
              {...control}
              value={search.sort ?? 'dueDate'}
              onChange={(e) => setSearch({ sort: e.target.value as InvoiceSort })}
              data-testid="invoice-sort"
            >
              {SORTS.map((sort) => (
                <option key={sort.value} value={sort.value}>
                  {t(sort.label)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="segmented" role="group" aria-label={t('invoices.statusFilter')}>
          {FILTERS.map((filter) => (
            <button
              key={filter.value}
              type="button"
              aria-pressed={status === filter.value}
              onClick={() => setSearch({ status: filter.value })}
              data-testid={`invoice-filter-${filter.value}`}
            >
              {t(filter.label)}
            </button>
          ))}
        </div>
      </div>
      <div className="card">
        <QueryView query={list}>
          {() =>
            list.items.length === 0 ? (
              <EmptyState>{t('invoices.none')}</EmptyState>
            ) : (
              <InvoiceTable invoices={list.items} showCustomer />
            )
          }
        </QueryView>
        <LoadMore
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoad={() => void list.fetchNextPage()}
        />
      </div>
    </>
  );
}
