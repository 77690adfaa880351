import { describe, expect, it } from 'vitest';
import { fileNameOf } from './download.ts';

describe('fileNameOf', () => {
  it('reads the quoted or bare file name of a content-disposition header', () => {
    expect(fileNameOf('attachment; filename="MW-20261124-00001.xml"', 'x.xml')).toBe('MW-20261124-00001.xml');
    expect(fileNameOf('inline; filename=Mahnantrag-K1.pdf', 'x.pdf')).toBe('Mahnantrag-K1.pdf');
  });

  it('keeps only the last path segment and falls back without a name', () => {
    expect(fileNameOf('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
    expect(fileNameOf(null, 'fallback.json')).toBe('fallback.json');
    expect(fileNameOf('attachment', 'fallback.json')).toBe('fallback.json');
  });
});
