/**
 * @module portal-email
 * E-mails of the customer portal: the one-time code a link may ask for (to the customer, in the
 * customer's language) and the note to the credit controller about a portal action (German, like
 * the tasks). Both are queued in the outbox as the finished message (`PortalMessagePayload`) — the
 * code must be in the e-mail, so it is in the queued body until sent, and nowhere else.
 *
 * @example
 * const payload = portalCodeMessage({ to: 'kunde@example.test', language: 'de', company: 'Muster GmbH', code: '123456', customerId: 7 });
 * const message = composePortalMessage(payload); // what the outbox worker sends
 */
import type { EmailMessage } from './notice-email.ts';

/** An outbox payload that is the whole message; the worker sends it as it is. */
export interface PortalMessagePayload {
  type: 'portal-message';
  customerId: number;
  to: string;
  subject: string;
  text: string;
}

export function isPortalMessagePayload(payload: unknown): payload is PortalMessagePayload {
  const p = payload as Partial<PortalMessagePayload> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    p.type === 'portal-message' &&
    typeof p.to === 'string' &&
    typeof p.subject === 'string' &&
    typeof p.text === 'string'
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The message of a queued payload: its text, and the same as simple HTML paragraphs. */
export function composePortalMessage(payload: PortalMessagePayload): EmailMessage {
  const paragraphs = payload.text.trim().split(/\n{2,}/);
  return {
    to: payload.to,
    subject: payload.subject,
    text: payload.text.endsWith('\n') ? payload.text : `${payload.text}\n`,
    html:
      `<html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px">` +
      paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('') +
      `</body></html>`,
    attachments: [],
  };
}

const CODE_TEXT = {
  de: {
    subject: (company: string) => `Ihr Zugangscode für das Kundenportal von ${company}`,
    body: (code: string, minutes: number) =>
      `Guten Tag,\n\nIhr Zugangscode lautet: ${code}\n\nEr gilt ${minutes} Minuten und nur einmal. ` +
      'Haben Sie keinen Code angefordert, können Sie diese E-Mail ignorieren.',
  },
  en: {
    subject: (company: string) => `Your access code for the customer portal of ${company}`,
    body: (code: string, minutes: number) =>
      `Hello,\n\nyour access code is: ${code}\n\nIt is valid for ${minutes} minutes and once only. ` +
      'If you did not ask for a code, please ignore this e-mail.',
  },
};

export function portalCodeMessage(input: {
  to: string;
  language: 'de' | 'en';
  company: string;
  code: string;
  minutes: number;
  customerId: number;
}): PortalMessagePayload {
  const t = CODE_TEXT[input.language];
  return {
    type: 'portal-message',
    customerId: input.customerId,
    to: input.to,
    subject: t.subject(input.company),
    text: `${t.body(input.code, input.minutes)}\n\n${input.company}\n`,
  };
}

/** The credit controller's note about a portal action: what happened, and that a task waits. */
export function portalNotificationMessage(input: {
  to: string;
  customerId: number;
  customerNumber: string;
  customerName: string;
  what: string;
}): PortalMessagePayload {
  return {
    type: 'portal-message',
    customerId: input.customerId,
    to: input.to,
    subject: `Kundenportal: ${input.customerName} (${input.customerNumber})`,
    text:
      `Im Kundenportal hat ${input.customerName} (Kunde ${input.customerNumber}) gerade Folgendes getan:\n\n` +
      `${input.what}\n\nEine Aufgabe dazu liegt in Mahnwerk bereit.\n`,
  };
}
