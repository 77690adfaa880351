/**
 * @module notice-email
 * A reminder or dunning notice as an e-mail: the stage's template as plain text and as HTML, the
 * statement of claims as a small table in both, and the letter as a PDF attachment — the same
 * wording the letter has, so an e-mail and a letter of one notice never say different things.
 * With a portal link (`options.portalUrl`, made for this e-mail as it leaves: see
 * portal-link-service), the e-mail invites the customer to the self-service portal, where the
 * invoices can be seen and paid, a payment reported, an invoice disputed or a plan proposed.
 * Also the reminder of an instalment before its due date: amount, day, payment reference and
 * bank account in words, and the EPC QR code (GiroCode) as an inline image.
 *
 * @example
 * const message = composeNoticeEmail(document, pdf);
 * const reminder = composeInstalmentReminderEmail(reminderDocument, 'a@b.example', qrPng);
 */
import { formatCalendarDate, type CalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import { formatIban } from '../documents/letter-pdf.ts';
import { fillNoticeTemplate, type RenderNoticePdfInput, splitAtClaims } from '../documents/notice-pdf.ts';
import type { InstalmentReminderDocument } from '../services/instalment-plan-service.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** With a `cid`, an image the HTML shows inline (`<img src="cid:…">`). */
  attachments: { filename: string; content: Uint8Array; contentType: string; cid?: string }[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PORTAL_TEXT = {
  de: {
    intro:
      'In unserem Kundenportal sehen Sie Ihre offenen Rechnungen und Schreiben und können bezahlen, ' +
      'eine bereits geleistete Zahlung melden, einer Rechnung widersprechen oder eine Ratenzahlung vorschlagen:',
    note: 'Der Link ist persönlich; bitte geben Sie ihn nicht weiter.',
  },
  en: {
    intro:
      'In our customer portal you can see your open invoices and letters, pay, tell us about a payment ' +
      'already made, dispute an invoice or propose an instalment plan:',
    note: 'The link is personal; please do not pass it on.',
  },
};

export interface ComposeNoticeEmailOptions {
  /** The customer's personal portal link; absent or null: the e-mail names no portal. */
  portalUrl?: string | null;
}

export function composeNoticeEmail(
  document: RenderNoticePdfInput,
  to: string,
  pdf: Uint8Array,
  options: ComposeNoticeEmailOptions = {},
): EmailMessage {
  const language = document.customer.language;
  const money = (cents: number) => formatMoney(Money.of(cents, document.notice.currency), language);
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  const filled = fillNoticeTemplate(document);
  const header = language === 'de' ? ['Rechnung', 'fällig', 'offen'] : ['Invoice', 'due', 'open'];
  const rows = document.items.map((item) => [item.invoiceNumber, date(item.dueDate), money(item.totalCents)]);
  const totalLabel = language === 'de' ? 'Gesamtbetrag' : 'Total due';
  const textTable = [
    ...rows.map((r) => `${r[0]}  ${language === 'de' ? 'fällig' : 'due'} ${r[1]}  ${r[2]}`),
    ...(document.notice.feeCents > 0
      ? [`${language === 'de' ? 'Mahngebühr' : 'Dunning fee'}  ${money(document.notice.feeCents)}`]
      : []),
    `${totalLabel}: ${money(document.notice.totalCents)}`,
  ].join('\n');
  const htmlTable =
    `<table cellpadding="4" style="border-collapse:collapse"><tr>${header.map((h) => `<th align="left">${escapeHtml(h)}</th>`).join('')}</tr>` +
    rows
      .map(
        (r) =>
          `<tr>${r.map((c, i) => `<td${i === 2 ? ' align="right"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`,
      )
      .join('') +
    (document.notice.feeCents > 0
      ? `<tr><td colspan="2">${escapeHtml(language === 'de' ? 'Mahngebühr' : 'Dunning fee')}</td><td align="right">${escapeHtml(money(document.notice.feeCents))}</td></tr>`
      : '') +
    `<tr><td colspan="2"><b>${escapeHtml(totalLabel)}</b></td><td align="right"><b>${escapeHtml(money(document.notice.totalCents))}</b></td></tr></table>`;
  // The statement goes where the letter has it: at {{claims}}, else before the closing.
  const [before, after] = splitAtClaims(filled.body);
  const withTable: (string | null)[] = [...before, null, ...after];
  const attachmentNote =
    language === 'de'
      ? 'Das Schreiben finden Sie auch als PDF im Anhang.'
      : 'The letter is attached as a PDF.';
  const portal = options.portalUrl ? { url: options.portalUrl, ...PORTAL_TEXT[language] } : null;
  return {
    to,
    subject: filled.subject,
    text:
      [
        ...withTable.map((p) => p ?? textTable),
        ...(portal ? [`${portal.intro}\n${portal.url}\n${portal.note}`] : []),
        attachmentNote,
      ].join('\n\n') + '\n',
    html:
      `<html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px">` +
      withTable
        .map((p) => (p === null ? htmlTable : `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`))
        .join('') +
      (portal
        ? `<p>${escapeHtml(portal.intro)}<br><a href="${escapeHtml(portal.url)}">${escapeHtml(portal.url)}</a><br>` +
          `<span style="color:#555">${escapeHtml(portal.note)}</span></p>`
        : '') +
      `<p style="color:#555">${escapeHtml(attachmentNote)}</p></body></html>`,
    attachments: [
      {
        filename: `${filled.subject.replace(/[^A-Za-z0-9ÄÖÜäöüß._ -]+/g, '').trim() || 'Schreiben'} ${document.customer.number}.pdf`,
        content: pdf,
        contentType: 'application/pdf',
      },
    ],
  };
}

const REMINDER_TEXT = {
  de: {
    subject: (what: string, date: string) => `Erinnerung: ${what} fällig am ${date}`,
    instalment: (n: number, of: number) => `Rate ${n} von ${of}`,
    down: 'Anzahlung',
    greeting: 'Sehr geehrte Damen und Herren,',
    body: (what: string, plan: number, agreed: string, date: string, amount: string) =>
      `wir möchten Sie freundlich daran erinnern, dass am ${date} die ${what} aus unserer Ratenzahlungsvereinbarung Nr. ${plan} vom ${agreed} fällig wird. Bitte überweisen Sie ${amount} bis zum ${date}.`,
    payee: 'Empfänger',
    amount: 'Betrag',
    reference: 'Verwendungszweck',
    qr: 'Mit diesem GiroCode erfassen Sie die Überweisung in Ihrer Banking-App:',
    already: 'Haben Sie die Rate bereits überwiesen, betrachten Sie diese E-Mail bitte als gegenstandslos.',
    closing: 'Mit freundlichen Grüßen',
  },
  en: {
    subject: (what: string, date: string) => `Reminder: ${what} due on ${date}`,
    instalment: (n: number, of: number) => `instalment ${n} of ${of}`,
    down: 'down payment',
    greeting: 'Dear Sir or Madam,',
    body: (what: string, plan: number, agreed: string, date: string, amount: string) =>
      `we would like to remind you that the ${what} under our instalment agreement no. ${plan} of ${agreed} falls due on ${date}. Please transfer ${amount} by ${date}.`,
    payee: 'Payee',
    amount: 'Amount',
    reference: 'Reference',
    qr: 'Scan this GiroCode with your banking app to fill in the transfer:',
    already: 'If you have already paid the instalment, please disregard this e-mail.',
    closing: 'Kind regards',
  },
};

/** The content id of the EPC QR code in a reminder's HTML. */
export const REMINDER_QR_CID = 'girocode@mahnwerk';

/**
 * The reminder of an instalment shortly before its due date. `qrPng`: the EPC QR code of the
 * transfer (null when the company has no bank account on file; the e-mail then names none).
 */
export function composeInstalmentReminderEmail(
  reminder: InstalmentReminderDocument,
  to: string,
  qrPng: Uint8Array | null,
): EmailMessage {
  const language = reminder.customer.language;
  const t = REMINDER_TEXT[language];
  const money = formatMoney(Money.of(reminder.instalment.openCents, reminder.currency), language);
  const date = (d: CalendarDate) => formatCalendarDate(d, language);
  const { number, of, dueDate } = reminder.instalment;
  const what = number === 0 ? t.down : t.instalment(number, of);
  const bank = reminder.company.bank;
  const referenceText = reminder.reference
    ? reminder.reference.replace(/(.{4})/g, '$1 ').trim()
    : (reminder.text ?? '');
  const details: [string, string][] = [
    ...(bank
      ? ([
          [t.payee, reminder.company.name],
          ['IBAN', formatIban(bank.iban)],
          ...(bank.bic ? ([['BIC', bank.bic]] as [string, string][]) : []),
        ] as [string, string][])
      : []),
    [t.amount, money],
    [t.reference, referenceText],
  ];
  const intro = t.body(what, reminder.planId, date(reminder.agreedOn), date(dueDate), money);
  const text = [
    t.greeting,
    intro,
    details.map(([k, v]) => `${k}: ${v}`).join('\n'),
    t.already,
    `${t.closing}\n${reminder.company.name}`,
  ].join('\n\n');
  const html =
    `<html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px">` +
    `<p>${escapeHtml(t.greeting)}</p><p>${escapeHtml(intro)}</p>` +
    `<table cellpadding="4" style="border-collapse:collapse">` +
    details.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td><b>${escapeHtml(v)}</b></td></tr>`).join('') +
    `</table>` +
    (qrPng
      ? `<p>${escapeHtml(t.qr)}</p><p><img src="cid:${REMINDER_QR_CID}" width="180" height="180" alt="GiroCode"></p>`
      : '') +
    `<p>${escapeHtml(t.already)}</p><p>${escapeHtml(t.closing)}<br>${escapeHtml(reminder.company.name)}</p>` +
    `</body></html>`;
  return {
    to,
    subject: t.subject(what.charAt(0).toUpperCase() + what.slice(1), date(dueDate)),
    text: text + '\n',
    html,
    attachments: qrPng
      ? [{ filename: 'girocode.png', content: qrPng, contentType: 'image/png', cid: REMINDER_QR_CID }]
      : [],
  };
}
