/**
 * @module parse-input
 * Validates service input with zod; failures become an AppError that lists every field.
 */
import type { z } from 'zod';
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
