import type { ReactNode } from 'react';
import type { useCursorList } from '../api/use-cursor-list.ts';
import { EmptyState } from './empty-state.tsx';
import { LoadMore } from './load-more.tsx';
import { QueryView } from './query-view.tsx';

/**
 * A cursor-paged list as a table: loading and error states, a text when it is empty, the header
 * row, one or more rows per item (each with its own key), and "load more" while there is more.
 */
export function PagedTable<T>({
  list,
  empty,
  head,
  rows,
}: {
  list: ReturnType<typeof useCursorList<T>>;
  empty: ReactNode;
  head: ReactNode;
  rows: (item: T) => ReactNode;
}) {
  return (
    <>
      <QueryView query={list}>
        {() =>
          list.items.length === 0 ? (
            <EmptyState>{empty}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>{head}</tr>
                </thead>
                <tbody>{list.items.map(rows)}</tbody>
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
    </>
  );
}
