import { describe, expect, it } from 'vitest';
import { courtDunningRequest, previewQuery } from './court-dunning-params.ts';

describe('courtDunningRequest', () => {
  it('sends only what was chosen: no date, the default claim kind and no invoices mean the defaults', () => {
    const { request, expensesValid } = courtDunningRequest({
      date: '',
      claimKind: 'invoice',
      expenses: ' ',
      invoiceNumbers: [],
    });
    expect(request).toEqual({});
    expect(expensesValid).toBe(true);
    expect(previewQuery(request)).toBe('');
  });

  it('takes expenses typed in German notation as decimal euros and lists the invoices', () => {
    const { request } = courtDunningRequest({
      date: '2026-11-24',
      claimKind: 'goods',
      expenses: '1.003,45',
      invoiceNumbers: ['RE-1', 'RE 2'],
    });
    expect(request).toEqual({
      date: '2026-11-24',
      claimKind: 'goods',
      expenses: '1003.45',
      invoices: ['RE-1', 'RE 2'],
    });
    expect(previewQuery(request)).toBe(
      '?date=2026-11-24&claimKind=goods&expenses=1003.45&invoices=RE-1%2CRE+2',
    );
  });

  it('says when the expenses typed are no amount', () => {
    const { request, expensesValid } = courtDunningRequest({
      date: '',
      claimKind: 'invoice',
      expenses: 'drei Euro',
      invoiceNumbers: [],
    });
    expect(expensesValid).toBe(false);
    expect(request.expenses).toBeUndefined();
  });
});
