/**
 * @module pagination
 * Cursor paging for lists: `{ items, nextCursor }`. The cursor is the sort key of the last item,
 * opaque to the client (base64url JSON), so a page never skips or repeats rows when rows are
 * added meanwhile.
 */
import { z } from 'zod';
import { AppError } from '../services/app-error.ts';

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export type SortKey = readonly (string | number | null)[];

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): SortKey | null {
  if (cursor === undefined) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === length &&
      key.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return key as SortKey;
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation', 'cursor: not a cursor of this list; start again without it', {
    issues: [{ path: 'querystring.cursor', message: 'not a cursor of this list' }],
  });
}

/** One more row than asked was fetched: the page is `limit` rows and the cursor is the last one's key. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => SortKey) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
