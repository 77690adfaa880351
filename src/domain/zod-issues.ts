/**
 * @module zod-issues
 * Turns zod validation failures into a DomainError that lists every issue with its field path.
 */
import type { z } from 'zod';
import { DomainError, type DomainErrorCode } from './domain-error.ts';

export function parseWithSchema<T extends z.ZodType>(
  schema: T,
  input: unknown,
  code: DomainErrorCode,
  what: string,
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  throw new DomainError(code, `invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
    issues,
  });
}
