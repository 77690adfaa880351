/**
 * @module order-update-templates
 * The wording of the e-mails about an order — the confirmation around its PDF, progress and delay
 * updates, the invoice around its PDF — as templates per language with placeholders in double
 * braces, like the dunning letters' (letter-templates.ts) but with the order's own facts. Every
 * placeholder is known here; an unknown one is an error when the wording is checked, never a blank
 * in a sent e-mail.
 *
 * @example
 * const { subject, body } = fillOrderTemplate(orderTemplate('order-delivery-date-moved', 'de'), values);
 */
import { DomainError } from '../domain/domain-error.ts';
import type { LetterTemplate } from './letter-templates.ts';

export const ORDER_TEMPLATE_PLACEHOLDERS = {
  customerName: 'the customer’s name',
  companyName: 'your company’s name',
  orderNumber: 'the order number',
  orderedOn: 'the day of the order, formatted',
  deliveryDate: 'the delivery date promised now, formatted',
  previousDeliveryDate: 'the delivery date promised before it moved, formatted',
  reason: 'why the delivery date moved',
  note: 'a note given with the change (may be empty)',
  invoiceNumber: 'the invoice number (invoice e-mail)',
  dueDate: 'the invoice’s due date, formatted (invoice e-mail)',
  total: 'the order’s or invoice’s total, formatted',
} as const;

export type OrderTemplateValues = Record<keyof typeof ORDER_TEMPLATE_PLACEHOLDERS, string>;

/** The templates Mahnwerk ships, by key: a status they follow, or the confirmation and invoice e-mails. */
export const ORDER_TEMPLATE_KEYS = [
  'order-confirmation',
  'order-in-progress',
  'order-partly-delivered',
  'order-delivered',
  'order-cancelled',
  'order-delivery-date-moved',
  'order-invoice',
] as const;
export type OrderTemplateKey = (typeof ORDER_TEMPLATE_KEYS)[number];

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

const DEFAULTS: Record<OrderTemplateKey, Record<'de' | 'en', LetterTemplate>> = {
  'order-confirmation': {
    de: {
      subject: 'Auftragsbestätigung {{orderNumber}}',
      body: 'Sehr geehrte Damen und Herren,\n\nvielen Dank für Ihren Auftrag vom {{orderedOn}}. Wir bestätigen ihn über {{total}}; als Liefertermin ist der {{deliveryDate}} vorgesehen. Die Einzelheiten und unsere Zahlungsbedingungen finden Sie in der Auftragsbestätigung im Anhang.\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Order confirmation {{orderNumber}}',
      body: 'Dear Sir or Madam,\n\nthank you for your order of {{orderedOn}}. We confirm it for {{total}}; delivery is planned for {{deliveryDate}}. Please find the details and our payment terms in the attached order confirmation.\n\nKind regards\n{{companyName}}',
    },
  },
  'order-in-progress': {
    de: {
      subject: 'Ihr Auftrag {{orderNumber}} ist in Arbeit',
      body: 'Sehr geehrte Damen und Herren,\n\nwir haben mit der Ausführung Ihres Auftrags {{orderNumber}} vom {{orderedOn}} begonnen. Der vorgesehene Liefertermin ist der {{deliveryDate}}.\n\n{{note}}\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Your order {{orderNumber}} is in progress',
      body: 'Dear Sir or Madam,\n\nwe have started work on your order {{orderNumber}} of {{orderedOn}}. Delivery is planned for {{deliveryDate}}.\n\n{{note}}\n\nKind regards\n{{companyName}}',
    },
  },
  'order-partly-delivered': {
    de: {
      subject: 'Teillieferung zu Ihrem Auftrag {{orderNumber}}',
      body: 'Sehr geehrte Damen und Herren,\n\nheute haben wir einen Teil Ihres Auftrags {{orderNumber}} geliefert. Den Rest liefern wir voraussichtlich bis zum {{deliveryDate}}.\n\n{{note}}\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Part delivery of your order {{orderNumber}}',
      body: 'Dear Sir or Madam,\n\ntoday we delivered part of your order {{orderNumber}}. We expect to deliver the rest by {{deliveryDate}}.\n\n{{note}}\n\nKind regards\n{{companyName}}',
    },
  },
  'order-delivered': {
    de: {
      subject: 'Ihr Auftrag {{orderNumber}} ist geliefert',
      body: 'Sehr geehrte Damen und Herren,\n\nIhr Auftrag {{orderNumber}} vom {{orderedOn}} ist vollständig geliefert. Vielen Dank für Ihr Vertrauen.\n\n{{note}}\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Your order {{orderNumber}} has been delivered',
      body: 'Dear Sir or Madam,\n\nyour order {{orderNumber}} of {{orderedOn}} has been delivered in full. Thank you for your trust.\n\n{{note}}\n\nKind regards\n{{companyName}}',
    },
  },
  'order-cancelled': {
    de: {
      subject: 'Stornierung Ihres Auftrags {{orderNumber}}',
      body: 'Sehr geehrte Damen und Herren,\n\nhiermit bestätigen wir die Stornierung Ihres Auftrags {{orderNumber}} vom {{orderedOn}}.\n\n{{note}}\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Cancellation of your order {{orderNumber}}',
      body: 'Dear Sir or Madam,\n\nwe confirm that your order {{orderNumber}} of {{orderedOn}} has been cancelled.\n\n{{note}}\n\nKind regards\n{{companyName}}',
    },
  },
  'order-delivery-date-moved': {
    de: {
      subject: 'Neuer Liefertermin für Ihren Auftrag {{orderNumber}}',
      body: 'Sehr geehrte Damen und Herren,\n\nder Liefertermin Ihres Auftrags {{orderNumber}} verschiebt sich vom {{previousDeliveryDate}} auf den {{deliveryDate}}. Der Grund: {{reason}}\n\nWir bitten um Ihr Verständnis.\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'New delivery date for your order {{orderNumber}}',
      body: 'Dear Sir or Madam,\n\nthe delivery of your order {{orderNumber}} moves from {{previousDeliveryDate}} to {{deliveryDate}}. The reason: {{reason}}\n\nWe apologise for the inconvenience.\n\nKind regards\n{{companyName}}',
    },
  },
  'order-invoice': {
    de: {
      subject: 'Rechnung {{invoiceNumber}} zu Ihrem Auftrag {{orderNumber}}',
      body: 'Sehr geehrte Damen und Herren,\n\nanbei erhalten Sie unsere Rechnung {{invoiceNumber}} über {{total}} zu Ihrem Auftrag {{orderNumber}}. Bitte zahlen Sie bis zum {{dueDate}}; alle Angaben zur Zahlung finden Sie in der Rechnung.\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Invoice {{invoiceNumber}} for your order {{orderNumber}}',
      body: 'Dear Sir or Madam,\n\nplease find attached our invoice {{invoiceNumber}} of {{total}} for your order {{orderNumber}}. Please pay by {{dueDate}}; the invoice has all payment details.\n\nKind regards\n{{companyName}}',
    },
  },
};

