/**
 * @module nul-text
 * PostgreSQL stores no NUL character (U+0000) in text or jsonb; a body carrying one would fail
 * deep in a query as a 500. It is refused at the door instead, naming the field.
 */

/** The path (`lines.2.description`) of the first string holding U+0000, or `null`. */
export function findNulText(value: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(body)' : null;
  if (value === null || typeof value !== 'object' || path.length > 64) return null;
  // A binary body (an uploaded e-invoice or statement) is bytes, not text: walking a 15 MB Buffer
  // entry by entry made 15 million arrays and blocked the server for half a minute.
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return null;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === 'string' && key.includes('\u0000'))
      return [...path, key.replaceAll('\u0000', '\\0')].join('.');
    const found = findNulText(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}
