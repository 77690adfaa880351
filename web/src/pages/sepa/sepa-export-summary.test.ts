import { describe, expect, it } from 'vitest';
import { sepaExportSummaryOf } from './sepa-export-summary.ts';

const encoded = (value: unknown) => encodeURIComponent(JSON.stringify(value));

describe('sepaExportSummaryOf', () => {
  it('reads the summary, the warnings and the customers left out from the headers', () => {
    const headers = new Headers({
      'x-sepa-message-id': 'MW-20261124-00001',
      'x-sepa-count': '33',
      'x-sepa-sum-cents': '6820750',
      'x-sepa-warnings': encoded(['2026-11-28 is no TARGET2 business day: … 2026-11-30']),
      'x-sepa-skipped': encoded([{ customerNumber: 'K-7', reason: 'dunning block: Insolvenz – Müller' }]),
    });
    expect(sepaExportSummaryOf(headers)).toEqual({
      messageId: 'MW-20261124-00001',
      count: 33,
      sumCents: 6_820_750,
      warnings: ['2026-11-28 is no TARGET2 business day: … 2026-11-30'],
      skipped: [{ customerNumber: 'K-7', reason: 'dunning block: Insolvenz – Müller' }],
    });
  });

  it('takes missing or malformed headers as empty rather than failing', () => {
    const headers = new Headers({
      'x-sepa-count': 'many',
      'x-sepa-warnings': '%E0%A4%A',
      'x-sepa-skipped': '{}',
    });
    expect(sepaExportSummaryOf(headers)).toEqual({
      messageId: '',
      count: 0,
      sumCents: 0,
      warnings: [],
      skipped: [],
    });
  });
});
