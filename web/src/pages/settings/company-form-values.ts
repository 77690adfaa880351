/**
 * @module company-form-values
 * The company profile as flat form fields and back: empty fields become null, an address or a
 * bank account without any field filled in becomes null as a whole.
 */
import type { CompanyProfile, GermanState } from '../../api/types.ts';

export interface CompanyFormValues {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  email: string;
  website: string;
  vatId: string;
  taxNumber: string;
  register: string;
  managingDirectors: string;
  state: GermanState;
  creditorId: string;
  iban: string;
  bic: string;
  bankName: string;
}

export function formValuesOf(p: CompanyProfile): CompanyFormValues {
  return {
    name: p.name,
    street: p.address?.street ?? '',
    postalCode: p.address?.postalCode ?? '',
    city: p.address?.city ?? '',
    country: p.address?.country ?? '',
    phone: p.phone ?? '',
    email: p.email ?? '',
    website: p.website ?? '',
    vatId: p.vatId ?? '',
    taxNumber: p.taxNumber ?? '',
    register: p.register ?? '',
    managingDirectors: p.managingDirectors ?? '',
    state: p.state,
    creditorId: p.creditorId ?? '',
    iban: p.bank?.iban ?? '',
    bic: p.bank?.bic ?? '',
    bankName: p.bank?.bankName ?? '',
  };
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

export function profileOf(v: CompanyFormValues): CompanyProfile {
  const hasAddress = [v.street, v.postalCode, v.city, v.country].some((x) => x.trim() !== '');
  const hasBank = [v.iban, v.bic, v.bankName].some((x) => x.trim() !== '');
  return {
    name: v.name.trim(),
    address: hasAddress
      ? {
          street: v.street.trim(),
          postalCode: v.postalCode.trim(),
          city: v.city.trim(),
          country: v.country.trim().toUpperCase(),
        }
      : null,
    phone: orNull(v.phone),
    email: orNull(v.email),
    website: orNull(v.website),
    vatId: orNull(v.vatId.replace(/\s+/g, '').toUpperCase()),
    taxNumber: orNull(v.taxNumber),
    register: orNull(v.register),
    managingDirectors: orNull(v.managingDirectors),
    state: v.state,
    creditorId: orNull(v.creditorId),
    bank: hasBank
      ? {
          iban: v.iban.replace(/\s+/g, '').toUpperCase(),
          bic: orNull(v.bic.toUpperCase()),
          bankName: orNull(v.bankName),
        }
      : null,
  };
}
