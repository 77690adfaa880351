import { describe, expect, it } from 'vitest';
import { customerSearch, invoiceSearch } from './search-params.ts';

describe('search params', () => {
  it('keeps known filters and drops the rest', () => {
    expect(customerSearch({ q: 'Müller', overdue: true, sort: 'overdue', group: '' })).toEqual({
      q: 'Müller',
      overdue: true,
      group: undefined,
      sort: 'overdue',
    });
    expect(customerSearch({ sort: 'drop table', overdue: 'yes' })).toEqual({
      q: undefined,
      overdue: undefined,
      group: undefined,
      sort: undefined,
    });
    expect(invoiceSearch({ status: 'paid', q: 4711 })).toEqual({
      status: 'paid',
      q: '4711',
      sort: undefined,
    });
  });
});
