import type { StatementImport } from '../../api/types.ts';
import { useCursorList } from '../../api/use-cursor-list.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { LoadMore } from '../../ui/load-more.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';

export function ImportList() {
  const { t, f } = useI18n();
  const list = useCursorList<StatementImport>('/api/statements', { limit: 20 });
  return (
    <Section title={t('payments.imports')} testId="statement-imports">
      <QueryView query={list}>
        {() =>
          list.items.length === 0 ? (
            <EmptyState>{t('payments.noImports')}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('payments.fileName')}</th>
                    <th scope="col" className="hide-narrow">
                      {t('payments.format')}
                    </th>
                    <th scope="col">{t('payments.importedAt')}</th>
                    <th scope="col" className="num">
                      {t('payments.entries')}
                    </th>
                    <th scope="col" className="num">
                      {t('payments.booked')}
                    </th>
                    <th scope="col" className="num">
                      {t('payments.review')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((i) => (
                    <tr key={i.id}>
                      <td className="break">{i.fileName}</td>
                      <td className="hide-narrow">{i.format}</td>
                      <td>{f.dateTime(i.importedAt)}</td>
                      <td className="num">{f.number(i.entries)}</td>
                      <td className="num">{f.number(i.booked)}</td>
                      <td className="num">{f.number(i.review)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
    </Section>
  );
}
