/**
 * @module notice-email
 * A reminder or dunning notice as an e-mail: the stage's template as plain text and as HTML, the
 * statement of claims as a small table in both, and the letter as a PDF attachment — the same
 * wording the letter has, so an e-mail and a letter of one notice never say different things.
 *
 * @example
 * const message = composeNoticeEmail(document, pdf);
 */
import { formatCalendarDate, type CalendarDate } from '../domain/calendar-date.ts';
import { formatMoney } from '../domain/format-money.ts';
import { Money } from '../domain/money.ts';
import { fillNoticeTemplate, type RenderNoticePdfInput, splitAtClaims } from '../documents/notice-pdf.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: Uint8Array; contentType: string }[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function composeNoticeEmail(
  document: RenderNoticePdfInput,
  to: string,
  pdf: Uint8Array,
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
  return {
    to,
    subject: filled.subject,
    text: [...withTable.map((p) => p ?? textTable), attachmentNote].join('\n\n') + '\n',
    html:
      `<html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px">` +
      withTable
        .map((p) => (p === null ? htmlTable : `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`))
        .join('') +
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
