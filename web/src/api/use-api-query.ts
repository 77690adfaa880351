import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

/** A GET of the API, cached under its path. */
export function useApiQuery<T>(path: string, enabled = true) {
  return useQuery({ queryKey: [path], queryFn: () => api.get<T>(path), enabled });
}
