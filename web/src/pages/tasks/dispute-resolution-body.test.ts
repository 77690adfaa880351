import { describe, expect, it } from 'vitest';
import { amountFieldOf, disputeResolutionBody } from './dispute-resolution-body.ts';

describe('disputeResolutionBody', () => {
  it('sends the credit note amount in cents, typed in German or English notation', () => {
    expect(disputeResolutionBody({ resolution: 'credit-note', note: '', amount: '1.234,56' })).toEqual({
      body: { resolution: 'credit-note', creditNoteAmountCents: 123456 },
    });
    expect(disputeResolutionBody({ resolution: 'credit-note', note: ' ok ', amount: '1,234.5 €' })).toEqual({
      body: { resolution: 'credit-note', note: 'ok', creditNoteAmountCents: 123450 },
    });
  });

  it('sends the write-off amount in cents', () => {
    expect(disputeResolutionBody({ resolution: 'write-off', note: '', amount: '150' })).toEqual({
      body: { resolution: 'write-off', writeOffAmountCents: 15000 },
    });
  });

  it('leaves an empty amount out', () => {
    for (const resolution of ['credit-note', 'write-off'])
      expect(disputeResolutionBody({ resolution, note: '', amount: '  ' })).toEqual({ body: { resolution } });
  });

  it('leaves the amount out with a resolution that takes none', () => {
    expect(disputeResolutionBody({ resolution: 'rejected', note: '', amount: '12,00' })).toEqual({
      body: { resolution: 'rejected' },
    });
  });

  it('refuses what is no amount, or zero', () => {
    for (const amount of ['abc', '1,2,3', '-5', '0,00'])
      expect(disputeResolutionBody({ resolution: 'credit-note', note: '', amount }), amount).toEqual({
        invalidAmount: true,
      });
  });
});

describe('amountFieldOf', () => {
  it('names the body field of the amount per resolution', () => {
    expect(amountFieldOf('credit-note')).toBe('creditNoteAmountCents');
    expect(amountFieldOf('write-off')).toBe('writeOffAmountCents');
    expect(amountFieldOf('withdrawn')).toBeNull();
  });
});
