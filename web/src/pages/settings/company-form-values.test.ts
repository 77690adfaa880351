import { describe, expect, it } from 'vitest';
import type { CompanyProfile } from '../../api/types.ts';
import { formValuesOf, profileOf } from './company-form-values.ts';

const profile: CompanyProfile = {
  name: 'Muster GmbH',
  address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
  phone: null,
  email: 'buchhaltung@muster.de',
  website: null,
  vatId: 'DE123456789',
  taxNumber: null,
  register: 'Amtsgericht Berlin HRB 1',
  managingDirectors: null,
  state: 'BE',
  creditorId: null,
  bank: { iban: 'DE89370400440532013000', bic: null, bankName: null },
};

describe('company form values', () => {
  it('round-trips a profile', () => {
    expect(profileOf(formValuesOf(profile))).toEqual(profile);
  });

  it('turns empty groups into null and tidies IBAN and VAT id', () => {
    const values = { ...formValuesOf(profile), street: '', postalCode: '', city: '', country: '' };
    expect(profileOf(values).address).toBeNull();
    const typed = { ...formValuesOf(profile), iban: 'de89 3704 0044 0532 0130 00', vatId: 'de 123456789' };
    expect(profileOf(typed).bank?.iban).toBe('DE89370400440532013000');
    expect(profileOf(typed).vatId).toBe('DE123456789');
    expect(profileOf({ ...formValuesOf(profile), iban: '' }).bank).toBeNull();
  });

  it('keeps the federal state of the seat', () => {
    expect(formValuesOf({ ...profile, state: 'NW' }).state).toBe('NW');
    expect(profileOf({ ...formValuesOf(profile), state: 'BY' }).state).toBe('BY');
  });
});
