import type { Page } from './types.ts';

/** Small admin lists come as a plain array or as a page; either way the rows. */
export function listItems<T>(data: T[] | Page<T> | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items;
}
