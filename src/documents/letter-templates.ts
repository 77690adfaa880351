/**
 * @module letter-templates
 * The wording of each dunning stage as an editable template per language: a subject and a body
 * with placeholders in double braces (`{{deadline}}`). A template is checked when it is saved — an
 * unknown placeholder or an unclosed brace is an error then, never a blank in a letter sent later.
 * The shipped wording rises step by step: a friendly reminder, a Mahnung, a final notice that names
 * the next step (collection agency or court dunning procedure).
 *
 * @example
 * const text = fillTemplate(defaultTemplate('first-dunning', 'de'), { customerName: 'Müller GmbH', ... });
 */
import { DomainError } from '../domain/domain-error.ts';

export const TEMPLATE_PLACEHOLDERS = {
  customerName: 'the customer’s name',
  customerNumber: 'the customer number',
  companyName: 'your company’s name',
  invoiceCount: 'how many invoices the letter lists',
  total: 'the total due, formatted (e.g. 1.234,56 €)',
  deadline: 'the new payment deadline, formatted',
  issueDate: 'the date of the letter, formatted',
  fee: 'the dunning fee of this letter, formatted',
  nextStep: 'the step announced if nothing is paid (collection agency, court dunning procedure)',
  claims: 'where the statement of claims goes, as a paragraph of its own (default: before the closing)',
} as const;

export type TemplatePlaceholder = keyof typeof TEMPLATE_PLACEHOLDERS;
/** `claims` is not text but a place in the letter: it stays as a marker for the layout. */
export type TemplateValues = Record<Exclude<TemplatePlaceholder, 'claims'>, string>;

export interface LetterTemplate {
  subject: string;
  /** Paragraphs separated by blank lines. */
  body: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Every problem of a template: unknown placeholders, stray braces, empty parts. */
export function templateIssues(template: LetterTemplate): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const part of ['subject', 'body'] as const) {
    const text = template[part];
    if (text.trim() === '') issues.push({ path: part, message: 'must not be empty' });
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1] as string;
      if (!Object.hasOwn(TEMPLATE_PLACEHOLDERS, name)) {
        issues.push({
          path: part,
          message: `unknown placeholder {{${name}}}; known are ${Object.keys(TEMPLATE_PLACEHOLDERS)
            .map((k) => `{{${k}}}`)
            .join(', ')}`,
        });
      }
    }
    const rest = text.replace(PLACEHOLDER, '');
    if (rest.includes('{{') || rest.includes('}}')) {
      issues.push({
        path: part,
        message: 'a "{{" or "}}" that is not part of a placeholder like {{deadline}}',
      });
    }
  }
  if (template.subject.includes('\n')) issues.push({ path: 'subject', message: 'must be one line' });
  if (/\{\{\s*claims\s*\}\}/.test(template.subject)) {
    issues.push({
      path: 'subject',
      message: '{{claims}} is a place in the letter body, not text for the subject',
    });
  }
  const claims = template.body.match(/\{\{\s*claims\s*\}\}/g) ?? [];
  if (claims.length > 1) issues.push({ path: 'body', message: '{{claims}} may appear once' });
  const claimsParagraph = template.body.split(/\n\s*\n/).find((p) => /\{\{\s*claims\s*\}\}/.test(p));
  if (claimsParagraph && claimsParagraph.trim().replace(/\{\{\s*claims\s*\}\}/, '') !== '') {
    issues.push({
      path: 'body',
      message: '{{claims}} must stand alone in its paragraph (blank lines around it)',
    });
  }
  return issues;
}

