/**
 * @module field-error
 * Which form field an API error belongs to. A route names a field as its body does
 * (`collectedCents`, `invoiceIds.1`), the service behind it sometimes by its own name
 * (`collected`, `invoiceNumbers.1`): a form asks for any of the names its field goes by.
 */
import { ApiError } from './api-error.ts';

function matches(path: string, name: string): boolean {
  const bare = path.startsWith('body.') ? path.slice(5) : path;
  return bare === name || bare.startsWith(`${name}.`);
}

/** The API's message for a field known by any of `names`, or undefined. */
export function fieldError(error: unknown, ...names: string[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.errors.find((e) => names.some((name) => matches(e.path, name)))?.message;
}

/** Whether every field message of the error is shown at one of the form's fields (known by `names`). */
export function isShownAtFields(error: unknown, names: readonly string[]): boolean {
  if (!(error instanceof ApiError)) return false;
  const located = error.errors.filter((e) => e.path);
  return located.length > 0 && located.every((e) => names.some((name) => matches(e.path, name)));
}

/** The index of the list entry a message like `invoiceIds.2` is about, or null. */
export function indexIn(path: string, name: string): number | null {
  const bare = path.startsWith('body.') ? path.slice(5) : path;
  const match = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)$`).exec(bare);
  return match ? Number(match[1]) : null;
}
