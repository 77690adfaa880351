/**
 * @module params
 * Path and query parameters every route module shares: a row's id, as the path or a filter names it.
 */
import { z } from 'zod';

/** A row id in a path or query string (`/api/invoices/42`, `?customerId=7`). */
export const rowId = z.coerce.number().int().positive();

/** `/:id` of a route. */
export const idParams = z.object({ id: rowId });
