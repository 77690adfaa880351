import type { CustomerSearch, CustomerSort } from '../../app/search-params.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { SearchBox } from '../../ui/search-box.tsx';

export function CustomerFilters({
  search,
  onChange,
}: {
  search: CustomerSearch;
  onChange: (change: Partial<CustomerSearch>) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="filters" role="search">
      <SearchBox
        label={t('customers.search')}
        placeholder={t('customers.searchPlaceholder')}
        value={search.q ?? ''}
        onSearch={(q) => onChange({ q: q || undefined })}
        testId="customer-search"
      />
      <SearchBox
        label={t('customers.group')}
        value={search.group ?? ''}
        onSearch={(group) => onChange({ group: group || undefined })}
        testId="customer-group"
      />
      <Field label={t('customers.sort')}>
        {(control) => (
          <select
            {...control}
            value={search.sort ?? 'name'}
            onChange={(e) => onChange({ sort: e.target.value as CustomerSort })}
            data-testid="customer-sort"
          >
            <option value="name">{t('customers.sortName')}</option>
            <option value="number">{t('customers.sortNumber')}</option>
            <option value="overdue">{t('customers.sortOverdue')}</option>
          </select>
        )}
      </Field>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={search.overdue ?? false}
          onChange={(e) => onChange({ overdue: e.target.checked || undefined })}
          data-testid="customer-overdue-only"
        />
        {t('customers.overdueOnly')}
      </label>
    </div>
  );
}