export function validateTemplate(template: LetterTemplate, key: string): LetterTemplate {
  const issues = templateIssues(template);
  if (issues.length > 0) {
    throw new DomainError(
      'invalid-argument',
      `template ${key}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  return template;
}

/**
 * The template with the values in place. Values are text, never template: one that contains braces
 * (a customer called "{{claims}}") cannot make a marker, and a name that is no placeholder (a
 * template saved before a check, `{{constructor}}`) stays as written instead of reading an object's
 * property.
 */
export function fillTemplate(template: LetterTemplate, values: TemplateValues): LetterTemplate {
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (marker, name: string) => {
      if (name === 'claims') return '{{claims}}';
      if (!Object.hasOwn(TEMPLATE_PLACEHOLDERS, name) || !Object.hasOwn(values, name)) return marker;
      return values[name as keyof TemplateValues].replace(/\{(?=\{)/g, '{ ').replace(/\}(?=\})/g, '} ');
    });
  return { subject: fill(template.subject), body: fill(template.body) };
}

const DEFAULTS: Record<string, Record<'de' | 'en', LetterTemplate>> = {
  'claim-statement': {
    de: {
      subject: 'Forderungsaufstellung zum {{issueDate}}',
      body: 'Sehr geehrte Damen und Herren,\n\nnachstehend erhalten Sie die Aufstellung unserer offenen Forderungen gegen Sie zum {{issueDate}}, mit den Zahlungen, Kosten und den Verzugszinsen bis zu diesem Tag. Der Gesamtbetrag beläuft sich auf {{total}}.\n\n{{claims}}\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Statement of claims as of {{issueDate}}',
      body: 'Dear Sir or Madam,\n\nplease find below the statement of our open claims against you as of {{issueDate}}, with payments, costs and default interest up to that day. The total amounts to {{total}}.\n\n{{claims}}\n\nKind regards\n{{companyName}}',
    },
  },
  'pre-due-reminder': {
    de: {
      subject: 'Freundliche Erinnerung: Zahlung fällig am {{deadline}}',
      body: 'Sehr geehrte Damen und Herren,\n\nwir möchten Sie freundlich daran erinnern, dass die unten aufgeführte Rechnung in Kürze fällig wird. Bitte überweisen Sie {{total}} bis zum {{deadline}}.\n\nFalls Sie bereits gezahlt haben, betrachten Sie dieses Schreiben bitte als gegenstandslos.\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Friendly reminder: payment due on {{deadline}}',
      body: 'Dear Sir or Madam,\n\nthis is a friendly reminder that the invoice listed below will soon be due. Please transfer {{total}} by {{deadline}}.\n\nIf you have already paid, please disregard this letter.\n\nKind regards\n{{companyName}}',
    },
  },
  'payment-reminder': {
    de: {
      subject: 'Zahlungserinnerung',
      body: 'Sehr geehrte Damen und Herren,\n\nsicher ist es Ihrer Aufmerksamkeit entgangen: Für die unten aufgeführten Rechnungen konnten wir noch keinen Zahlungseingang feststellen. Bitte überweisen Sie {{total}} bis zum {{deadline}}.\n\nSollten Sie die Zahlung inzwischen veranlasst haben, danken wir Ihnen und bitten Sie, dieses Schreiben als gegenstandslos zu betrachten.\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Payment reminder',
      body: 'Dear Sir or Madam,\n\nit may have escaped your attention: we have not yet received payment for the invoices listed below. Please transfer {{total}} by {{deadline}}.\n\nIf you have paid in the meantime, thank you, and please disregard this letter.\n\nKind regards\n{{companyName}}',
    },
  },
  'first-dunning': {
    de: {
      subject: '1. Mahnung',
      body: 'Sehr geehrte Damen und Herren,\n\ndie unten aufgeführten Forderungen sind fällig und weiterhin offen. Wir bitten Sie, den Gesamtbetrag von {{total}} bis spätestens {{deadline}} zu überweisen.\n\nSollten Sie Einwände gegen die Forderung haben, teilen Sie uns diese bitte umgehend mit.\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'First dunning notice',
      body: 'Dear Sir or Madam,\n\nthe claims listed below are due and still outstanding. Please transfer the total of {{total}} by {{deadline}} at the latest.\n\nIf you dispute the claim, please let us know at once.\n\nKind regards\n{{companyName}}',
    },
  },
  'second-dunning': {
    de: {
      subject: '2. Mahnung',
      body: 'Sehr geehrte Damen und Herren,\n\nauf unsere bisherigen Schreiben haben Sie nicht reagiert. Wir fordern Sie auf, den Gesamtbetrag von {{total}} bis spätestens {{deadline}} zu zahlen.\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Second dunning notice',
      body: 'Dear Sir or Madam,\n\nyou have not responded to our previous letters. We request that you pay the total of {{total}} by {{deadline}} at the latest.\n\nKind regards\n{{companyName}}',
    },
  },
  'final-notice': {
    de: {
      subject: 'Letzte Mahnung',
      body: 'Sehr geehrte Damen und Herren,\n\ndie unten aufgeführten Forderungen sind trotz unserer Aufforderungen nicht beglichen. Wir fordern Sie letztmalig auf, {{total}} bis zum {{deadline}} zu zahlen.\n\nGeht die Zahlung bis dahin nicht ein, werden wir ohne weitere Ankündigung {{nextStep}}. Die dadurch entstehenden Kosten gehen zu Ihren Lasten.\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Final notice',
      body: 'Dear Sir or Madam,\n\nthe claims listed below remain unpaid despite our requests. We ask you for the last time to pay {{total}} by {{deadline}}.\n\nIf payment is not received by then, we will {{nextStep}} without further notice. The costs arising from this will be charged to you.\n\nKind regards\n{{companyName}}',
    },
  },
  'escalation-decision': {
    de: {
      subject: 'Übergabe Ihrer Forderung',
      body: 'Sehr geehrte Damen und Herren,\n\nda die unten aufgeführten Forderungen über {{total}} trotz letzter Mahnung offen sind, werden wir {{nextStep}}.\n\nMit freundlichen Grüßen\n{{companyName}}',
    },
    en: {
      subject: 'Handover of your account',
      body: 'Dear Sir or Madam,\n\nas the claims listed below over {{total}} remain unpaid despite our final notice, we will {{nextStep}}.\n\nKind regards\n{{companyName}}',
    },
  },
};

/** The shipped wording of a template; an unknown key falls back to the payment reminder's. */
export function defaultTemplate(key: string, language: 'de' | 'en'): LetterTemplate {
  return (DEFAULTS[key] ?? (DEFAULTS['payment-reminder'] as Record<'de' | 'en', LetterTemplate>))[language];
}

export const DEFAULT_TEMPLATE_KEYS = Object.keys(DEFAULTS);

export const NEXT_STEP = {
  de: 'die Forderung einem Inkassounternehmen übergeben oder das gerichtliche Mahnverfahren einleiten',
  en: 'hand the claim to a collection agency or apply for a court order for payment (Mahnbescheid)',
};
