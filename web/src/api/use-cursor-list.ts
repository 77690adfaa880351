/**
 * @module use-cursor-list
 * A cursor-paged API list (`{ items, nextCursor }`) as one growing array with "load more".
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryString } from './query-string.ts';
import type { Page } from './types.ts';

type Params = Record<string, string | number | boolean | null | undefined>;

export function useCursorList<T>(path: string, params: Params = {}, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [path, params],
    queryFn: ({ pageParam }) => api.get<Page<T>>(`${path}${queryString({ ...params, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}
