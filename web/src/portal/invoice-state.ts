/**
 * @module invoice-state
 * Where an open invoice stands, in plain words for the customer: in an instalment plan, disputed,
 * reported paid, a payment promised, overdue (for how many days), due today or not yet due. The
 * first that applies wins, in that order: a plan or a dispute says more than the due date does.
 */
import { formatDate } from '../i18n/format.ts';
import { daysBetween } from './calendar.ts';
import { portalText } from './portal-messages.ts';
import type { Language, PortalInvoice } from './portal-types.ts';

export type InvoiceState =
  'plan' | 'disputed' | 'reported-paid' | 'promised' | 'overdue' | 'due-today' | 'not-due';

/** How a state is marked: danger asks the customer to act, info says we are on it. */
export type StateTone = 'danger' | 'warning' | 'info' | 'neutral';

export function invoiceStateOf(invoice: PortalInvoice, asOf: string): InvoiceState {
  if (invoice.inInstalmentPlan) return 'plan';
  if (invoice.disputed) return 'disputed';
  if (invoice.reportedPaid) return 'reported-paid';
  if (invoice.promisedBy) return 'promised';
  if (invoice.dueDate < asOf) return 'overdue';
  return invoice.dueDate === asOf ? 'due-today' : 'not-due';
}

export interface InvoiceStateWords {
  state: InvoiceState;
  /** A word or two for the badge. */
  badge: string;
  /** One sentence: what it means and what to do. */
  text: string;
  tone: StateTone;
}

export function invoiceStateWords(
  invoice: PortalInvoice,
  asOf: string,
  language: Language,
): InvoiceStateWords {
  const state = invoiceStateOf(invoice, asOf);
  const t = (key: Parameters<typeof portalText>[1], vars = {}) => portalText(language, key, vars);
  switch (state) {
    case 'plan':
      return { state, badge: t('badge.plan'), text: t('state.plan'), tone: 'info' };
    case 'disputed':
      return { state, badge: t('badge.disputed'), text: t('state.disputed'), tone: 'info' };
    case 'reported-paid':
      return { state, badge: t('badge.reportedPaid'), text: t('state.reportedPaid'), tone: 'info' };
    case 'promised':
      return {
        state,
        badge: t('badge.promised'),
        text: t('state.promised', { date: formatDate(invoice.promisedBy, language) }),
        tone: 'warning',
      };
    case 'overdue': {
      const days = daysBetween(invoice.dueDate, asOf);
      return {
        state,
        badge: t('badge.overdue'),
        text: days === 1 ? t('state.overdueOne') : t('state.overdue', { days }),
        tone: 'danger',
      };
    }
    case 'due-today':
      return { state, badge: t('badge.open'), text: t('state.dueToday'), tone: 'warning' };
    case 'not-due':
      return {
        state,
        badge: t('badge.open'),
        text: t('state.notDue', { date: formatDate(invoice.dueDate, language) }),
        tone: 'neutral',
      };
  }
}
