/**
 * @module search-params
 * The filters kept in the address bar, so that reload, back and shared links keep them.
 * Anything unexpected in the URL is dropped rather than trusted.
 */

export type CustomerSort = 'name' | 'number' | 'overdue';
export type InvoiceFilter = 'open' | 'overdue' | 'paid' | 'all';
export type InvoiceSort = 'dueDate' | 'number' | 'open';
export type TaskFilter = 'open' | 'done';
export type PlanFilter = 'all' | 'active' | 'accelerated' | 'completed' | 'cancelled';
export type CaseFilter = 'open' | 'all';
export type SettingsTab =
  | 'company'
  | 'users'
  | 'tokens'
  | 'policies'
  | 'templates'
  | 'base-rates'
  | 'court-dunning'
  | 'credit-limit'
  | 'audit';
export type RiskBandFilter = 'low' | 'medium' | 'high' | 'very-high';

export interface CustomerSearch {
  q?: string;
  overdue?: boolean;
  group?: string;
  sort?: CustomerSort;
}

export interface InvoiceSearch {
  q?: string;
  status?: InvoiceFilter;
  sort?: InvoiceSort;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.slice(0, 200) : undefined;
}

function oneOf<T extends string>(value: unknown, options: readonly T[]): T | undefined {
  return options.find((option) => option === value);
}

export function customerSearch(search: Record<string, unknown>): CustomerSearch {
  return {
    q: text(search.q),
    overdue: search.overdue === true || search.overdue === 'true' ? true : undefined,
    group: text(search.group),
    sort: oneOf(search.sort, ['name', 'number', 'overdue'] as const),
  };
}

export function invoiceSearch(search: Record<string, unknown>): InvoiceSearch {
  return {
    q: text(search.q),
    status: oneOf(search.status, ['open', 'overdue', 'paid', 'all'] as const),
    sort: oneOf(search.sort, ['dueDate', 'number', 'open'] as const),
  };
}

export function taskSearch(search: Record<string, unknown>): { status?: TaskFilter } {
  return { status: oneOf(search.status, ['open', 'done'] as const) };
}

export function settingsSearch(search: Record<string, unknown>): { tab?: SettingsTab } {
  return {
    tab: oneOf(search.tab, [
      'company',
      'users',
      'tokens',
      'policies',
      'templates',
      'base-rates',
      'court-dunning',
      'credit-limit',
      'audit',
    ] as const),
  };
}

export function planSearch(search: Record<string, unknown>): { status?: PlanFilter } {
  return {
    status: oneOf(search.status, ['all', 'active', 'accelerated', 'completed', 'cancelled'] as const),
  };
}

export function collectionSearch(search: Record<string, unknown>): { status?: CaseFilter } {
  return { status: oneOf(search.status, ['open', 'all'] as const) };
}

export function riskSearch(search: Record<string, unknown>): { band?: RiskBandFilter } {
  return { band: oneOf(search.band, ['low', 'medium', 'high', 'very-high'] as const) };
}

export function forecastSearch(search: Record<string, unknown>): { weeks?: number } {
  const weeks = Number(search.weeks);
  return { weeks: Number.isInteger(weeks) && weeks >= 1 && weeks <= 52 ? weeks : undefined };
}
