import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.ts';
import { fieldError, indexIn, isShownAtFields } from './field-error.ts';

const error = new ApiError(400, 'validation', 'collected: not an amount', [
  { path: 'collected', message: 'not an amount' },
  { path: 'body.invoiceIds.1', message: 'not an invoice of this customer' },
]);

describe('fieldError', () => {
  it('finds a message under any name of the field, with or without body. and list index', () => {
    expect(fieldError(error, 'collectedCents', 'collected')).toBe('not an amount');
    expect(fieldError(error, 'invoiceIds', 'invoiceNumbers')).toBe('not an invoice of this customer');
    expect(fieldError(error, 'retainedCents', 'retained')).toBeUndefined();
    expect(fieldError(new Error('x'), 'collected')).toBeUndefined();
  });

  it('says whether all located messages have a field on the form', () => {
    expect(isShownAtFields(error, ['collected', 'invoiceIds'])).toBe(true);
    expect(isShownAtFields(error, ['collected'])).toBe(false);
    expect(isShownAtFields(new ApiError(409, 'conflict', 'case closed'), ['collected'])).toBe(false);
  });

  it('reads the index of a list entry', () => {
    expect(indexIn('body.invoiceIds.3', 'invoiceIds')).toBe(3);
    expect(indexIn('invoiceNumbers.0', 'invoiceNumbers')).toBe(0);
    expect(indexIn('invoiceNumbers', 'invoiceNumbers')).toBeNull();
  });
});