/** The shipped wording of an order template. */
export function orderTemplate(key: OrderTemplateKey, language: 'de' | 'en'): LetterTemplate {
  return DEFAULTS[key][language];
}

export function isOrderTemplateKey(key: string): key is OrderTemplateKey {
  return (ORDER_TEMPLATE_KEYS as readonly string[]).includes(key);
}

/** Every problem of an order template: unknown placeholders, stray braces, empty parts. */
export function orderTemplateIssues(template: LetterTemplate): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const part of ['subject', 'body'] as const) {
    const text = template[part];
    if (text.trim() === '') issues.push({ path: part, message: 'must not be empty' });
    for (const match of text.matchAll(PLACEHOLDER)) {
      if (!Object.hasOwn(ORDER_TEMPLATE_PLACEHOLDERS, match[1] as string)) {
        issues.push({ path: part, message: `unknown placeholder {{${match[1]}}}` });
      }
    }
    const rest = text.replace(PLACEHOLDER, '');
    if (rest.includes('{{') || rest.includes('}}')) {
      issues.push({ path: part, message: 'a "{{" or "}}" that is not part of a placeholder' });
    }
  }
  if (template.subject.includes('\n')) issues.push({ path: 'subject', message: 'must be one line' });
  return issues;
}

/**
 * Fills the placeholders; a paragraph left empty (a `{{note}}` without a note) is dropped, so the
 * e-mail has no blank gap.
 */
export function fillOrderTemplate(template: LetterTemplate, values: OrderTemplateValues): LetterTemplate {
  const issues = orderTemplateIssues(template);
  if (issues.length > 0) {
    throw new DomainError(
      'invalid-argument',
      `order template: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (_, name: string) => values[name as keyof OrderTemplateValues]);
  const body = fill(template.body)
    .split(/\n\s*\n/)
    .filter((paragraph) => paragraph.trim() !== '')
    .join('\n\n');
  return { subject: fill(template.subject), body };
}
