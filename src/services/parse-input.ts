/**
 * @module parse-input
 * Validates service input with zod; failures become an AppError that lists every field.
 */
import { z } from 'zod';
import { isDomainError } from '../domain/domain-error.ts';
import { parseWithSchema } from '../domain/zod-issues.ts';
import { AppError } from './app-error.ts';

export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  try {
    return parseWithSchema(schema, input, 'invalid-argument', what);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new AppError('validation', error.message, { issues: error.issues, cause: error });
  }
}

/**
 * The schema of a change to some of an object's fields: each field optional and — unlike zod 4's
 * `.partial()`, which still fills in a field's default when it is not sent — a field not given stays
 * out of the result, so a change never resets what it did not name (a customer's language, the
 * IBANs learnt from payments, a portal limit).
 */
export function patchSchema<T extends z.ZodRawShape>(
  schema: z.ZodObject<T>,
): ReturnType<z.ZodObject<T>['partial']> {
  const fields = Object.entries(schema.shape).map(([key, field]) => {
    const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    return [key, inner.optional()];
  });
  return z.object(Object.fromEntries(fields)) as unknown as ReturnType<z.ZodObject<T>['partial']>;
}
